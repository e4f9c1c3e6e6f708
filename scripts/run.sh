#!/usr/bin/env bash
# The README's run command: set up (if needed), build, and serve the page from build/web
# on http://127.0.0.1:${PORT:-8080}/ with the bundled key and sample reviews preloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
PORT=${PORT:-8080}
echo "KeyGrader: http://127.0.0.1:${PORT}/  (Ctrl+C to stop)"
exec node scripts/serve.mjs build/web "$PORT"
