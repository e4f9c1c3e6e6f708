#!/bin/bash
# CLI test: keygrader parse-key. Usage: bash parse_key.sh /path/to/keygrader (cwd = repo root)
set -u
KG="$1"
FIX=tests/fixtures/keys
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {   # check "description" command...
    local what="$1"; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}

# The real key: exit 0, the JSON shape of issue 2, 9 problems with all criteria, 7 bonus, no warnings.
"$KG" parse-key keys/answer-key-round-008.md --json >"$TMP/key.json" 2>"$TMP/err"
check "real key exits 0" test $? -eq 0
check "real key writes nothing on stderr" test ! -s "$TMP/err"
check "real key JSON" python3 - "$TMP/key.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for k in ["title", "round", "perspective", "target", "declared_problems", "problems", "bonus", "warnings"]:
    assert k in d, k
assert d["title"] == "Answer Key - Round 008" and d["round"] == 8, d["title"]
assert d["perspective"] == "reliability" and d["target"] == "design"
assert d["declared_problems"] == 9
assert len(d["problems"]) == 9, len(d["problems"])
for p in d["problems"]:
    for k in ["id", "title", "category", "severity", "location", "description", "criteria", "line"]:
        assert k in p, k
    c = p["criteria"]
    assert c["detected"] and c["partial"] and c["missed"], p["id"]
assert d["problems"][0]["id"] == "P01" and d["problems"][0]["line"] == 10
assert d["problems"][3]["severity"] == "Significant"
assert len(d["bonus"]) == 7
for b in d["bonus"]:
    for k in ["id", "category", "content", "criteria"]:
        assert b[k], (b["id"], k)
assert d["warnings"] == [], d["warnings"]
PY

# Japanese key: UTF-8 survives the JSON writer.
"$KG" parse-key $FIX/ja-layout.md --json >"$TMP/ja.json"
check "Japanese key exits 0" test $? -eq 0
check "Japanese key JSON" python3 - "$TMP/ja.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["round"] == 4 and d["perspective"] == "セキュリティ"
assert d["problems"][0]["criteria"]["detected"] == "トークンの有効期限の欠如を指摘し、漏えい時のリスクを説明している"
assert d["bonus"][1]["criteria"] == "認証サーバのSPOFを指摘"
PY

# Warnings keep exit 0 and carry lines; unknown round is null.
"$KG" parse-key $FIX/count-mismatch.md --json >"$TMP/cm.json"
check "key with warnings exits 0" test $? -eq 0
check "count mismatch warning with line" python3 -c "
import json; d = json.load(open('$TMP/cm.json'))
assert d['warnings'] == [{'line': 6, 'message': 'declares 3 problems but 2 were found'}], d['warnings']"
"$KG" parse-key $FIX/ja-plain-title.md --json >"$TMP/plain.json"
check "unstated round is null" python3 -c "
import json; d = json.load(open('$TMP/plain.json')); assert d['round'] is None"

# Table layout carries group.
"$KG" parse-key $FIX/table-layout.md --json >"$TMP/tl.json"
check "table layout groups" python3 -c "
import json; d = json.load(open('$TMP/tl.json'))
assert d['declared_problems'] == 10 and len(d['problems']) == 10
assert d['problems'][3]['id'] == 'D1' and d['problems'][3]['group'] == 'Deep (D)'"

# Not a key: exit 2 and exactly one line on stderr naming the file (and line).
bad() {   # bad FILE EXPECTED_STDERR
    "$KG" parse-key "$1" --json >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    check "$1 exits 2" test $rc -eq 2
    check "$1 one stderr line" test "$(wc -l <"$TMP/err")" -eq 1
    check "$1 message" test "$(cat "$TMP/err")" = "$2"
    check "$1 no stdout" test ! -s "$TMP/out"
}
bad $FIX/invalid-utf8.md "keygrader: $FIX/invalid-utf8.md: line 4: invalid UTF-8"
bad $FIX/binary.bin "keygrader: $FIX/binary.bin: line 3: binary file (NUL byte)"
bad $FIX/empty.md "keygrader: $FIX/empty.md: empty file"
bad $FIX/garbage.md "keygrader: $FIX/garbage.md: not an answer key (no problems found)"
bad tests/fixtures/reviews/en-severity-sections.md \
    "keygrader: tests/fixtures/reviews/en-severity-sections.md: not an answer key (no problems found)"
bad $TMP/does-not-exist.md "keygrader: cannot open $TMP/does-not-exist.md"

# Usage errors exit 1.
"$KG" parse-key >/dev/null 2>&1
check "no file is a usage error" test $? -eq 1
"$KG" parse-key keys/answer-key-round-008.md --frobnicate >/dev/null 2>&1
check "unknown option is a usage error" test $? -eq 1

# Readable summary without --json.
"$KG" parse-key keys/answer-key-round-008.md >"$TMP/summary"
check "summary exits 0" test $? -eq 0
check "summary lists problems" grep -q "P09" "$TMP/summary"
check "summary counts" grep -q "problems: 9 (declared 9)" "$TMP/summary"

# 50 MB of garbage: no crash, no hang, a clear answer.
python3 - "$TMP/big.md" <<'PY'
import random, sys
random.seed(1)
alphabet = "#-*|:[]()`> \n abcP0123456789○△×（）："
chunk = "".join(random.choice(alphabet) for _ in range(1 << 20))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    while f.tell() < 50 * 1024 * 1024:
        f.write(chunk)
PY
timeout 120 "$KG" parse-key "$TMP/big.md" --json >/dev/null 2>"$TMP/err"
rc=$?
check "50 MB garbage exits 0 or 2 within the time limit (rc=$rc)" test $rc -eq 0 -o $rc -eq 2

exit $fail
