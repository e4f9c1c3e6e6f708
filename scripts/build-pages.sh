#!/usr/bin/env bash
# Builds the static site GitHub Pages publishes: the page, its fonts, the demo key and
# sample reviews, and the self-contained keygrader.html, copied into OUT (default build/pages).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/pages}
bash scripts/setup.sh
bash scripts/build.sh
for f in index.html keygrader.js keygrader.wasm keygrader.html; do
  [ -f "build/web/$f" ] || { echo "build-pages: build/web/$f is missing" >&2; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT"
cp -r build/web/. "$OUT/"
touch "$OUT/.nojekyll"
echo "build-pages: site in $OUT ($(du -sh "$OUT" | cut -f1))"
