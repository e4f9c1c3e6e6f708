#!/usr/bin/env bash
# Input limits (issue 14): how long the bounded cases take, and how suggestions grow.
#   bash bench/input_caps.sh [build/native/keygrader]        (from the repo root)
# Generates its inputs in a temporary folder (up to ~250 MB of disk), runs each case once
# with /usr/bin/time and prints seconds, peak memory and the exit code. Results and the
# complexity statement: bench/README.md, "Input limits".
set -u
KG=${1:-build/native/keygrader}
KEY=keys/answer-key-round-008.md
REVIEW=assets/reviews/v008-baseline-run1.md
[ -x "$KG" ] && [ -f "$KEY" ] || { echo "usage: bash bench/input_caps.sh [keygrader] (from the repo root)" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

python3 - "$T" "$REVIEW" <<'EOF2'
import os, sys
t, review_path = sys.argv[1:3]
review = open(review_path, "rb").read()
def key(n, name):
    out = ["# Answer Key - Round 010", "", "## Execution Conditions",
           "- **Perspective**: reliability", "- **Target**: design", "",
           "## Embedded Problem Details", ""]
    for i in range(1, n + 1):
        out += [f"### P{i}: Problem number {i}", "- **Severity**: Critical",
                "- **Detection Criteria**:", f"  - ○ (Detected): names problem {i} and its cause",
                f"  - △ (Partial): mentions problem {i} vaguely",
                f"  - × (Not Detected): does not mention problem {i}", ""]
    open(os.path.join(t, name), "w", encoding="utf-8").write("\n".join(out))
key(10000, "key-10000.md")
key(10001, "key-10001.md")
key(100000, "key-100000.md")
key(100001, "key-100001.md")
key(29, "key-29.md")
def rev(nbytes, name):
    reps = nbytes // (len(review) + 2) + 1
    data = b"\n\n".join([review] * reps)[:nbytes]
    open(os.path.join(t, name), "wb").write(data[: data.rfind(b"\n") + 1])
for kb in (16, 50, 100, 200):
    rev(kb * 1000, f"review-{kb}k.md")
rev(50 * 1024 * 1024, "review-50m.md")
rev(63 * 1024 * 1024, "review-63m.md")
EOF2

measure() {   # measure LABEL CMD...
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$T/time" timeout 600 "$@" >/dev/null 2>"$T/err"
    local rc=$?
    # The last line: with a non-zero exit, time writes "Command exited ..." before it.
    local secs kb
    secs=$(tail -1 "$T/time" | cut -d' ' -f1)
    kb=$(tail -1 "$T/time" | cut -d' ' -f2)
    printf '| %-58s | %7s | %6d | %d |\n' "$label" "$secs" "$((kb / 1024))" "$rc"
}

echo "| case | seconds | peak MB | exit |"
echo "|------|--------:|--------:|-----:|"
measure "parse-review /dev/zero (refused: device)" "$KG" parse-review /dev/zero
mkfifo "$T/fifo.md"
measure "parse-review FIFO, no writer (KG_INPUT_WAIT_SECONDS=1)" env KG_INPUT_WAIT_SECONDS=1 "$KG" parse-review "$T/fifo.md"
truncate -s 65M "$T/huge.md"
measure "parse-review 65 MB file (refused: 64 MB cap)" "$KG" parse-review "$T/huge.md"
measure "parse-review 63 MB review" "$KG" parse-review "$T/review-63m.md"
measure "parse-key 10,000 problems" "$KG" parse-key "$T/key-10000.md" --json
measure "parse-key 100,000 problems (22 MB)" "$KG" parse-key "$T/key-100000.md" --json
measure "parse-key 100,001 problems (refused)" "$KG" parse-key "$T/key-100001.md" --json
measure "suggest 10,001 problems x 16 KB review (refused)" "$KG" suggest --key "$T/key-10001.md" --review "$T/review-16k.md" --json
for kb in 16 50 100 200; do
    measure "suggest 10,000 problems x ${kb} KB review ($((kb * 10))e6)" "$KG" suggest --key "$T/key-10000.md" --review "$T/review-${kb}k.md" --json
done
measure "suggest 10,000 problems x 50 MB review (refused: 5e11)" "$KG" suggest --key "$T/key-10000.md" --review "$T/review-50m.md" --json
measure "suggest 9 problems (real key) x 50 MB review (4.7e8)" "$KG" suggest --key "$KEY" --review "$T/review-50m.md" --json
measure "suggest 29 problems x 63 MB review (1.9e9, at the bound)" "$KG" suggest --key "$T/key-29.md" --review "$T/review-63m.md" --json
