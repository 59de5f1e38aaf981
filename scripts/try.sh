#!/usr/bin/env bash
# Install dockerls into .venv and run it on the bundled examples:
# first the findings, then the diff that `dockerls check --fix` would apply.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
status=0
.venv/bin/dockerls check examples/ || status=$?
.venv/bin/dockerls check --diff examples/ || true
exit "$status"
