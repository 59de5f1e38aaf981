"""The server's memory policy, in process: the garbage budget (``dockerls.runtime``) and the
fix-all that collects between rounds (``Session.fix_all_edits``), which must give exactly the
edits of ``dockerls.engine.fix``."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

from dockerls.core.buildcontext import NO_CONTEXT
from dockerls.engine import LintSettings, apply_edits, minimal_edits
from tests.linting import fix
from dockerls.lsp.connection import Connection
from dockerls.lsp.session import Session
from dockerls.runtime import GARBAGE_GROWTH, MIN_GARBAGE_BLOCKS, GarbageBudget

from .documents import DOCUMENTS, parses
from .inprocess import Capture


def session_with(settings: dict | None = None) -> Session:
    session = Session(Connection(Capture()))
    session.initialize({"capabilities": {}, "initializationOptions": settings}, "utf-16")
    return session


class Cycle:
    def __init__(self) -> None:
        self.me = self  # unreachable once dropped, freed only by the cyclic collector


@pytest.fixture
def collector_off():
    """No automatic collection during the test, so only the budget can free the garbage."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_the_budget_collects_once_garbage_has_piled_up(collector_off):
    budget = GarbageBudget()
    budget.collect()  # start from a collected heap
    assert not budget.due()
    witness = Cycle()
    alive = weakref.ref(witness)
    # Enough for the budget, whatever else this process holds: each cycle takes at least one block.
    enough = int(max(MIN_GARBAGE_BLOCKS, sys.getallocatedblocks() * GARBAGE_GROWTH)) + 1
    garbage = [witness] + [Cycle() for _ in range(enough)]
    del witness, garbage
    assert alive() is not None  # refcounting alone cannot free a cycle
    assert budget.due()
    assert budget.collect_if_due()
    assert alive() is None
    assert not budget.due() and not budget.collect_if_due()


def test_a_little_garbage_is_not_worth_a_collection(collector_off):
    budget = GarbageBudget()
    budget.collect()
    collections = budget.collections
    witness = Cycle()
    alive = weakref.ref(witness)
    del witness
    assert not budget.collect_if_due()
    assert budget.collections == collections and alive() is not None
    gc.collect()


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_fix_all_edits_are_the_engine_fix(name, unsafe):
    text = DOCUMENTS[name]
    session = session_with({"unsafeFixes": unsafe})
    edits = session.fix_all_edits(session.documents.open("untitled:/w/Dockerfile", text, 1))
    expected = fix(text, LintSettings(unsafe_fixes=unsafe), NO_CONTEXT).text
    assert edits and edits == minimal_edits(text, expected)
    fixed = apply_edits(text, edits)
    assert fixed == expected and parses(fixed)
    assert ("\r\n" in fixed) == ("\r\n" in text)


def test_fix_all_collects_between_rounds_when_far_over_budget(collector_off, monkeypatch):
    """Each round's check asks the budget first: garbage left by the previous round is freed
    once it is far over the budget (a collection merely due waits for a quiet moment)."""
    asked = []
    session = session_with()
    monkeypatch.setattr(session.garbage, "collect_if_overdue", lambda: asked.append(True) or False)
    text = DOCUMENTS["partial"]
    session.fix_all_edits(session.documents.open("untitled:/w/Dockerfile", text, 1))
    assert len(asked) >= 2  # the first check, and one after each round that changed the text
    gc.collect()


def test_what_is_loaded_and_kept_counts_as_live(collector_off):
    """Modules loaded in the background (pygls) are no garbage: no collection for them."""
    budget = GarbageBudget()
    budget.collect()
    enough = int(max(MIN_GARBAGE_BLOCKS, sys.getallocatedblocks() * GARBAGE_GROWTH)) + 1
    kept = [[] for _ in range(enough)]
    assert budget.due()
    budget.count_as_live()
    assert not budget.due() and len(kept) == enough


def test_a_collection_that_finds_little_makes_the_next_wait_longer(collector_off):
    """Growth that is live data (a document opened) is no reason to walk the heap again soon."""
    budget = GarbageBudget()
    budget.collect()
    enough = int(max(MIN_GARBAGE_BLOCKS, sys.getallocatedblocks() * GARBAGE_GROWTH)) + 1
    kept = [[] for _ in range(enough)]
    assert budget.due()
    budget.collect()  # nothing to free: all of it is live
    assert budget.growth == 2 * GARBAGE_GROWTH
    more = [[] for _ in range(enough)]
    assert not budget.due()  # twice the growth is needed now
    garbage = [Cycle() for _ in range(4 * enough)]
    del garbage
    assert budget.due()
    budget.collect()  # this one frees plenty: back to the normal growth
    assert budget.growth == GARBAGE_GROWTH and len(kept) + len(more) == 2 * enough


def test_inside_a_fix_all_only_an_overdue_collection_runs(collector_off):
    budget = GarbageBudget()
    budget.collect()
    allowance = int(max(MIN_GARBAGE_BLOCKS, sys.getallocatedblocks() * GARBAGE_GROWTH))
    grown = [[] for _ in range(allowance + allowance // 4)]  # one allocator block each
    assert budget.due() and not budget.overdue()
    assert not budget.collect_if_overdue() and budget.due()
    grown += [[] for _ in range(allowance)]
    assert budget.overdue() and budget.collect_if_overdue() and not budget.due()
