"""Process-wide tuning shared by the CLI and the server."""

from __future__ import annotations

import gc
import sys

# A server's live heap may gain this fraction of itself in garbage before a full collection...
GARBAGE_GROWTH = 1.0
# ...and at least this many allocator blocks (about 10 MB), so that a small document is not
# collected after every keystroke.
MIN_GARBAGE_BLOCKS = 150_000
# A collection that finds less than this share of the heap's growth to be garbage (the heap grew
# with live data: a document opened, the findings cache filled) doubles the growth the next one
# waits for, up to MAX_GARBAGE_GROWTH; one that finds more starts again from GARBAGE_GROWTH.
USEFUL_SHARE = 0.1
MAX_GARBAGE_GROWTH = 8.0


GC_THRESHOLDS = (70_000, 20, 20)
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def one_malloc_arena() -> None:
    """Have every thread allocate from the main thread's malloc arena (glibc only).

    glibc gives a new thread an arena of its own: the server's background thread
    (it loads pygls) would leave pygls' larger allocations, and the free space
    around them, in an arena the main thread never reuses, about 5 MB more at
    5,000 lines. Python runs one thread at a time anyway, so one arena costs no
    speed. Elsewhere (musl, macOS, Windows) nothing is changed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc
        pass


def raise_gc_thresholds() -> None:
    """Collections a hundred times less often (see ``tune_gc``), from the first import on."""
    gc.set_threshold(*GC_THRESHOLDS)


def tune_gc() -> None:
    """Keep the cyclic garbage collector out of the edit loop.

    A parsed Dockerfile is many small objects with reference cycles (instructions
    point back at their document). With the default thresholds a 20,000-line
    document makes the collector walk every live model several times per parse,
    which costs more than the parse. Objects alive after start-up are frozen
    (never scanned again) and collections run a hundred times less often.

    The price is that old trees, which are cyclic garbage once replaced, are
    found only by a full collection, which these thresholds make rare: a
    long-running process pairs this with a :class:`GarbageBudget`.
    """
    gc.collect()
    gc.freeze()
    raise_gc_thresholds()


class GarbageBudget:
    """Full collections at moments the caller chooses, once garbage may have piled up.

    Replaced syntax trees are released (``Dockerfile.release``) and freed at
    once, so little cyclic garbage is left; ``tune_gc``'s thresholds make the
    full collections that would find it rare, and this is the safety net for
    whatever else makes cycles. (Before trees were released, each one was cyclic
    garbage and a server editing a 20,000-line file grew by several hundred MB;
    collecting at half the heap's growth then cost 0.4–0.7 s at 20,000 lines
    every few edits.) Whether a collection is due is judged from the
    allocator's block count, which costs microseconds to read; a collection
    walks the whole live heap (hundreds of ms at 20,000 lines), so it is done
    only once the heap has grown by ``growth`` of what the last one left alive,
    which keeps its cost in proportion to the work that made the garbage; and
    since trees are released, most collections find next to nothing (a few
    hundred objects at 5,000 lines, for 0.15–0.3 s), so each one that does
    doubles the growth the next waits for.
    """

    def __init__(self) -> None:
        self._live_blocks = sys.getallocatedblocks()
        self.growth = GARBAGE_GROWTH
        self.collections = 0

    def _allowance(self) -> float:
        return max(MIN_GARBAGE_BLOCKS, self._live_blocks * self.growth)

    def due(self) -> bool:
        """Whether the heap has grown by ``growth`` of what the last collection left alive."""
        return sys.getallocatedblocks() - self._live_blocks >= self._allowance()

    def overdue(self) -> bool:
        """Whether it has grown by twice that: a collection that should not wait for a quiet moment."""
        return sys.getallocatedblocks() - self._live_blocks >= 2 * self._allowance()

    def collect_if_due(self) -> bool:
        if not self.due():
            return False
        self.collect()
        return True

    def collect_if_overdue(self) -> bool:
        """Inside a long computation (a fix-all's rounds): only when far over the budget, so
        that a collection merely due is left to a quiet moment rather than paid by a request."""
        if not self.overdue():
            return False
        self.collect()
        return True

    def collect(self) -> None:
        before = sys.getallocatedblocks()
        gc.collect()
        after = sys.getallocatedblocks()
        useful = before - after >= (before - self._live_blocks) * USEFUL_SHARE
        self.growth = GARBAGE_GROWTH if useful else min(2 * self.growth, MAX_GARBAGE_GROWTH)
        self._live_blocks = after
        self.collections += 1

    def count_as_live(self) -> None:
        """What is allocated now is live (modules just loaded and frozen), not garbage to collect."""
        self._live_blocks = sys.getallocatedblocks()

