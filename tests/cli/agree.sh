#!/usr/bin/env bash
# `keygrader agree`: the judge's parsed verdicts and arithmetic audit, agreement with a
# workspace, and one clear line (exit 2) for reports it cannot read.
# Usage: bash tests/cli/agree.sh /path/to/keygrader   (cwd = repo root)
set -u
KG=${1:?usage: agree.sh /path/to/keygrader}
KEY=keys/answer-key-round-008.md
WS=tests/fixtures/workspace/sample-v2.json
J=tests/fixtures/judge
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# JSON checks are Python expressions over `d` (the parsed output).
check_json() {  # file expr message
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" \
        || fail "$3 ($(head -c 400 "$1"))"
}

# --- usage -------------------------------------------------------------------------------
"$KG" agree --judge "$J/scoring-v008-baseline.md" >/dev/null 2>&1
[ $? -eq 1 ] || fail "missing --key must exit 1"
"$KG" agree --key "$KEY" --judge >/dev/null 2>&1
[ $? -eq 1 ] || fail "--judge without a value must exit 1"

# --- the baseline sample: verdicts, totals, the run 2 slip ---------------------------------
"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --json > "$TMP/base.json" 2> "$TMP/err" \
    || fail "agree on the baseline sample failed: $(cat "$TMP/err")"
check_json "$TMP/base.json" "len(d['runs']) == 2 and d['prompt'] == 'v008-baseline'" "two runs"
check_json "$TMP/base.json" "[p['verdict'] for p in d['runs'][0]['problems']] == ['detected']*5 + ['partial','missed','detected','missed']" "run 1 verdicts"
check_json "$TMP/base.json" "[p['id'] for p in d['runs'][1]['problems']] == ['P0%d' % i for i in range(1, 10)]" "ids in key order"
check_json "$TMP/base.json" "d['runs'][0]['bonus'] == 3 and d['runs'][0]['penalty'] == 1 and d['runs'][0]['score'] == 7.5" "run 1 bonus/penalty/score"
check_json "$TMP/base.json" "d['runs'][0]['arithmetic_ok'] is True and d['runs'][0]['issues'] == []" "run 1 is consistent"
check_json "$TMP/base.json" "d['runs'][1]['stated_detection'] == 6.0 and d['runs'][1]['recomputed_detection'] == 5.5" "run 2 detection stated vs recomputed"
check_json "$TMP/base.json" "d['runs'][1]['score'] == 6.5 and d['runs'][1]['recomputed_score'] == 6.0" "run 2 score stated vs recomputed"
check_json "$TMP/base.json" "d['runs'][1]['arithmetic_ok'] is False and {i['kind'] for i in d['runs'][1]['issues']} == {'detection','score'}" "run 2 flagged"
check_json "$TMP/base.json" "all(i['line'] > 0 for i in d['runs'][1]['issues'])" "issues carry line numbers"
check_json "$TMP/base.json" "d['prompts'][0]['recomputed_mean'] == 6.75 and d['prompts'][0]['arithmetic_ok'] is False" "mean audit"
check_json "$TMP/base.json" "'agreement' not in d" "no agreement without a workspace"

# --- Japanese column-per-run sample and the revised mixed sample ---------------------------
"$KG" agree --key "$KEY" --judge "$J/scoring-v008-variant-redteam.md" --json > "$TMP/red.json" || fail "redteam sample"
check_json "$TMP/red.json" "[r['score'] for r in d['runs']] == [7.5, 9.0] and all(r['arithmetic_ok'] for r in d['runs'])" "redteam totals"
"$KG" agree --key "$KEY" --judge "$J/scoring-mixed-revised.md" --json > "$TMP/mix.json" || fail "mixed sample"
check_json "$TMP/mix.json" "d['runs'][0]['problems'][2]['verdict'] == 'partial' and d['runs'][0]['recomputed_detection'] == 6.0" "revised run 1 applied"
check_json "$TMP/mix.json" "all(r['arithmetic_ok'] for r in d['runs']) and len(d['notes']) == 1" "mixed sample consistent, revision noted"

# --- agreement with a workspace -----------------------------------------------------------
"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --workspace "$WS" --json > "$TMP/agree.json" \
    || fail "agree with a workspace"
check_json "$TMP/agree.json" "d['agreement']['n'] == 18 and d['agreement']['disagreements'] == [{'prompt':'v008-baseline','run':1,'id':'P03','judge':'detected','human':'partial','line':15}]" "baseline disagreement"
check_json "$TMP/agree.json" "[s['diff'] for s in d['agreement']['score_diff']] == [0.5, 0.5]" "score differences"
check_json "$TMP/agree.json" "sum(map(sum, d['agreement']['confusion'])) == 18" "confusion matrix"

"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --judge "$J/scoring-v008-variant-redteam.md" \
    --workspace "$WS" --json > "$TMP/pooled.json" || fail "pooled reports"
check_json "$TMP/pooled.json" "d['agreement']['n'] == 36 and abs(d['agreement']['kappa'] - 0.8494) < 1e-3" "pooled kappa 0.849 (README)"
check_json "$TMP/pooled.json" "d['agreement']['confusion'] == [[21,0,0],[2,6,1],[0,0,6]]" "pooled confusion (README)"

"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --judge "$J/scoring-v008-variant-redteam.md" \
    --prompt v008-variant-redteam --json > "$TMP/one.json" || fail "--prompt"
check_json "$TMP/one.json" "[r['prompt'] for r in d['runs']] == ['v008-variant-redteam']*2" "--prompt keeps one prompt"

# --- text output --------------------------------------------------------------------------
"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --workspace "$WS" > "$TMP/text" || fail "text output"
grep -q "ARITHMETIC DISAGREES" "$TMP/text" || fail "text names the arithmetic slip"
grep -q "stated detection subtotal 6.0" "$TMP/text" || fail "text gives the stated subtotal"
grep -q "Cohen's kappa" "$TMP/text" || fail "text gives kappa"

# --- unit fixtures: bonus cap, ambiguous tables -------------------------------------------
UK=$J/unit/key-4.md
"$KG" agree --key "$UK" --judge "$J/unit/bonus-cap.md" --json > "$TMP/cap.json" || fail "bonus cap fixture"
check_json "$TMP/cap.json" "d['runs'][0]['bonus'] == 7 and d['runs'][0]['recomputed_score'] == 5.0 and 'bonus_cap' in [i['kind'] for i in d['runs'][0]['issues']]" "bonus cap"
"$KG" agree --key "$UK" --judge "$J/unit/ambiguous.md" --json > "$TMP/amb.json" || fail "ambiguous fixture"
check_json "$TMP/amb.json" "any(w['message'].startswith('ambiguous: two tables for run 1 disagree (lines 5 and 14)') for w in d['warnings'])" "ambiguous warning"

# --- unreadable reports: exit 2, one line naming the file ----------------------------------
printf 'abc\0def\n' > "$TMP/binary.md"
printf '## Run 1\n\n| ID | Detection |\n|---|---|\n| P01 | \xff |\n' > "$TMP/latin1.md"
for bad in "$TMP/binary.md" "$TMP/latin1.md" "$J/unit/no-tables.md" "$J/unit/unknown-ids.md" "$TMP/missing.md"; do
    "$KG" agree --key "$KEY" --judge "$bad" --json > "$TMP/out" 2> "$TMP/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$bad: exit $rc, expected 2"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] || fail "$bad: stderr must be one line: $(cat "$TMP/err")"
    grep -qF "$bad" "$TMP/err" || fail "$bad: stderr must name the file: $(cat "$TMP/err")"
    [ ! -s "$TMP/out" ] || fail "$bad: nothing on stdout"
done
"$KG" agree --key "$KEY" --judge "$J/scoring-v008-baseline.md" --workspace "$TMP/binary.md" > /dev/null 2> "$TMP/err"
[ $? -eq 2 ] || fail "a bad workspace must exit 2"

echo "agree: ok"
