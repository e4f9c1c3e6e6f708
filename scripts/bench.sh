#!/usr/bin/env bash
# Builds and runs every benchmark (bench/README.md has the figures and what they mean).
# Not part of scripts/test.sh: these are measurements, not pass/fail tests.
#   bash scripts/bench.sh [native|page|all]     (default all)
# Environment: RUNS (page loads per page for time to first frame, default 7),
#              CALLGRIND=0 to skip the instruction counts (they take a few minutes),
#              NATIVE_DIR / WASM_DIR / WEB_DIR: build folders (default those of build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
JOBS=${JOBS:-$(nproc)}
NATIVE_DIR=${NATIVE_DIR:-build/native}
WASM_DIR=${WASM_DIR:-build/wasm}
WEB_DIR=${WEB_DIR:-build/web}
export NODE_PATH=/usr/share/nodejs   # Debian's acorn, needed by emcc under nodesource node

if [ "$WHAT" = all ] || [ "$WHAT" = native ]; then
  cmake -S . -B "$NATIVE_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  targets=$(sed -n 's/^add_executable(\(bench_[a-z_]*\) .*/\1/p' bench/CMakeLists.txt)
  cmake --build "$NATIVE_DIR" -j "$JOBS" --target $targets

  for t in $targets; do
    [ "$t" = bench_workspace ] && continue
    echo "== $t"
    "$NATIVE_DIR/bench/$t"
  done

  echo "== input limits: bounded reads and suggestions (bench/input_caps.sh)"
  cmake --build "$NATIVE_DIR" -j "$JOBS" --target keygrader
  bash bench/input_caps.sh "$NATIVE_DIR/keygrader"

  echo "== bench_workspace: save/load time (median of repetitions)"
  "$NATIVE_DIR"/bench/bench_workspace .
  if [ "${CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
    echo "== bench_workspace: instructions (callgrind), per review"
    printf '%8s %16s %16s %14s %14s\n' reviews save_instr load_instr save/review load/review
    for n in 1 10 100 1000; do
      count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="kg::$1_workspace_json*" \
          "$NATIVE_DIR"/bench/bench_workspace . --one "$n" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
      }
      s=$(count save)
      l=$(count load)
      printf '%8d %16d %16d %14d %14d\n' "$n" "$s" "$l" $((s / n)) $((l / n))
    done
  fi
fi

if [ "$WHAT" = all ] || [ "$WHAT" = page ]; then
  # Same configuration as scripts/build.sh (the page in build/web).
  emcmake cmake -S . -B "$WASM_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKG_WEB_OUT="$(realpath -m "$WEB_DIR")" >/dev/null
  # The real page (with its fonts and demo) and the minimal page, built the same way.
  cmake --build "$WASM_DIR" -j "$JOBS" --target keygrader_web kg_web_assets kg_web_demo minimal_page
  echo "== page benchmarks (headless Chromium)"
  node bench/page_bench.mjs --web "$WEB_DIR" --minimal "$WASM_DIR/web-bench/minimal" --runs "${RUNS:-7}"
fi
