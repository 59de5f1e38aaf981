"""A 10 MB document: opened and edited, the server answers in bounded time and keeps serving.

The numbers (didOpen → publishDiagnostics, didChange → publishDiagnostics) are
printed in the run's "robustness measurements" summary.
"""

from __future__ import annotations

import time

import pytest

from .report import record
from .servers import TEST_TIME_LIMIT
from .jsonrpc import lsp_range
from .session import EXAMPLES, fresh_uri, still_serving

TEN_MB = 10_000_000
PUBLISH_BOUND = 10.0  # seconds: generous; the server publishes within a second or two on a busy machine
ANSWER_BOUND = 5.0  # seconds: the document is over the size cap, so there is nothing to compute


def ten_megabytes() -> str:
    """Realistic Dockerfile text (the shared examples, one after another) up to 10 MB."""
    names = ("apt.before", "pip.before", "cargo.before", "apt.after")
    unit = "".join((EXAMPLES / f"{name}.Dockerfile").read_text(encoding="utf-8") + "\n" for name in names)
    return (unit * (TEN_MB // len(unit) + 1))[:TEN_MB] + "\n"


@pytest.fixture(scope="module")
def big_document(supply):
    """A server with the 10 MB document opened and then edited, and how long each publish took."""
    server = supply.take()
    server.arm_watchdog(3 * TEST_TIME_LIMIT)
    text = ten_megabytes()
    uri = fresh_uri("ten-megabytes")
    lines = text.count("\n")
    timings = {}
    try:
        began = time.perf_counter()
        server.open(uri, text)
        opened = server.diagnostics(uri, 1, timeout=PUBLISH_BOUND)
        timings["didOpen"] = time.perf_counter() - began
        start = len(server.messages)
        began = time.perf_counter()
        server.change(uri, 2, {"range": lsp_range((lines, 0), (lines, 0)), "text": "RUN pip install flask\n"})
        changed = server.diagnostics(uri, 2, start=start, timeout=PUBLISH_BOUND)
        timings["didChange"] = time.perf_counter() - began
        record(
            f"10 MB document ({len(text):,} characters, {lines:,} lines): "
            f"didOpen -> publishDiagnostics {timings['didOpen']:.2f} s ({len(opened['diagnostics'])} diagnostics), "
            f"didChange -> publishDiagnostics {timings['didChange']:.2f} s ({len(changed['diagnostics'])} diagnostics)"
        )
        yield server, uri, timings
    finally:
        server.close()  # a server still busy with the document must not compete with later tests


def test_ten_megabyte_document_is_published_and_the_server_keeps_serving(big_document):
    server, _, timings = big_document
    assert timings["didOpen"] < PUBLISH_BOUND and timings["didChange"] < PUBLISH_BOUND
    still_serving(server)


def test_code_actions_on_a_ten_megabyte_document_are_answered(big_document):
    server, uri, _ = big_document
    for only in (["quickfix"], ["source.fixAll"]):
        began = time.perf_counter()
        response = server.code_actions(uri, lsp_range((0, 0), (3, 0)), only=only, timeout=ANSWER_BOUND)
        record(f"10 MB document: {only[0]} code action answered in {time.perf_counter() - began:.2f} s")
        assert "result" in response
    still_serving(server)
