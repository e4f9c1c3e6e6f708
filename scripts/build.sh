#!/usr/bin/env bash
# Builds everything: native (build/native: keygrader CLI, tests, benches) and WebAssembly
# (build/wasm, with the page assembled in build/web). Assumes scripts/setup.sh has run.
# KG_SKIP_WEB=1 builds the native side only.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
export NODE_PATH=/usr/share/nodejs   # Debian's acorn, needed by emcc under nodesource node

cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j "$JOBS"

if [ "${KG_SKIP_WEB:-0}" != 1 ]; then
  # The page (keygrader.js/.wasm, index.html, glue, fonts, demo, keygrader.html) goes to
  # build/web; configuring again is quick and keeps that path right in an older build dir.
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKG_WEB_OUT="$(pwd)/build/web" >/dev/null
  cmake --build build/wasm -j "$JOBS"
fi
