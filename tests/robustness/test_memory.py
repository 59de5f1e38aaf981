"""1,000 open/change/close cycles: the server's memory returns to its baseline.

RSS is read from /proc/<pid>/status: after initialize, after a warm-up (the
first lints import the rules and fill the allocator's pools), and after the
cycles. The numbers are printed in the run's "robustness measurements" summary.
"""

from __future__ import annotations

from dockerls.engine import lint

from .conftest import record
from .jsonrpc import ServerProcess, lsp_range
from .session import EXAMPLES, position, still_serving

WARM_UP = 100
CYCLES = 1_000
RSS_BOUND_KB = 15 * 1024  # growth over the warmed-up baseline

# The shared examples in turn, so every rule family's code runs in the cycles.
DOCUMENTS = [
    (EXAMPLES / f"{name}.before.Dockerfile").read_text(encoding="utf-8") + "\n" for name in ("apt", "pip", "cargo")
]
# On its first finding, as an editor asks for the actions at the cursor: quick fixes are built every cycle.
CURSORS = [position(document, lint(document)[0].span.start) for document in DOCUMENTS]


def cycle(server: ServerProcess, number: int) -> int:
    """Open a new document, edit it, ask for its code actions, close it; returns the request id.

    Every document and edit is new text, as in an editing session, so no cache can answer for it."""
    uri = f"untitled:/robustness/cycles/{number}/Dockerfile"
    document = DOCUMENTS[number % len(DOCUMENTS)]
    lines = document.count("\n")
    server.open(uri, document + f"RUN echo opened {number}\n")
    server.change(uri, 2, {"range": lsp_range((lines, 0), (lines, 0)), "text": f"RUN echo edited {number}\n"})
    cursor = lsp_range(CURSORS[number % len(DOCUMENTS)], CURSORS[number % len(DOCUMENTS)])
    request = server.request("textDocument/codeAction", server.code_action_params(uri, cursor, only=["quickfix"]))
    server.close_document(uri)
    return request


def run_cycles(server: ServerProcess, first: int, count: int) -> None:
    last = None
    for number in range(first, first + count):
        last = cycle(server, number)
    response = server.response(last)  # handled in order: every cycle before it is done
    assert response["result"], response


def test_open_change_close_cycles_return_memory_to_baseline(own_server):
    initial = own_server.rss_kb()
    run_cycles(own_server, 0, WARM_UP)
    baseline = own_server.rss_kb()
    run_cycles(own_server, WARM_UP, CYCLES)
    after = own_server.rss_kb()
    record(
        f"RSS: {initial / 1024:.1f} MiB after initialize, {baseline / 1024:.1f} MiB after {WARM_UP} warm-up cycles, "
        f"{after / 1024:.1f} MiB after {CYCLES} more open/change/close cycles "
        f"(growth {(after - baseline) / 1024:+.1f} MiB, bound {RSS_BOUND_KB / 1024:.0f} MiB)"
    )
    assert after - baseline <= RSS_BOUND_KB
    still_serving(own_server)
