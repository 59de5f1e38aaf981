#!/usr/bin/env bash
# Build the wheel of this checkout, dist/dockerls_mounts-VERSION-py3-none-any.whl, for
# `pip install` on any machine (the distribution is not on PyPI yet). Needs only pip:
# it fetches the build backend (setuptools) from the package index, as `pip install .` does.
# PYTHON picks the interpreter (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
# setuptools builds in ./build and would package what a former build left there.
rm -rf build
rm -f dist/dockerls_mounts-*.whl
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir dist .
rm -rf build
ls dist/dockerls_mounts-*.whl
