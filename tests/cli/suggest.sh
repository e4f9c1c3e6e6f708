#!/bin/bash
# keygrader suggest / eval-suggest: exit codes, one-line errors naming the file, JSON shape.
# Usage: bash tests/cli/suggest.sh /path/to/keygrader   (cwd = repo root)
set -u
KG=${1:?path to keygrader}
KEY=keys/answer-key-round-008.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() {   # check NAME EXPECTED_EXIT ACTUAL_EXIT
    if [ "$2" != "$3" ]; then echo "FAIL: $1 (exit $3, expected $2)"; fail=1; else echo "ok: $1"; fi
}

cat > "$TMP/review.md" <<'MD'
# Reliability Review

## Critical Issues

### C1. No circuit breaker for WeatherAPI calls

Reference: Section 6

The Forecast Service retries WeatherAPI with backoff for all 100 facility jobs and has no
circuit breaker, so an outage becomes a retry storm with cascading failures.

### C2. Prometheus is a single point of failure

Prometheus runs as a single instance; monitoring is lost during incidents. Recommend
Prometheus federation or Thanos for HA monitoring.
MD

# 1. The documented JSON shape.
"$KG" suggest --key "$KEY" --review "$TMP/review.md" --json > "$TMP/out.json" 2> "$TMP/err"
check "suggest --json exits 0" 0 $?
python3 - "$TMP/out.json" <<'PY' || { echo "FAIL: JSON shape"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) >= {"problems", "unmatched"}, d.keys()
ids = [p["id"] for p in d["problems"]]
assert ids == ["P%02d" % i for i in range(1, 10)], ids
for p in d["problems"]:
    assert p["verdict"] in ("detected", "partial", "missed"), p
    assert 0.0 <= p["confidence"] <= 1.0, p
    for e in p["evidence"]:
        assert isinstance(e["line_start"], int) and isinstance(e["line_end"], int), e
        assert e["line_start"] <= e["line_end"], e
        assert isinstance(e["text"], str) and e["text"], e
        assert 0.0 <= e["score"] <= 1.0, e
p01 = d["problems"][0]
assert p01["verdict"] == "detected", p01
assert p01["evidence"] and 5 <= p01["evidence"][0]["line_start"] <= 10, p01
assert d["problems"][8]["verdict"] == "missed", d["problems"][8]   # nothing about Redis
un = d["unmatched"]
assert len(un) == 1 and un[0]["bonus_id"] == "B02", un
for u in un:
    assert set(u) >= {"line_start", "line_end", "title", "bonus_id"}, u
print("ok: JSON shape")
PY

# 2. Batch form: several reviews, one document.
"$KG" suggest --key "$KEY" "$TMP/review.md" "$TMP/review.md" --json > "$TMP/batch.json"
check "batch form exits 0" 0 $?
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['reviews'])==2 and d['reviews'][0]['problems']" "$TMP/batch.json" \
    && echo "ok: batch JSON" || { echo "FAIL: batch JSON"; fail=1; }

# 3. Text output works too.
"$KG" suggest --key "$KEY" --review "$TMP/review.md" > "$TMP/out.txt"
check "text output exits 0" 0 $?
grep -q "P01" "$TMP/out.txt" || { echo "FAIL: text output lacks P01"; fail=1; }

# 4. Usage errors exit 1.
"$KG" suggest > /dev/null 2>&1
check "no arguments -> usage" 1 $?
"$KG" suggest --key "$KEY" > /dev/null 2>&1
check "no review -> usage" 1 $?
"$KG" suggest --key "$KEY" --review "$TMP/review.md" --bogus > /dev/null 2>&1
check "unknown option -> usage" 1 $?

# 5. Bad input exits 2 with one line naming the file.
bad_input() {   # bad_input NAME FILE_NAMED -- args...
    local name=$1 named=$2
    shift 3
    "$KG" suggest "$@" > "$TMP/o" 2> "$TMP/e"
    local rc=$?
    check "$name" 2 $rc
    if [ "$(wc -l < "$TMP/e")" != 1 ] || ! grep -qF "$named" "$TMP/e"; then
        echo "FAIL: $name: stderr should be one line naming $named:"; cat "$TMP/e"; fail=1
    fi
    [ -s "$TMP/o" ] && { echo "FAIL: $name printed to stdout"; fail=1; }
}
printf 'abc\0def\n' > "$TMP/binary.md"
printf '# Review\n\nbad \xff\xfe bytes\n' > "$TMP/latin.md"
: > "$TMP/empty.md"
bad_input "missing key file" "$TMP/nokey.md" -- --key "$TMP/nokey.md" --review "$TMP/review.md"
bad_input "review given as key" "$TMP/review.md" -- --key "$TMP/review.md" --review "$TMP/review.md"
bad_input "missing review" "$TMP/none.md" -- --key "$KEY" --review "$TMP/none.md"
bad_input "binary review" "$TMP/binary.md" -- --key "$KEY" --review "$TMP/binary.md"
bad_input "invalid UTF-8 review" "$TMP/latin.md" -- --key "$KEY" --review "$TMP/latin.md"
bad_input "empty review" "$TMP/empty.md" -- --key "$KEY" --review "$TMP/empty.md"
bad_input "key given as review" "$KEY" -- --key "$KEY" --review "$KEY"
bad_input "binary key" "$TMP/binary.md" -- --key "$TMP/binary.md" --review "$TMP/review.md"

# 6. eval-suggest on a small labels file: agreement numbers and exit codes.
cat > "$TMP/labels.json" <<JSON
{"reviews":[{"review":"$TMP/review.md","key":"$KEY","lang":"en",
  "labels":{"P01":"detected","P09":"missed","P04":"missed"}}]}
JSON
"$KG" eval-suggest "$TMP/labels.json" --json > "$TMP/eval.json"
check "eval-suggest exits 0" 0 $?
python3 - "$TMP/eval.json" <<'PY' || { echo "FAIL: eval JSON"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["n"] == 3, d
assert len(d["confusion"]) == 3 and all(len(r) == 3 for r in d["confusion"]), d
assert sum(map(sum, d["confusion"])) == 3, d
assert 0.0 <= d["exact"] <= 1.0 and -1.0 <= d["kappa"] <= 1.0, d
print("ok: eval JSON")
PY
echo '{"reviews": [' > "$TMP/broken.json"
"$KG" eval-suggest "$TMP/broken.json" > /dev/null 2> "$TMP/e"
check "eval-suggest broken JSON -> 2" 2 $?
grep -qF "$TMP/broken.json" "$TMP/e" || { echo "FAIL: eval error does not name the file"; fail=1; }

exit $fail
