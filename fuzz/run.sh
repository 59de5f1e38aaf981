#!/usr/bin/env bash
# Fuzz for a bounded time (default 120 s); crashing inputs land in tests/fuzz_regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
.venv/bin/python -m pip install --quiet --disable-pip-version-check atheris
mkdir -p fuzz/corpus tests/fuzz_regressions
# Seed the corpus with the examples and the golden fixtures.
for f in examples/*/Dockerfile tests/golden/*/*/before.Dockerfile; do
  [ -f "$f" ] && cp "$f" "fuzz/corpus/$(echo "$f" | tr '/' '_')"
done
.venv/bin/python fuzz/fuzz_engine.py -max_total_time="$seconds" -timeout=10 \
  -artifact_prefix=tests/fuzz_regressions/ fuzz/corpus
