"""Coverage-guided fuzzing of .dockerignore reading and matching (atheris).

    python fuzz/fuzz_dockerignore.py -max_total_time=120 fuzz/corpus-dockerignore

Checks tests/engine/ignore_properties.py (as the suite's property test does) on inputs
libFuzzer grows: reading never raises, problems have spans inside the text, answers
are True/False/None (None exactly when the file is not understood), and matching
stays within its linear step bound. Crashing inputs land in
tests/fuzz_regressions/dockerignore/ (see run.sh), which the suite replays.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, for tests/

with atheris.instrument_imports():
    from tests.engine.ignore_properties import check_ignore_file


def check_one(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicode(provider.ConsumeIntInRange(0, 4096))
    paths = [provider.ConsumeUnicode(64) for _ in range(provider.ConsumeIntInRange(0, 8))]
    check_ignore_file(text, paths)


def main() -> None:
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
