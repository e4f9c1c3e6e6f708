#!/usr/bin/env bash
# One-time (idempotent) set-up for KeyGrader on a fresh Debian 12 machine, run as root.
# Installs toolchains and libraries from Debian, fetches Dear ImGui and md4c sources from
# Debian source packages into third_party/ (git-ignored), and installs npm test tools from
# the lock file. Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DEPS="$ROOT/third_party"
STAMP="$DEPS/.setup-v3"

APT_PACKAGES=(
  build-essential cmake ninja-build g++ clang libclang-rt-14-dev
  emscripten libcereal-dev rapidjson-dev catch2
  chromium chromium-driver
  fonts-dejavu-core fonts-vlgothic python3-fonttools python3-brotli
  xz-utils ca-certificates gzip
)

need_apt=0
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || { need_apt=1; break; }
done

if [ "$need_apt" = 1 ]; then
  echo "setup: installing Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi

# Dear ImGui and md4c come as Debian source packages (trixie has imgui 1.90.1, md4c 0.5.2).
fetch_sources() {
  local src=/etc/apt/sources.list.d/keygrader-trixie-src.sources
  if [ ! -f "$src" ]; then
    cat > "$src" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  mkdir -p "$DEPS/dl"
  cd "$DEPS/dl"
  # md4c's .dsc answers 404 while its orig tarball arrives: judge by the tarball, not the exit code.
  apt-get source --download-only imgui/trixie >/dev/null 2>&1 || true
  apt-get source --download-only md4c/trixie >/dev/null 2>&1 || true
  cd "$ROOT"
  local imgui_tar md4c_tar
  imgui_tar=$(ls "$DEPS"/dl/imgui_*.orig.tar.* 2>/dev/null | head -1 || true)
  md4c_tar=$(ls "$DEPS"/dl/md4c_*.orig.tar.* 2>/dev/null | head -1 || true)
  [ -n "$imgui_tar" ] || { echo "setup: could not download the imgui source package" >&2; exit 1; }
  [ -n "$md4c_tar" ] || { echo "setup: could not download the md4c source package" >&2; exit 1; }
  rm -rf "$DEPS/imgui" "$DEPS/md4c"
  mkdir -p "$DEPS/imgui" "$DEPS/md4c"
  tar -xf "$imgui_tar" -C "$DEPS/imgui" --strip-components=1
  tar -xf "$md4c_tar" -C "$DEPS/md4c" --strip-components=1
}

if [ ! -f "$DEPS/imgui/imgui.cpp" ] || [ ! -f "$DEPS/md4c/src/md4c.c" ]; then
  echo "setup: fetching Dear ImGui and md4c sources"
  fetch_sources
fi

# Headers for emcc: only cereal and rapidjson, never all of /usr/include.
mkdir -p "$DEPS/include"
ln -sfn /usr/include/cereal "$DEPS/include/cereal"
ln -sfn /usr/include/rapidjson "$DEPS/include/rapidjson"
ln -sfn /usr/include/catch2 "$DEPS/include/catch2"

# npm test tools (Playwright driving Debian's Chromium), pinned by the lock file.
if [ -f package-lock.json ]; then
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi

touch "$STAMP"
echo "setup: ok"
