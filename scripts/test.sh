#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need
# (the package with its test extras, Neovim 0.7 and 0.11, Go and BuildKit's
# .dockerignore matcher as a test oracle, the VS Code extension's npm
# dependencies), then runs the extension's unit tests and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [ -f scripts/install-nvim.sh ]; then bash scripts/install-nvim.sh; fi
bash scripts/install-test-oracles.sh
if [ -f editors/vscode/scripts/ci.sh ]; then bash editors/vscode/scripts/ci.sh; fi
exec .venv/bin/python -m pytest "$@"
