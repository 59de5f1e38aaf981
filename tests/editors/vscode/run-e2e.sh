#!/usr/bin/env bash
# End-to-end test of the dockerls VS Code extension in a real VS Code
# (code-server, driven by playwright-core and Debian's Chromium):
#   1. install code-server offline into .cache/ (setup-code-server.sh; cached);
#   2. build and package the extension (.vsix) and install it into code-server;
#   3. open a workspace whose Dockerfile is examples' apt.before.Dockerfile, with
#      fix-on-save (source.fixAll.dockerls) and dockerls.path in .vscode/settings.json;
#   4. wait for an APT diagnostic, screenshot docs/images/vscode-diagnostic.png;
#   5. Ctrl+S, check the file on disk now has the apt cache mount, screenshot
#      docs/images/vscode-fixed.png;
#   6. type a node stage, complete its RUN's cache mount (the npm cache of user
#      node, with uid and gid) and hover `npm`: docs/images/vscode-completion.png and
#      docs/images/vscode-hover.png.
# Usage: bash tests/editors/vscode/run-e2e.sh
# Environment:
#   DOCKERLS_SERVER   the server executable (default <repo>/.venv/bin/dockerls)
#   E2E_VIA           how the workspace names the server: `path` (default:
#                     "dockerls.path": [DOCKERLS_SERVER, "serve"]) or `interpreter`
#                     ("dockerls.interpreter": the python beside DOCKERLS_SERVER)
#   EXAMPLES_DIR      folder with apt.before.Dockerfile (default <repo>/tests/seed_examples)
#   E2E_SHOTS_TO      where the four screenshots go on success (default <repo>/docs/images,
#                     which the README shows; the test suite points it elsewhere)
#   E2E_KEEP=1        keep the temporary folder (always kept on failure)
#   E2E_CHECK_HANG=1  also check that a server that never answers is reported (+30 s)
# Nothing is written to $HOME: code-server, Chromium and the server run with
# HOME and XDG_* pointing into the temporary folder. Every wait is bounded,
# and the processes started here are killed by PID (process group) on exit,
# also when this script is interrupted: code-server, the browser driver, and
# Chromium (started through a wrapper that writes down its PID).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
examples=${EXAMPLES_DIR:-$repo/tests/seed_examples}
server=${DOCKERLS_SERVER:-$repo/.venv/bin/dockerls}
expect='--mount=type=cache,target=/var/cache/apt,sharing=locked'
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

started=$(date +%s)
log() { printf '[run-e2e +%ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockerls-e2e.XXXXXX")
cs_pid=
drive_pid=
status=1
# Stops a process group (its leader's PID) or, if it is no leader, the process: TERM, then KILL.
stop_group() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  # The driver first (closing the browser is its job), then Chromium if it is still
  # there (playwright starts it as a process-group leader), then code-server (setsid).
  stop_group "$drive_pid"
  [ -f "$tmp/browser.pid" ] && stop_group "$(cat "$tmp/browser.pid")"
  stop_group "$cs_pid"
  if [ "$status" = 0 ] && [ "${E2E_KEEP:-}" != 1 ]; then
    rm -rf "$tmp"
  else
    log "kept $tmp (code-server log: $tmp/code-server.log; extension logs under $tmp/user/logs)"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Prerequisites -----------------------------------------------------------
[ -f "$examples/apt.before.Dockerfile" ] || fail "no $examples/apt.before.Dockerfile"
[ -x "$server" ] || fail "no dockerls server at $server (set DOCKERLS_SERVER, or create .venv as the README says)"
timeout 30 "$server" serve --help >/dev/null || fail "$server serve --help failed: the server has no serve command"

log "code-server (cached under ${DOCKERLS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests})"
code_server=$(timeout 1800 bash "$here/setup-code-server.sh" | tail -n 1)
[ -x "$code_server" ] || fail "setup-code-server.sh gave no launcher"

if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
  ! cmp -s "$here/package-lock.json" "$here/node_modules/.e2e-lock"; then
  log "npm ci (playwright-core, @vscode/vsce)"
  (cd "$here" && timeout 600 npm ci >&2 && cp package-lock.json node_modules/.e2e-lock)
fi

log "building the extension"
ext=$repo/editors/vscode
if [ ! -d "$ext/node_modules/vscode-languageclient" ] ||
  ! cmp -s "$ext/package-lock.json" "$ext/node_modules/.e2e-lock"; then
  (cd "$ext" && timeout 600 npm ci >&2 && cp package-lock.json node_modules/.e2e-lock)
fi
vsix=$(timeout 300 bash "$ext/scripts/package.sh" "$tmp/dockerls.vsix" | tail -n 1)
[ -f "$vsix" ] || fail "packaging produced no .vsix"

# --- An isolated code-server ---------------------------------------------------
mkdir -p "$tmp/home" "$tmp/user/User" "$tmp/extensions" "$tmp/workspace/.vscode"
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share \
  XDG_CACHE_HOME=$tmp/home/.cache XDG_STATE_HOME=$tmp/home/.local/state
cs_args=(--config "$tmp/config.yaml" --user-data-dir "$tmp/user" --extensions-dir "$tmp/extensions")
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' >"$tmp/config.yaml"
cat >"$tmp/user/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.commandCenter.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "files.autoSave": "off",
  "editor.hover.delay": 200,
  "editor.autoIndent": "none",
  "window.commandCenter": false
}
EOF

case ${E2E_VIA:-path} in
  path) server_setting="\"dockerls.path\": [\"$server\", \"serve\"]" ;;
  interpreter)
    python=$(dirname "$server")/python
    [ -x "$python" ] || fail "no python beside $server"
    server_setting="\"dockerls.interpreter\": \"$python\"" ;;
  *) fail "E2E_VIA must be path or interpreter" ;;
esac
cp "$examples/apt.before.Dockerfile" "$tmp/workspace/Dockerfile"
cat >"$tmp/workspace/.vscode/settings.json" <<EOF
{
  $server_setting,
  "dockerls.trace.server": "verbose",
  "[dockerfile]": {
    "editor.codeActionsOnSave": {
      "source.fixAll.dockerls": "explicit"
    }
  }
}
EOF

log "installing $vsix into code-server"
timeout 120 "$code_server" "${cs_args[@]}" --force --install-extension "$vsix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "installing the .vsix failed"; }
timeout 60 "$code_server" "${cs_args[@]}" --list-extensions 2>/dev/null | grep -qx 'dockerls.dockerls' ||
  fail "the extension is not listed after install"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log "starting code-server on 127.0.0.1:$port"
setsid "$code_server" "${cs_args[@]}" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  "$tmp/workspace" >"$tmp/code-server.log" 2>&1 </dev/null &
cs_pid=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$tmp/code-server.log" >&2; fail "code-server exited"; }
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || fail "code-server did not answer within 60 s"

# --- The browser side ----------------------------------------------------------
log "driving VS Code in headless Chromium"
# Chromium through a wrapper that writes down its PID (exec keeps it): playwright starts
# it as a process-group leader, so cleanup can stop it and its helpers if the driver cannot.
cat >"$tmp/chromium" <<EOF
#!/bin/sh
echo \$\$ >"$tmp/browser.pid"
exec "${E2E_CHROMIUM:-/usr/bin/chromium}" "\$@"
EOF
chmod +x "$tmp/chromium"
drive_status=0
# In the background, so that a signal to this script runs cleanup at once (bash runs
# traps only between foreground commands, and `timeout` puts itself in its own group).
E2E_URL="http://127.0.0.1:$port" E2E_WORKSPACE="$tmp/workspace" E2E_EXPECT="$expect" \
  E2E_SHOT_DIAGNOSTIC="$tmp/vscode-diagnostic.png" E2E_SHOT_FIXED="$tmp/vscode-fixed.png" \
  E2E_SHOT_COMPLETION="$tmp/vscode-completion.png" E2E_SHOT_HOVER="$tmp/vscode-hover.png" \
  E2E_SHOT_FAILURE="$tmp/failure.png" E2E_SHOT_ERROR="$tmp/vscode-error.png" \
  E2E_CHROMIUM="$tmp/chromium" \
  timeout 420 node "$here/e2e.mjs" &
drive_pid=$!
wait "$drive_pid" || drive_status=$?

if [ "$drive_status" != 0 ]; then
  for f in "$tmp"/user/logs/*/exthost*/output_logging_*/*dockerls*.log; do
    [ -f "$f" ] && { log "--- $f (last 60 lines)"; tail -n 60 "$f" >&2; }
  done
  fail "the browser run failed (status $drive_status; screenshot $tmp/failure.png)"
fi

grep -qF -- "$expect" "$tmp/workspace/Dockerfile" || fail "the saved Dockerfile lacks $expect"
shots=${E2E_SHOTS_TO:-$repo/docs/images}
mkdir -p "$shots"
cp "$tmp/vscode-diagnostic.png" "$tmp/vscode-fixed.png" "$tmp/vscode-completion.png" "$tmp/vscode-hover.png" "$shots/"
status=0
log "PASSED: APT diagnostic shown, fix applied on save, mount completion and hover shown; screenshots in $shots"
