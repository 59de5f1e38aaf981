#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need
# (the package with its test extras, Neovim 0.7 and 0.11, Go and BuildKit's
# .dockerignore matcher as a test oracle, the VS Code extension's npm
# dependencies, code-server and Chromium for its end-to-end test, Debian's
# docker.io and debootstrap for the build tier), then runs the extension's unit
# tests and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build tier (tests/build) starts its own dockerd and makes its base images
# with debootstrap; without them it reports errors, never skips.
if [ ! -x /usr/sbin/dockerd ] || [ ! -x /usr/bin/docker ] || ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null
  else
    echo "scripts/test.sh: the build tier needs docker.io and debootstrap (apt-get install docker.io debootstrap, as root)" >&2
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [ -f scripts/install-nvim.sh ]; then bash scripts/install-nvim.sh; fi
bash scripts/install-test-oracles.sh
if [ -f editors/vscode/scripts/ci.sh ]; then bash editors/vscode/scripts/ci.sh; fi
# code-server and Chromium for the VS Code end-to-end test (tests/editors/test_vscode.py),
# installed once under ${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests, outside the clone.
bash tests/editors/vscode/setup-code-server.sh >/dev/null
exec .venv/bin/python -m pytest "$@"
