"""Numbers the tests measure, printed in the run's "robustness measurements" summary (see conftest)."""

from __future__ import annotations

measurements: list[str] = []


def record(line: str) -> None:
    measurements.append(line)
