#!/usr/bin/env bash
# The README's test command: set up (if needed), build, run every test.
#   core unit tests natively and under node (wasm), CLI tests, fuzz smoke runs, and the
#   browser end-to-end tests (Playwright + Debian's Chromium) against the built page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo "== native tests"
ctest --test-dir build/native --output-on-failure
echo "== wasm tests (core under node)"
NODE_PATH=/usr/share/nodejs ctest --test-dir build/wasm --output-on-failure
echo "== Pages site (the build .github/workflows/pages.yml publishes)"
bash scripts/build-pages.sh build/pages
echo "== fuzz smoke (libFuzzer: kept regressions, then a fixed seed and a fixed number of runs)"
bash scripts/fuzz.sh --smoke "${FUZZ_RUNS:-2000}"
if [ -d tests/e2e ] && ls tests/e2e/*.spec.mjs >/dev/null 2>&1; then
  echo "== browser tests"
  node tests/e2e/run-all.mjs
fi
echo "all tests passed"
