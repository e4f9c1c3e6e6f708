#!/bin/bash
# CLI test: keygrader parse-review. Usage: bash parse_review.sh /path/to/keygrader (cwd = repo root)
set -u
KG="$1"
FIX=tests/fixtures/reviews
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {
    local what="$1"; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

"$KG" parse-review $FIX/en-severity-sections.md --json >"$TMP/en.json" 2>"$TMP/err"
check "English review exits 0" test $? -eq 0
check "English review JSON" python3 - "$TMP/en.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in ["title", "line_count", "findings"]:
    assert k in d, k
assert d["title"] == "Reliability Review: Payments Platform"
assert d["line_count"] == 40
f = d["findings"]
assert len(f) == 4, f
for x in f:
    for k in ["id", "title", "severity", "level", "line_start", "line_end"]:
        assert k in x, k
assert f[0] == {"id": "C1", "title": "No circuit breaker on the card network client", "severity": "Critical",
                "level": 4, "line_start": 9, "line_end": 18}, f[0]
assert f[1]["severity"] == "Moderate"
assert f[2]["id"] == "" and f[2]["severity"] == "Minor"
PY

"$KG" parse-review $FIX/ja-sections.md --json >"$TMP/ja.json"
check "Japanese review JSON" python3 -c "
import json; d = json.load(open('$TMP/ja.json', encoding='utf-8'))
f = d['findings']
assert [x['id'] for x in f] == ['1', '2', '', 'L-3'], f
assert f[0]['title'] == '在庫引当が冪等でない' and f[0]['severity'] == 'Critical'"

# Prompt and run come from the file name.
cp $FIX/table-findings.md "$TMP/v008-variant-redteam-run2.md"
"$KG" parse-review "$TMP/v008-variant-redteam-run2.md" --json >"$TMP/pr.json"
check "prompt and run from file name" python3 -c "
import json; d = json.load(open('$TMP/pr.json'))
assert d['prompt'] == 'v008-variant-redteam' and d['run'] == 2, d
assert len(d['findings']) == 3 and d['findings'][0]['level'] == 0"

# The shipped samples all parse with findings.
for f in assets/reviews/v008-*.md; do
    n=$("$KG" parse-review "$f" --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['findings']))")
    check "$f has findings ($n)" test "$n" -ge 8
done

# Bad input: exit 2 with one clear line.
printf 'ok\nok\n\xff\n' >"$TMP/bad.md"
"$KG" parse-review "$TMP/bad.md" --json >/dev/null 2>"$TMP/err"
check "invalid UTF-8 exits 2" test $? -eq 2
check "invalid UTF-8 message" test "$(cat "$TMP/err")" = "keygrader: $TMP/bad.md: line 3: invalid UTF-8"
: >"$TMP/empty.md"
"$KG" parse-review "$TMP/empty.md" >/dev/null 2>"$TMP/err"
check "empty review exits 2" test $? -eq 2
check "empty review message" test "$(cat "$TMP/err")" = "keygrader: $TMP/empty.md: empty file"
"$KG" parse-review >/dev/null 2>&1
check "no file is a usage error" test $? -eq 1

# Readable summary.
"$KG" parse-review $FIX/en-numbered.md >"$TMP/summary"
check "summary lists ids" grep -q "2.1" "$TMP/summary"

exit $fail
