#!/usr/bin/env bash
# The core's module layout holds: internal headers (src/core/<module>/internal/) are included
# only by the core itself and its unit/fuzz tests, never by the CLI, the page or the
# benchmarks; rapidjson is included only through base/json_write.h and base/json_read.h;
# the core includes nothing of the UI or the browser. ($1, the keygrader binary, is unused.)
set -uo pipefail
cd "$(dirname "$0")/../.."
fail=0
bad=$(grep -rnE '#include "[a-z_]+/internal/' src/app src/cli src/platform bench 2>/dev/null)
if [ -n "$bad" ]; then echo "FAIL: internal core headers used outside the core:"; echo "$bad"; fail=1; fi
bad=$(grep -rnE '#include <rapidjson/' src tests/unit tests/fuzz bench | grep -vE 'src/core/base/json_(write|read)\.h:')
if [ -n "$bad" ]; then echo "FAIL: rapidjson included directly (use base/json_write.h or json_read.h):"; echo "$bad"; fail=1; fi
bad=$(grep -rnE '#include [<"](imgui|emscripten|GLFW|platform\.h|app)' src/core)
if [ -n "$bad" ]; then echo "FAIL: the core includes UI or browser code:"; echo "$bad"; fail=1; fi
# A header outside internal/ must not pull an internal header of another module.
for h in $(find src/core -name '*.h' -not -path '*/internal/*'); do
  mod=$(echo "$h" | cut -d/ -f3)
  { grep -hoE '#include "[a-z_]+/internal/' "$h" || true; } | sed -E 's/#include "([a-z_]+)\/internal\//\1/' | while read -r m; do
    if [ "$m" != "$mod" ]; then echo "FAIL: $h includes $m/internal/"; exit 1; fi
  done || fail=1
done
[ $fail = 0 ] && echo "layout.sh: ok"
exit $fail
