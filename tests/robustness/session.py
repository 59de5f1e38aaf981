"""What "the server keeps answering" means, checked the same way by every test."""

from __future__ import annotations

import contextlib
import itertools
import re
import signal
from bisect import bisect_right

from dockerls.core.buildcontext import DirectoryContext
from tests.linting import fix, lint

from .baits import build
from .jsonrpc import ServerProcess, whole_range
from tests.paths import SEED_EXAMPLES

EXAMPLES = SEED_EXAMPLES
APT = (EXAMPLES / "apt.before.Dockerfile").read_text(encoding="utf-8")
FIX_ALL = "source.fixAll.dockerls"
HEALTH_WAIT = 5.0  # an idle server answers a trivial request in milliseconds

_fresh = itertools.count()
# LSP's line breaks (not str.splitlines' longer list). Positions are computed here the
# client's way, independently of dockerls.lsp.convert, so a bug there cannot hide itself.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@contextlib.contextmanager
def time_limit(seconds: float):
    """Bound in-process work: TimeoutError is raised in the main thread after ``seconds``,
    even inside a blocking system call such as opening a FIFO."""

    def expire(signum, frame):
        raise TimeoutError(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fresh_uri(label: str) -> str:
    return f"untitled:/robustness/{label}/{next(_fresh)}/Dockerfile"


def expected_codes(text: str) -> set[str]:
    """The codes the engine finds in process: what the server must publish for ``text``."""
    return {finding.code for finding in lint(text)}


def published_codes(params: dict) -> set[str]:
    return {diagnostic["code"] for diagnostic in params["diagnostics"]}


def fix_all_actions(response: dict) -> list[dict]:
    assert "result" in response, response
    return [action for action in response["result"] or [] if action.get("kind") == FIX_ALL]


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def position(text: str, offset: int, starts: list[int] | None = None) -> tuple[int, int]:
    """The UTF-16 (line, character) of a code-point offset."""
    starts = starts or line_starts(text)
    line = bisect_right(starts, offset) - 1
    prefix = text[starts[line] : offset]
    return line, len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def offset(text: str, line: int, character: int) -> int:
    """The code-point offset of a UTF-16 position, clamped to its line as LSP asks."""
    starts = line_starts(text)
    start = starts[line]
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    units = text[start:end].rstrip("\r\n").encode("utf-16-le", "surrogatepass")[: character * 2]
    return start + len(units.decode("utf-16-le", "surrogatepass"))


def expected_diagnostics(text: str) -> set[tuple]:
    """(code, start, end) of every finding the engine reports in process, and of the text
    each finding marks unnecessary: everything the server publishes for ``text``."""
    starts = line_starts(text)
    expected = set()
    for finding in lint(text):
        for span in (finding.span, *finding.unnecessary):
            expected.add((finding.code, position(text, span.start, starts), position(text, span.end, starts)))
    return expected


def published_diagnostics(params: dict) -> set[tuple]:
    return {
        (
            diagnostic["code"],
            (diagnostic["range"]["start"]["line"], diagnostic["range"]["start"]["character"]),
            (diagnostic["range"]["end"]["line"], diagnostic["range"]["end"]["character"]),
        )
        for diagnostic in params["diagnostics"]
    }


def apply_text_edits(text: str, edits: list[dict]) -> str:
    spans = [
        (
            offset(text, edit["range"]["start"]["line"], edit["range"]["start"]["character"]),
            offset(text, edit["range"]["end"]["line"], edit["range"]["end"]["character"]),
            edit["newText"],
        )
        for edit in edits
    ]
    for start, end, new_text in sorted(spans, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text


def fixed_by_server(server: ServerProcess, uri: str, text: str) -> str:
    """``text`` with the server's fix-all edits applied (the client advertises plain ``changes``)."""
    actions = fix_all_actions(server.code_actions(uri, whole_range(), only=["source.fixAll"]))
    if not actions:  # nothing to fix: no action is offered
        return text
    (action,) = actions
    return apply_text_edits(text, action["edit"]["changes"][uri])


def fixed_in_process(text: str) -> str:
    return fix(text).text


def still_serving(server: ServerProcess) -> None:
    """A new document is linted and its fix-all offered: the server does real work, correctly."""
    assert server.alive(), server.stderr_tail()
    uri = fresh_uri("alive")
    start = len(server.messages)
    server.open(uri, APT)
    # The request first: a server that refuses work answers it at once with an error.
    (fix_all,) = fix_all_actions(server.code_actions(uri, whole_range(), only=["source.fixAll"]))
    assert fix_all["edit"]
    assert published_codes(server.diagnostics(uri, 1, start=start)) == expected_codes(APT)
    server.close_document(uri)
    assert server.alive()
    assert not server.output_errors, server.output_errors


def healthy(server: ServerProcess) -> bool:
    """Alive, answering a trivial request promptly, and nothing malformed written so far."""
    if not server.alive() or server.output_errors or server.killed_by_watchdog:
        return False
    try:
        response = server.code_actions("untitled:/robustness/health-check", timeout=HEALTH_WAIT)
    except (AssertionError, OSError):
        return False
    return "result" in response and server.alive()


def lint_and_fix_every_bait(root):
    """Build the baits under ``root``, then check and (unsafely) fix each bait Dockerfile
    in process, against the baits' build context; returns the baits."""
    baits = build(root)
    context = DirectoryContext(str(baits.project))
    with time_limit(20):  # the baits include a FIFO, which would block whoever opens it
        for path in baits.dockerfiles:
            text = path.read_text(encoding="utf-8")
            assert lint(text, build_context=context) is not None
            assert fix(text, build_context=context, unsafe=True).text
    return baits
