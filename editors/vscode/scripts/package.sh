#!/usr/bin/env bash
# Packages the extension into a .vsix, offline.
#   bash scripts/package.sh [OUTPUT.vsix]
# @vscode/vsce (3.x, which runs on Node 20) is installed from its lock file in
# tests/editors/vscode, outside the extension folder, so that vsce and its
# dependencies never end up inside the package. `npm ci` must have been run
# here first (vsce compiles through the vscode:prepublish script).
set -euo pipefail
ext=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=$(cd "$ext/../../tests/editors/vscode" && pwd)
version=$(node -p "require('$ext/package.json').version")
out=${1:-$ext/dockerls-$version.vsix}
case $out in /*) ;; *) out=$PWD/$out ;; esac
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

if [ ! -x "$tools/node_modules/.bin/vsce" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  (cd "$tools" && npm ci >&2)
fi
[ -d "$ext/node_modules/vscode-languageclient" ] || (cd "$ext" && npm ci >&2)
rm -f "$out"
# README images live in docs/images at the repository root, outside the package.
(cd "$ext" && "$tools/node_modules/.bin/vsce" package --allow-missing-repository \
  --no-rewrite-relative-links --out "$out" </dev/null >&2)
echo "$out"
