#!/usr/bin/env bash
# `keygrader score`: reports from a real graded workspace (tests/fixtures/workspace/sample-v2.json,
# the four sample reviews graded as assets/reviews/LABELS.md says), a migrated version 1 file,
# and exit code 2 with one line naming the file for bad, corrupt and future workspaces.
# Usage: bash tests/cli/score.sh /path/to/keygrader   (cwd = repository root)
set -u
KG=${1:?usage: score.sh /path/to/keygrader}
SAMPLE=tests/fixtures/workspace/sample-v2.json
V1=tests/fixtures/workspace/v1.json
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); }

# run ARGS... : sets $rc, $out (stdout) and $err (stderr)
run() {
    "$KG" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}

expect_rc() {   # expected-rc description
    check
    [ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1 (stderr: $err)"
}

expect_out() {   # needle description
    check
    grep -qF -- "$1" "$TMP/out" || fail "$2: stdout lacks '$1'"
}

expect_err_line() {   # needle description: stderr is exactly one line holding needle
    check
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$2: stderr is not one line: $err"
    grep -qF -- "$1" "$TMP/err" || fail "$2: stderr lacks '$1': $err"
    [ -s "$TMP/out" ] && fail "$2: stdout should be empty"
}

# ---- a real grading: summary lines equal the totals in LABELS.md ----------------------------
run score "$SAMPLE" --summary
expect_rc 0 "summary"
expected='v008-baseline: Mean=6.5, SD=0.5
Run1=7.0(detection 6.0+bonus 1.5-penalty 0.5), Run2=6.0(detection 5.5+bonus 1.0-penalty 0.5)
v008-variant-redteam: Mean=8.25, SD=0.25
Run1=8.0(detection 7.0+bonus 1.5-penalty 0.5), Run2=8.5(detection 7.0+bonus 2.0-penalty 0.5)'
check
[ "$out" = "$expected" ] || fail "summary differs:
$out"
check
[ -s "$TMP/err" ] && fail "a fully graded workspace should print no warning: $err"

# ---- Markdown is the default -----------------------------------------------------------------
run score "$SAMPLE"
expect_rc 0 "markdown"
expect_out "# Scoring Report: Answer Key - Round 008" "markdown title"
expect_out "## v008-baseline (baseline)" "baseline section"
expect_out "| Problem ID | Title | Detection | Score | Justification |" "matrix header"
expect_out "| P01 | No circuit breaker for WeatherAPI calls | ○ | 1.0 | C1 names the missing circuit breaker" "matrix row"
expect_out "| P05 | No timeout configuration for BMS SOAP API calls | △ | 0.5 | M1: タイムアウト" "Japanese justification"
expect_out "1. B02: M2 — Prometheus single server" "bonus item with key id"
expect_out "**Detection Subtotal**: 5.5" "detection subtotal"
expect_out "**Run2 Score**: 8.5" "run total"
expect_out "- **Mean**: 8.25" "mean"
expect_out "- **Stability**: high (SD ≤ 0.5)" "stability"
expect_out "**Recommended**: v008-variant-redteam" "recommendation"
expect_out "more than 1.0 point" "recommendation rule"
run score --markdown "$SAMPLE"
expect_rc 0 "--markdown before the file"
expect_out "**Run1 Score**: 7.0" "explicit markdown"

# ---- CSV ---------------------------------------------------------------------------------
run score "$SAMPLE" --csv
expect_rc 0 "csv"
check
[ "$(head -n1 "$TMP/out")" = $'key,review,prompt,run,problem_id,verdict,score,note\r' ] ||
    fail "csv header: $(head -n1 "$TMP/out")"
check
[ "$(wc -l <"$TMP/out")" -eq 37 ] || fail "csv should have 1 + 4 x 9 records"
expect_out "answer-key-round-008.md,v008-variant-redteam-run2.md,v008-variant-redteam,2,P09,missed,0.0,キャッシュやデータ鮮度への言及がない。" "csv Japanese row"
expect_out 'v008-baseline-run1.md,v008-baseline,1,P03,partial,0.5,"S3 covers consumer crash/restart and lag, but' "csv quoted note"

# ---- JSON --------------------------------------------------------------------------------
run score "$SAMPLE" --json
expect_rc 0 "json"
check
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const k = s.keys[0];
const ok = k.problems.length === 9 && k.reviews.length === 4 &&
  k.prompts[0].prompt === "v008-baseline" && k.prompts[0].mean === 6.5 &&
  k.prompts[1].mean === 8.25 && k.prompts[1].stability === "high" &&
  k.recommendation.prompt === "v008-variant-redteam" && k.recommendation.difference === 1.75 &&
  k.reviews[3].verdicts[6] === "detected" && s.warnings.length === 0;
process.exit(ok ? 0 : 1);' "$TMP/out" || fail "json content"

# ---- an older file is migrated and scored ----------------------------------------------------
run score "$V1" --summary
expect_rc 0 "v1"
check
[ "$(head -n1 "$TMP/out")" = "v001-baseline: Mean=1.0, SD=0.0" ] || fail "v1 summary: $out"

# ---- bad input: exit 2, one line on stderr naming the file -----------------------------------
run score "$TMP/absent.json"
expect_rc 2 "missing file"
expect_err_line "$TMP/absent.json" "missing file"

head -c 3000 "$SAMPLE" >"$TMP/truncated.json"
run score "$TMP/truncated.json"
expect_rc 2 "truncated"
expect_err_line "$TMP/truncated.json: not JSON (line " "truncated"

printf '{"format": "keygrader-workspace",\n "version": 2,\n "workspace": {,}}\n' >"$TMP/corrupt.json"
run score "$TMP/corrupt.json"
expect_rc 2 "corrupt"
expect_err_line "$TMP/corrupt.json: not JSON (line 3, column 16: " "corrupt"

sed 's/"version": 2,/"version": 99,/' "$SAMPLE" >"$TMP/future.json"
run score "$TMP/future.json"
expect_rc 2 "future"
expect_err_line "$TMP/future.json: saved by a newer KeyGrader (version 99; this one reads up to 3)" "future"

printf '{"format": "something-else", "version": 1}' >"$TMP/foreign.json"
run score "$TMP/foreign.json"
expect_rc 2 "foreign"
expect_err_line "$TMP/foreign.json: not a KeyGrader workspace" "foreign"

sed '0,/"theme": "dark"/s//"colour": "dark"/' "$SAMPLE" >"$TMP/missing-field.json"
run score "$TMP/missing-field.json"
expect_rc 2 "missing field"
expect_err_line 'missing field "workspace.theme"' "missing field"

cp keys/answer-key-round-008.md "$TMP/key.md"
run score "$TMP/key.md"
expect_rc 2 "markdown given as workspace"
expect_err_line "$TMP/key.md: not JSON (line 1, column 1: " "markdown given as workspace"

# ---- usage errors: exit 1 --------------------------------------------------------------------
run score
expect_rc 1 "no file"
run score "$SAMPLE" --pdf
expect_rc 1 "unknown option"
run score "$SAMPLE" "$V1"
expect_rc 1 "two files"

echo "score.sh: $((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
