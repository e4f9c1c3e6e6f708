#!/usr/bin/env bash
# libFuzzer runs over every tests/fuzz/fuzz_*.cpp target (clang + ASan/UBSan).
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]   open-ended: random seed, growing corpus in
#                                               build/fuzz/corpus (default 20 s per target)
#   bash scripts/fuzz.sh --smoke [RUNS]         what scripts/test.sh runs: reproducible. Each
#                                               target replays its kept regressions under the
#                                               sanitizers, then runs RUNS inputs (default
#                                               2000) from seed 1 over a fresh copy of the kept
#                                               corpus (tests/fixtures + regressions), so the
#                                               same tree always gives the same answer.
# A crash fails the run and leaves the input in build/fuzz/crashes/<target>/: copy it to
# tests/fuzz/regressions/<target>/ and fix the bug; the replay tests then keep it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=open
if [ "${1:-}" = --smoke ]; then MODE=smoke; RUNS=${2:-2000}; else SECONDS_PER_TARGET=${1:-20}; fi

CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_FUZZ=ON -DKG_WERROR=OFF >/dev/null
targets=$(ls tests/fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')
cmake --build build/fuzz -j "$(nproc)" --target $targets
export ASAN_OPTIONS=detect_leaks=0
export UBSAN_OPTIONS="suppressions=$PWD/tests/fuzz/ubsan.supp:print_stacktrace=1:halt_on_error=1"
COMMON=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=0)

# Seeds: the test fixtures and the kept regressions (files only, README excluded).
seed_corpus() {
  local dir=$1 target=$2
  mkdir -p "$dir"
  find tests/fixtures "tests/fuzz/regressions/$target" -type f ! -name README -size -200k \
    -exec cp -n {} "$dir/" \; 2>/dev/null || true
}

status=0
for t in $targets; do
  bin="build/fuzz/tests/fuzz/$t"
  crashes=build/fuzz/crashes/$t
  mkdir -p "$crashes"
  log="build/fuzz/$t.log"
  if [ "$MODE" = smoke ]; then
    regressions=$(find "tests/fuzz/regressions/$t" -type f ! -name README | sort)
    corpus=$(mktemp -d)
    seed_corpus "$corpus" "$t"
    echo "fuzz: $t: $(echo "$regressions" | grep -c . || true) regressions, then $RUNS runs from seed 1"
    ok=1
    if [ -n "$regressions" ]; then
      # shellcheck disable=SC2086
      "$bin" "${COMMON[@]}" $regressions >"$log" 2>&1 || ok=0
    fi
    if [ "$ok" = 1 ]; then
      "$bin" "$corpus" -seed=1 -runs="$RUNS" "${COMMON[@]}" -artifact_prefix="$crashes/" \
        >>"$log" 2>&1 || ok=0
    fi
    rm -rf "$corpus"
  else
    corpus=build/fuzz/corpus/$t
    seed_corpus "$corpus" "$t"
    echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
    ok=1
    "$bin" "$corpus" -max_total_time="$SECONDS_PER_TARGET" "${COMMON[@]}" \
      -artifact_prefix="$crashes/" >"$log" 2>&1 || ok=0
  fi
  if [ "$ok" = 0 ]; then
    echo "fuzz: $t FAILED; input kept in $crashes/; log: $log" >&2
    tail -30 "$log" >&2
    status=1
  fi
done
exit $status
