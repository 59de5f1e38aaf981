"""Process-wide tuning shared by the CLI and the server."""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Keep the cyclic garbage collector out of the edit loop.

    A parsed Dockerfile is many small objects with reference cycles (instructions
    point back at their document). With the default thresholds a 20,000-line
    document makes the collector walk every live model several times per parse,
    which costs more than the parse. Objects alive after start-up are frozen
    (never scanned again) and collections run a hundred times less often.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(70_000, 20, 20)
