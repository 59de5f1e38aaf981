"""1,000 open/change/close cycles: the server's memory returns to its baseline.

RSS is read from /proc/<pid>/status: after initialize, after a warm-up (the
first lints import the rules and fill the allocator's pools, and garbage
builds up to the level the server's garbage-collector thresholds keep, which
takes a few hundred cycles), half-way through
the cycles and after them. The growth over the warm-up must stay within the
bound, and must have levelled off: a steady growth in the second half is a
leak, however small the total. The numbers are printed in the run's
"robustness measurements" summary.

Each cycle's text differs from every other only in comment lines: the RUN
bodies repeat, so the bounded cache of parsed shell bodies (``syntax.shell``,
up to 8192 entries, by design) stays the same size and what is measured is
what the server keeps per document, request and notification.
"""

from __future__ import annotations

from tests.linting import lint

from .jsonrpc import ServerProcess, lsp_range
from .report import record
from .session import EXAMPLES, position, still_serving

WARM_UP = 300
CYCLES = 1_000
TOTAL_BOUND_KB = 15 * 1024  # growth over the warmed-up baseline
# Growth over the second half of the cycles: 4 KiB a cycle, where a leak of one
# future per notification (about 6 KiB a cycle) shows, and allocator noise does not.
SECOND_HALF_BOUND_KB = 2 * 1024
# 1,300 cycles take about 6 s on an idle 2-core machine and up to 20 s when it is busy.
TIME_LIMIT = 45.0

# The shared examples in turn, so every rule family's code runs in the cycles.
DOCUMENTS = [
    (EXAMPLES / f"{name}.before.Dockerfile").read_text(encoding="utf-8") + "\n" for name in ("apt", "pip", "cargo")
]
# On the first finding, as an editor asks for the actions at the cursor: quick fixes are built every cycle.
CURSORS = [position(document, lint(document)[0].span.start) for document in DOCUMENTS]


def cycle(server: ServerProcess, number: int) -> int:
    """Open a new document, edit it, ask for the code actions at the cursor, close it;
    returns the request's id."""
    uri = f"untitled:/robustness/cycles/{number}/Dockerfile"
    document = DOCUMENTS[number % len(DOCUMENTS)]
    lines = document.count("\n")
    server.open(uri, document + f"# opened {number}\n")
    server.change(uri, 2, {"range": lsp_range((lines, 0), (lines, 0)), "text": f"# edited {number}\n"})
    cursor = CURSORS[number % len(DOCUMENTS)]
    request = server.request(
        "textDocument/codeAction", server.code_action_params(uri, lsp_range(cursor, cursor), only=["quickfix"])
    )
    server.close_document(uri)
    return request


def run_cycles(server: ServerProcess, first: int, count: int) -> None:
    last = None
    for number in range(first, first + count):
        last = cycle(server, number)
    response = server.response(last)  # messages are handled in order: every cycle before it is done
    assert response["result"], response  # the document was linted: there are quick fixes at the cursor


def test_open_change_close_cycles_return_memory_to_baseline(own_server):
    own_server.arm_watchdog(TIME_LIMIT)
    initial = own_server.rss_kb()
    run_cycles(own_server, 0, WARM_UP)
    baseline = own_server.rss_kb()
    run_cycles(own_server, WARM_UP, CYCLES // 2)
    half_way = own_server.rss_kb()
    run_cycles(own_server, WARM_UP + CYCLES // 2, CYCLES // 2)
    after = own_server.rss_kb()
    record(
        f"RSS: {initial / 1024:.1f} MiB after initialize, {baseline / 1024:.1f} MiB after {WARM_UP} warm-up "
        f"cycles, {half_way / 1024:.1f} MiB after {CYCLES // 2} more open/change/close cycles, "
        f"{after / 1024:.1f} MiB after {CYCLES} (growth {(after - baseline) / 1024:+.1f} MiB, "
        f"{(after - half_way) / 1024:+.1f} MiB in the second half; bounds +{TOTAL_BOUND_KB // 1024} "
        f"and +{SECOND_HALF_BOUND_KB // 1024} MiB)"
    )
    still_serving(own_server)
    assert after - baseline <= TOTAL_BOUND_KB
    assert after - half_way <= SECOND_HALF_BOUND_KB
