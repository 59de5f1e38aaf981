#!/usr/bin/env bash
# Install the working tree the way a user gets dockerls (a regular, byte-compiled
# install, not the editable one in .venv) into benchmarks/.peers/dockerls/, so
# the benchmarks time what users run. An editable install adds its import
# finder to every start-up (10-25 ms here), and with PYTHONDONTWRITEBYTECODE set
# (as on these machines) nothing is ever byte-compiled: each start-up compiles
# every module from source again (≈ 90 ms). Re-run after every change; run_all.sh does.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
venv="$here/.peers/dockerls"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    echo "install_dockerls.sh: creating $venv" >&2
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$repo" 2>&1 | grep -v '^WARNING: Location' >&2 || true
fi
# The dependencies are installed once; the project itself every time, from the working tree.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$repo" \
    2>&1 | grep -v '^WARNING: Location' >&2 || true
"$venv/bin/python" -m compileall -q "$("$venv/bin/python" -c 'import dockerls, os; print(os.path.dirname(dockerls.__file__))')" >/dev/null
# What was installed: the commit, and whether the tree had uncommitted changes under dockerls/.
rev=$(git -C "$repo" rev-parse --short HEAD)
if [ -n "$(git -C "$repo" status --porcelain -- dockerls pyproject.toml)" ]; then
    rev="$rev+changes"
fi
echo "$rev" > "$venv/INSTALLED_REV"
echo "dockerls:          $venv/bin/dockerls ($rev)"
