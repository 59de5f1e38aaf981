#!/usr/bin/env bash
# Fuzz for a bounded time (default 120 s per target); crashing inputs land in
# tests/fuzz_regressions/ (the engine) and tests/fuzz_regressions/dockerignore/, which the
# suite replays. Usage: fuzz/run.sh [SECONDS] [engine|dockerignore|all]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
target=${2:-all}
.venv/bin/python -m pip install --quiet --disable-pip-version-check atheris
if [ "$target" = engine ] || [ "$target" = all ]; then
  mkdir -p fuzz/corpus tests/fuzz_regressions
  # Seed the corpus with the examples and the golden fixtures.
  for f in examples/*/Dockerfile tests/golden/*/*/before.Dockerfile; do
    [ -f "$f" ] && cp "$f" "fuzz/corpus/$(echo "$f" | tr '/' '_')"
  done
  .venv/bin/python fuzz/fuzz_engine.py -max_total_time="$seconds" -timeout=10 \
    -artifact_prefix=tests/fuzz_regressions/ fuzz/corpus
fi
if [ "$target" = dockerignore ] || [ "$target" = all ]; then
  mkdir -p fuzz/corpus-dockerignore tests/fuzz_regressions/dockerignore
  .venv/bin/python fuzz/fuzz_dockerignore.py -max_total_time="$seconds" -timeout=10 \
    -artifact_prefix=tests/fuzz_regressions/dockerignore/ fuzz/corpus-dockerignore
fi
