#!/usr/bin/env bash
# Lost output is a failure: with stdout on a full disk (/dev/full) or closed, every command
# exits kExitOutput (3) with one line on stderr, never 0 with the output gone.
#   bash tests/cli/output_errors.sh /path/to/keygrader       (CTest runs it from the repo root)
set -u
KG=${1:?usage: output_errors.sh /path/to/keygrader}
ROOT=$(pwd)
KEY=$ROOT/keys/answer-key-round-008.md
REVIEW=$ROOT/assets/reviews/v008-baseline-run1.md
WS=$ROOT/tests/fixtures/workspace/v1.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0

expect() {   # expect NAME RC STDERR_SUBSTRING -- CMD...   (stdout redirection is in CMD via sh -c)
    local name=$1 want=$2 msg=$3
    shift 4
    timeout 60 bash -c "$*" 2>"$T/err"
    local rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL [$name]: exit $rc, expected $want; stderr: $(head -c 300 "$T/err")" >&2
        failures=$((failures + 1))
        return
    fi
    if [ -n "$msg" ] && ! grep -q -- "$msg" "$T/err"; then
        echo "FAIL [$name]: stderr lacks '$msg': $(head -c 300 "$T/err")" >&2
        failures=$((failures + 1))
        return
    fi
    if [ "$want" != 0 ] && ! tail -n 1 "$T/err" | grep -q "^keygrader: cannot write the output: "; then
        echo "FAIL [$name]: the last line of stderr should say the output was lost: $(cat "$T/err")" >&2
        failures=$((failures + 1))
    fi
}

# Sanity: the same commands succeed with a real stdout (so the cases below fail only for
# the output, not for their input).
expect ok-parse-key 0 "" -- "'$KG' parse-key '$KEY' --json >'$T/out'"
expect ok-score 0 "" -- "'$KG' score '$WS' --csv >'$T/out'"
[ -s "$T/out" ] || { echo "FAIL [ok-score]: no output" >&2; failures=$((failures + 1)); }

expect full-parse-key 3 "cannot write the output: " -- "'$KG' parse-key '$KEY' --json >/dev/full"
expect full-parse-review 3 "cannot write the output" -- "'$KG' parse-review '$REVIEW' --json >/dev/full"
expect full-score 3 "cannot write the output" -- "'$KG' score '$WS' --markdown >/dev/full"
expect full-suggest 3 "cannot write the output" -- "'$KG' suggest --key '$KEY' --review '$REVIEW' --json >/dev/full"
expect closed-parse-key 3 "cannot write the output" -- "'$KG' parse-key '$KEY' --json >&-"
expect closed-score 3 "cannot write the output" -- "'$KG' score '$WS' >&-"

if [ "$failures" != 0 ]; then
    echo "output_errors.sh: $failures failure(s)" >&2
    exit 1
fi
echo "output_errors.sh: ok"
