#!/usr/bin/env bash
# Install dockerls into .venv and run it on the bundled examples:
# first the findings, then the diff that `dockerls check --fix` would apply.
# Exits with `dockerls check`'s status: 1 when findings were reported, which is
# what the examples are for (they install packages the old way).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
status=0
.venv/bin/dockerls check examples/ || status=$?
.venv/bin/dockerls check --diff examples/ || true
if [ "$status" = 1 ]; then
  echo "try.sh: exit status 1: dockerls reported findings, as it should on these examples (see README.md)" >&2
fi
exit "$status"
