"""Coverage-guided fuzzing of the parser, the rules and the fix engine (atheris).

    python fuzz/fuzz_engine.py -max_total_time=120 fuzz/corpus

Any input that raises is written to tests/fuzz_regressions/ by libFuzzer's
crash handling (see run.sh), where tests/test_fuzz_regressions.py replays it.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from dockerls.engine import LintSettings, fix, lint
    from dockerls.rules import RULES
    from dockerls.syntax import parse


def check_one(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = provider.ConsumeUnicodeNoSurrogates(len(data)) if provider.ConsumeBool() else data.decode("utf-8", "replace")
    document = parse(text)
    assert "".join(text[item.extent.start : item.extent.end] for item in document.items) == text
    for finding in lint(text, registry=RULES):
        assert 0 <= finding.span.start <= finding.span.end <= len(text), finding
        assert finding.code != "DLS001", finding.message  # a rule crashed
    fixed = fix(text, LintSettings(unsafe_fixes=True), registry=RULES)
    assert fix(fixed.text, LintSettings(unsafe_fixes=True), registry=RULES).text == fixed.text or fixed.rounds >= 10


def main() -> None:
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
