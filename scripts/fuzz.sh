#!/usr/bin/env bash
# Bounded libFuzzer smoke run over every tests/fuzz/fuzz_*.cpp target (clang + ASan/UBSan).
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
# Seeds come from tests/fixtures and the kept regressions. A crash fails the run and leaves
# the input in build/fuzz/crashes/<target>/: copy it to tests/fuzz/regressions/<target>/
# and fix the bug; the replay tests then keep it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-20}
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_FUZZ=ON -DKG_WERROR=OFF >/dev/null
targets=$(ls tests/fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')
cmake --build build/fuzz -j "$(nproc)" --target $targets
status=0
for t in $targets; do
  corpus=build/fuzz/corpus/$t
  crashes=build/fuzz/crashes/$t
  mkdir -p "$corpus" "$crashes"
  # Seed once from fixtures and regressions (files only).
  find tests/fixtures "tests/fuzz/regressions/$t" -type f ! -name README -size -200k \
    -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  echo "fuzz: $t for ${SECONDS_PER_TARGET}s"
  if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS="suppressions=$PWD/tests/fuzz/ubsan.supp:print_stacktrace=1:halt_on_error=1" \
      "build/fuzz/tests/fuzz/$t" "$corpus" -max_total_time="$SECONDS_PER_TARGET" \
      -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=0 \
      -artifact_prefix="$crashes/" >"build/fuzz/$t.log" 2>&1; then
    echo "fuzz: $t FAILED; input kept in $crashes/; log: build/fuzz/$t.log" >&2
    tail -30 "build/fuzz/$t.log" >&2
    status=1
  fi
done
exit $status
