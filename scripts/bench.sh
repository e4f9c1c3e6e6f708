#!/usr/bin/env bash
# Builds and runs every benchmark (bench/README.md has the figures and what they mean).
# Not part of scripts/test.sh: these are measurements, not pass/fail tests.
#   bash scripts/bench.sh [native|page|all]     (default all)
# Environment: RUNS (page loads per page for time to first frame, default 7),
#              CALLGRIND=0 to skip the instruction counts (they take a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
JOBS=${JOBS:-$(nproc)}
export NODE_PATH=/usr/share/nodejs   # Debian's acorn, needed by emcc under nodesource node

if [ "$WHAT" = all ] || [ "$WHAT" = native ]; then
  cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  targets=$(sed -n 's/^add_executable(\(bench_[a-z_]*\) .*/\1/p' bench/CMakeLists.txt)
  cmake --build build/native -j "$JOBS" --target $targets

  for t in $targets; do
    [ "$t" = bench_workspace ] && continue
    echo "== $t"
    "build/native/bench/$t"
  done

  echo "== bench_workspace: save/load time (median of repetitions)"
  build/native/bench/bench_workspace .
  if [ "${CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
    echo "== bench_workspace: instructions (callgrind), per review"
    printf '%8s %16s %16s %14s %14s\n' reviews save_instr load_instr save/review load/review
    for n in 1 10 100 1000; do
      count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="kg::$1_workspace_json*" \
          build/native/bench/bench_workspace . --one "$n" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
      }
      s=$(count save)
      l=$(count load)
      printf '%8d %16d %16d %14d %14d\n' "$n" "$s" "$l" $((s / n)) $((l / n))
    done
  fi
fi

if [ "$WHAT" = all ] || [ "$WHAT" = page ]; then
  # Same configuration as scripts/build.sh (the page in build/web).
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKG_WEB_OUT="$(pwd)/build/web" >/dev/null
  # The real page (with its fonts and demo) and the minimal page, built the same way.
  cmake --build build/wasm -j "$JOBS" --target keygrader_web kg_web_assets kg_web_demo minimal_page
  echo "== page benchmarks (headless Chromium)"
  node bench/page_bench.mjs --web build/web --minimal build/wasm/web-bench/minimal --runs "${RUNS:-7}"
fi
