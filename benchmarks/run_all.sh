#!/usr/bin/env bash
# One command for all benchmarks: install the peers (setup.sh), then the LSP
# benchmark, the CLI benchmark (which includes the import-time reports).
# Markdown goes to stdout and to results/<timestamp>-summary.md; each
# benchmark also writes its JSON under results/ (git-ignored).
#
#   benchmarks/run_all.sh            # full run (about half an hour on 2 cores)
#   benchmarks/run_all.sh --quick    # smoke run: small sizes, few repetitions
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
python=${PYTHON:-python3}

lsp_args=()
cli_args=()
if [ "${1:-}" = "--quick" ]; then
    lsp_args=(--sizes 60,1000 --size-runs 1 --changes 10 --bursts 1 --startup-runs 2 --fix-alls 3 --first-runs 2 --new-opens 2)
    cli_args=(--files 20 --reps 1 --startup-reps 3 --file-sizes 100)
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--quick]" >&2
    exit 2
fi

"$here/setup.sh" >&2
"$here/install_dockerls.sh" >&2  # the working tree, installed as users get it

if ! "$repo/.venv/bin/dockerls" serve --help >/dev/null 2>&1; then
    echo "run_all.sh: '$repo/.venv/bin/dockerls serve --help' fails; install the project first:" >&2
    echo "  python3 -m venv .venv && .venv/bin/pip install -e '.[test]'" >&2
    exit 1
fi

mkdir -p "$here/results"
summary="$here/results/$(date +%Y%m%d-%H%M%S)-summary.md"
{
    "$python" "$here/lsp_bench.py" "${lsp_args[@]}"
    echo
    "$python" "$here/cli_bench.py" "${cli_args[@]}"
} | tee "$summary"
echo "summary: $summary" >&2
