#!/usr/bin/env bash
# Install the test oracles that come from Debian: Go and BuildKit's .dockerignore matcher
# (moby/patternmatcher, as golang-github-moby-patternmatcher-dev), which
# tests/engine/test_ignore_oracle.py builds into a small program once.
# Idempotent. SKIP_APT=1: do not touch Debian packages (the oracle tests then skip,
# or fail in CI).
set -euo pipefail

packages=(golang-go golang-github-moby-patternmatcher-dev)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} = 0 ]; then
  echo "install-test-oracles: ${packages[*]} already installed"
  exit 0
fi
if [ "${SKIP_APT:-0}" = 1 ]; then
  echo "install-test-oracles: SKIP_APT=1, not installing ${missing[*]}"
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
apt=(apt-get -o DPkg::Lock::Timeout=600)
$sudo "${apt[@]}" update
$sudo "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
