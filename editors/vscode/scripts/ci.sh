#!/usr/bin/env bash
# CI for the VS Code extension: clean install from the lock file, compile,
# unit tests (node's test runner). Idempotent; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
npm ci
npm run compile
npm test
