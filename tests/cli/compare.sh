#!/usr/bin/env bash
# `keygrader compare`: the prompt comparison of a real graded workspace
# (tests/fixtures/workspace/sample-v2.json, graded as assets/reviews/LABELS.md says), a
# three-round workspace derived from it (trend and convergence), JSON output, and exit code 2
# with one line naming the file for bad workspaces.
# Usage: bash tests/cli/compare.sh /path/to/keygrader   (cwd = repository root)
set -u
KG=${1:?usage: compare.sh /path/to/keygrader}
SAMPLE=tests/fixtures/workspace/sample-v2.json
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { checks=$((checks + 1)); }

run() {   # run ARGS... : sets $rc, $out, $err
    "$KG" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}
expect_rc() {
    check
    [ "$rc" -eq "$1" ] || fail "$2: exit $rc, expected $1 (stderr: $err)"
}
expect_out() {
    check
    grep -qF -- "$1" "$TMP/out" || fail "$2: stdout lacks '$1'"
}
expect_err_line() {   # stderr is exactly one line holding the needle, stdout empty
    check
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$2: stderr is not one line: $err"
    grep -qF -- "$1" "$TMP/err" || fail "$2: stderr lacks '$1': $err"
    [ -s "$TMP/out" ] && fail "$2: stdout should be empty"
}

# ---- one round: the numbers of LABELS.md ----------------------------------------------------
run compare "$SAMPLE"
expect_rc 0 "markdown"
expect_out "## Round 8 — reliability (answer-key-round-008.md)" "round heading"
expect_out "| v008-baseline (baseline) | 7.0 / 6.0 | 6.5 | 0.5 | high | 3 / 2 | 1 / 1 |" "baseline row"
expect_out "| v008-variant-redteam | 8.0 / 8.5 | 8.25 | 0.25 | high | 3 / 4 | 1 / 1 |" "variant row"
expect_out "| P02 Missing idempotency design for DR event webhook processing | ○/△ | ○/○ | 88% |" "matrix row"
expect_out "| P07 Missing SLO/SLA definitions and alerting thresholds | ×/× | △/○ | 38% |" "matrix row P07"
expect_out "**Recommendation:** v008-variant-redteam." "recommendation"
expect_out "**Convergence:** Insufficient data" "one round cannot converge"
check
[ -s "$TMP/err" ] && fail "a fully graded workspace should print no warning: $err"
run compare --markdown "$SAMPLE"
expect_rc 0 "--markdown first"
expect_out "# Prompt comparison" "explicit markdown"

run compare "$SAMPLE" --json
expect_rc 0 "json"
check
node -e '
const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = c.rounds[0];
const ok = r.round === 8 && r.prompts.length === 2 && r.prompts[0].baseline === true &&
  r.prompts[0].mean === 6.5 && r.prompts[1].sd === 0.25 && r.prompts[1].bonus === 7 &&
  r.matrix.length === 9 && r.matrix[1].cells[0].text === "○/△" &&
  r.matrix[1].cells[0].rate === 0.75 && r.recommendation.prompt === "v008-variant-redteam" &&
  c.trends[0].convergence === "insufficient data" && c.warnings.length === 0;
process.exit(ok ? 0 : 1);' "$TMP/out" || fail "json content: $out"

# ---- three rounds of one perspective: rounds 6 and 7 are copies with other grades ----------
# Best means: round 6 = 7.75, round 7 = 8.0, round 8 = 8.25 -> +0.25 twice -> may have converged.
node -e '
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const ws = doc.workspace;
const key = ws.keys[0];
const rounds = [[6, 0.5], [7, 0.25]];   // round, points taken from every run
for (const [round, minus] of rounds) {
  const tag = String(round).padStart(3, "0");
  const name = key.name.replace("008", tag);
  ws.keys.push({ name, text: key.text.replace("Round 008", "Round " + tag) });
  for (const r of ws.reviews.slice(0, 4)) {
    const copy = JSON.parse(JSON.stringify(r));
    copy.name = r.name.replace("v008", "v" + tag);
    copy.prompt = r.prompt.replace("v008", "v" + tag);
    copy.key_name = name;
    // One ○ becomes △ (-0.5) or one bonus item goes (-0.5), per run.
    if (minus === 0.5) copy.grades.find(g => g.verdict === "detected").verdict = "partial";
    else if (copy.prompt.includes("redteam") && copy.run === 2) copy.bonus.pop();
    ws.reviews.push(copy);
  }
}
fs.writeFileSync(process.argv[2], JSON.stringify(doc));' "$SAMPLE" "$TMP/rounds.json" ||
    fail "could not build the three-round workspace"
run compare "$TMP/rounds.json"
expect_rc 0 "three rounds"
expect_out "## Round 6 — reliability (answer-key-round-006.md)" "round 6 section"
expect_out "| 6 | answer-key-round-006.md | v006-variant-redteam | 7.75 | — |" "trend round 6"
expect_out "| 7 | answer-key-round-007.md | v007-variant-redteam | 8.0 | +0.25 |" "trend round 7"
expect_out "| 8 | answer-key-round-008.md | v008-variant-redteam | 8.25 | +0.25 |" "trend round 8"
expect_out "**Convergence:** May have converged" "convergence"
run compare "$TMP/rounds.json" --json
expect_rc 0 "three rounds json"
check
node -e '
const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const t = c.trends[0];
const ok = c.rounds.length === 3 && c.trends.length === 1 && t.points.length === 3 &&
  t.points.map(p => p.round).join() === "6,7,8" && t.points[2].change === 0.25 &&
  t.convergence === "may have converged";
process.exit(ok ? 0 : 1);' "$TMP/out" || fail "three rounds json: $out"

# ---- bad input: exit 2, one line naming the file -------------------------------------------
run compare "$TMP/absent.json"
expect_rc 2 "missing file"
expect_err_line "$TMP/absent.json" "missing file"

head -c 2000 "$SAMPLE" >"$TMP/truncated.json"
run compare "$TMP/truncated.json"
expect_rc 2 "truncated"
expect_err_line "$TMP/truncated.json: not JSON (line " "truncated"

sed 's/"version": 2,/"version": 99,/' "$SAMPLE" >"$TMP/future.json"
run compare "$TMP/future.json"
expect_rc 2 "future"
expect_err_line "$TMP/future.json: saved by a newer KeyGrader" "future"

cp keys/answer-key-round-008.md "$TMP/key.md"
run compare "$TMP/key.md"
expect_rc 2 "markdown given as workspace"
expect_err_line "$TMP/key.md: not JSON" "markdown given as workspace"

# ---- usage errors: exit 1 --------------------------------------------------------------------
run compare
expect_rc 1 "no file"
run compare "$SAMPLE" --csv
expect_rc 1 "unknown option"
run compare "$SAMPLE" "$SAMPLE"
expect_rc 1 "two files"

echo "compare.sh: $((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
