"""What must hold for any ignore file and any path: shared by the suite's property test,
the fuzz-regression replay and the atheris target (fuzz/fuzz_dockerignore.py)."""

from __future__ import annotations

from dockerls.core.ignorepatterns import Meter, parse_ignore_file


def check_ignore_file(text: str, paths: list[str]) -> None:
    """Reading never raises; problems have spans inside the text; answers are True or False,
    or None exactly when the file is not understood; matching stays within its linear bound."""
    rules = parse_ignore_file(text)
    for problem in rules.problems:
        assert 0 <= problem.start <= problem.end <= len(text), problem
    bound = sum(2 * len(pattern.tokens) + 4 for pattern in rules.patterns)
    for path in paths:
        path = "/".join(part for part in path.split("/") if part not in ("", ".", "..")) or "a"
        meter = Meter()
        answer = rules.excluded(path, meter)
        if rules.unknown is not None:
            assert answer is None, (text, path, answer)
        else:
            assert answer in (True, False), (text, path, answer)
        assert meter.steps <= bound * (len(path) + 2), (text, path, meter.steps)
