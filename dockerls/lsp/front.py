"""The front: every message is read here first, and the server answers before pygls is loaded.

``lsprotocol.types`` alone takes 0.35–0.6 s to import, longer than the Node
Dockerfile server needs to publish its first diagnostics. So the server
starts without pygls and lsprotocol: the front answers ``initialize`` from
plain JSON (``capabilities``, the answer pygls would give), loads the rules
while the client reads it, and handles every notification (``features``):
documents are opened, changed, linted and published as plain JSON from the
first keystroke. pygls is loaded in a background thread once the first
diagnostics are out (or half a second after ``initialized`` if no document
needs linting, or at once when a request it serves comes first) and
then answers the requests ``features.REQUESTS`` lists; until it is loaded,
such a request waits for it, and the messages after it wait their turn.

What the server does therefore never depends on whether pygls is loaded yet:
notifications are handled by the same code either way, and requests always
by pygls. ``tests/lsp/test_front.py`` replays recorded client sessions with
pygls loaded before the first message and never loaded, and compares what
the server sends.

The front also keeps the protocol's rules for every message:

- the JSON-RPC envelope (``jsonrpc``);
- before ``initialize``, a request is answered ServerNotInitialized (-32002)
  and a notification is dropped, except ``exit`` (LSP 3.17, "initialize");
  a client that opens a document too early opens it again once initialised
  and gets its diagnostics then;
- after ``shutdown``, requests are refused (InvalidRequest) and
  notifications dropped, except ``exit``;
- ``exit`` ends the process: 0 after ``shutdown``, else 1;
- a notification whose params LSP does not allow is dropped and reported
  to the client's log and to stderr (``Session.client_bug``);
- after each message, memory housekeeping (``Front._housekeep``), once
  the work the message scheduled (a lint and its publish) is done.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from typing import TYPE_CHECKING, Any

from dockerls.lsp import capabilities, jsonrpc, params
from dockerls.lsp.connection import Connection
from dockerls.lsp.features import NOTIFICATIONS, REQUESTS
from dockerls.lsp.session import Session
from dockerls.runtime import one_malloc_arena

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer

log = logging.getLogger(__name__)

# Seconds after ``initialized`` before pygls is loaded, when no document has been linted yet.
IDLE_BEFORE_LOADING = 0.5
# Seconds without a message before a due full collection runs (it takes 0.1–0.7 s on a large
# document: in a quiet moment, no request or keystroke waits for it).
QUIET_BEFORE_COLLECTING = 0.2


class Exit(SystemExit):
    """The client sent ``exit``: the process ends with LSP's exit code."""


class Front:
    def __init__(self, connection: Connection, *, load_pygls_first: bool = False) -> None:
        self.connection = connection
        self.session = Session(connection)
        self.initialized = False  # initialize answered
        self.shutting_down = False
        # pygls before the first message (tests compare both ways), else once diagnostics are out.
        self.load_pygls_first = load_pygls_first
        self._server: DockerlsServer | None = None
        self._loading: asyncio.Future | None = None
        self._housekeeping = False
        self._messages = 0  # handled so far: a collection waits until this stops moving
        self._collection: asyncio.TimerHandle | None = None

    # --- messages ------------------------------------------------------------------------

    async def handle(self, body: bytes) -> None:
        """Handle one message body; nothing here raises but ``Exit``."""
        self._messages += 1
        if self.load_pygls_first and self._server is None:
            await self.pygls()
        checked = jsonrpc.read(body)
        if isinstance(checked, jsonrpc.Refusal):
            log.warning("dropped a message: %s", checked.reason)
            if checked.response is not None:
                self.connection.send(checked.response)
            return
        try:
            if checked.is_response:
                self._response(checked)
            elif checked.is_request:
                await self._request(checked)
            else:
                self._notification(checked)
        except Exit:
            raise
        except Exception:  # a bug here must cost this message, not the session
            log.exception("handling %s failed", checked.method or "a response")
            if checked.is_request:
                error = "internal error; see the server's log"
                self.connection.respond_error(checked.id, jsonrpc.INTERNAL_ERROR, error)
        self._after_message()

    def _response(self, message: jsonrpc.Message) -> None:
        if not self.connection.take_response(message.data):
            log.warning("dropped a response to %r, which the server never asked", message.id)

    async def _request(self, message: jsonrpc.Message) -> None:
        method, request_id = message.method, message.id
        if self.shutting_down:
            self.connection.respond_error(request_id, jsonrpc.INVALID_REQUEST, "the server is shutting down")
        elif method == "initialize":
            await self._initialize(message)
        elif not self.initialized:
            self.connection.respond_error(
                request_id, jsonrpc.SERVER_NOT_INITIALIZED, f"{method}: the server is not initialized yet"
            )
        elif method == "shutdown":
            self.shutting_down = True
            self.connection.respond(request_id, None)
        elif method in REQUESTS:
            server = await self.pygls()
            server.serve(message.data)
        else:
            self.connection.respond_error(request_id, jsonrpc.METHOD_NOT_FOUND, f"Method Not Found: {method}")

    def _notification(self, message: jsonrpc.Message) -> None:
        method = message.method
        if method == "exit":
            raise Exit(0 if self.shutting_down else 1)
        if not self.initialized or self.shutting_down:
            # LSP: notifications before initialize (and after shutdown) are dropped.
            state = "not initialized yet" if not self.initialized else "shutting down"
            log.warning("dropped %s: the server is %s", method, state)
            return
        handler = NOTIFICATIONS.get(method)
        if handler is None:
            # $/cancelRequest: every request is answered before the next message is read,
            # so there is never one to cancel. Other $/ notifications may be ignored by protocol.
            if not method.startswith("$/"):
                log.info("ignored notification %r: not handled by this server", method)
            return
        try:
            handler(self.session, message.params)
        except params.Invalid as problem:
            self.session.client_bug(f"{method} ignored: {problem}")
        if method == "initialized":
            # An editor that opens no document at once: pygls is loaded while it waits.
            asyncio.get_running_loop().call_later(IDLE_BEFORE_LOADING, self._load_pygls_when_idle)

    async def _initialize(self, message: jsonrpc.Message) -> None:
        if self.initialized:
            self.connection.respond_error(message.id, jsonrpc.INVALID_REQUEST, "initialize was already received")
            return
        raw = message.params
        if not isinstance(raw, dict) or not isinstance(raw.get("capabilities"), dict):
            problem = "initialize: params.capabilities must be an object"
            self.connection.respond_error(message.id, jsonrpc.INVALID_PARAMS, problem)
            return
        problems = []
        try:
            params.workspace_folders(raw.get("workspaceFolders") or [], "params.workspaceFolders")
        except params.Invalid as problem:
            problems.append(f"{problem}; workspace folders ignored")
            raw = {**raw, "workspaceFolders": None}
        client = capabilities.ClientCapabilities(raw["capabilities"])
        problems += [f"{problem}; taken as not set" for problem in client.problems()]
        result = capabilities.initialize_result(client)
        self.session.initialize(raw, result["capabilities"]["positionEncoding"])
        self.initialized = True
        self.connection.respond(message.id, result)
        for problem in problems:
            self.session.client_bug(f"initialize: {problem}")
        # What the first lint needs, loaded while the client reads the answer.
        load_rules()
        gc.freeze()  # what is loaded now lives as long as the process: never scanned again
        self.session.garbage.count_as_live()

    # --- pygls -----------------------------------------------------------------------------

    async def pygls(self) -> DockerlsServer:
        """The pygls server, serving this session: loaded now if it is not yet."""
        if self._server is None:
            self.start_loading_pygls()
            assert self._loading is not None
            server = await self._loading
            if self._server is None:
                server.adopt(self.session)
                self._server = server
                # Frozen, as start-up's modules are: every full collection would otherwise walk
                # pygls' ≈ 50,000 objects again (≈ 20 ms each). What else is alive now is frozen
                # with them, once: trees are released (no cycles left) when replaced or closed,
                # so at most a stray cycle of this moment's state is never collected.
                gc.freeze()
                self.session.garbage.count_as_live()
        return self._server

    def start_loading_pygls(self) -> None:
        """Import pygls and lsprotocol and build the server in a background thread."""
        if self._loading is not None:
            return
        loop = asyncio.get_running_loop()
        self._loading = loop.create_future()
        one_malloc_arena()
        # A daemon thread: an exit while it imports must not wait for it.
        threading.Thread(target=self._load, args=(loop, self._loading), name="dockerls-pygls", daemon=True).start()

    @staticmethod
    def _load(loop: asyncio.AbstractEventLoop, loading: asyncio.Future) -> None:
        try:
            from dockerls.lsp.features import create_server
            from dockerls.lsp.server import prepare

            outcome: Any = create_server()
            prepare(outcome)
            settle = loading.set_result
        except BaseException as error:  # reported by the request that waits for it
            outcome, settle = error, loading.set_exception
        try:
            loop.call_soon_threadsafe(lambda: loading.done() or settle(outcome))
        except RuntimeError:  # the loop is closed: the server has exited
            pass

    # --- between messages ------------------------------------------------------------------

    def _after_message(self) -> None:
        if not self._housekeeping:
            self._housekeeping = True
            asyncio.get_running_loop().call_soon(self._housekeep)

    def _housekeep(self) -> None:
        """Memory housekeeping, in one place, once the work the last messages scheduled (a lint
        and its publish) is done; and pygls, once the first diagnostics are out.

        Replaced trees are released where they are replaced (documents, fix-all rounds); what
        cyclic garbage is left is collected when the budget says enough has piled up: once no
        message has come for a moment, or at once if it is far over."""
        if self.session.lint_scheduled:
            asyncio.get_running_loop().call_soon(self._housekeep)  # after the lint, not before it
            return
        self._housekeeping = False
        garbage = self.session.garbage
        if garbage.overdue():
            garbage.collect()
        elif garbage.due() and self._collection is None:
            self._collect_when_quiet(self._messages)
        if self.session.published:
            self._load_pygls_when_idle()

    def _collect_when_quiet(self, seen: int) -> None:
        def collect() -> None:
            self._collection = None
            if self._messages != seen:  # not quiet yet: wait for the next quiet moment
                self._collect_when_quiet(self._messages)
            else:
                self.session.garbage.collect_if_due()

        self._collection = asyncio.get_running_loop().call_later(QUIET_BEFORE_COLLECTING, collect)

    def _load_pygls_when_idle(self) -> None:
        """Load pygls now unless a lint is waiting (for its turn or for settings): it is what
        a person waits for, and the load would slow it down."""
        if self._loading is None and not self.session.lint_pending:
            self.start_loading_pygls()


def load_rules() -> None:
    """Import every rule now rather than in the first lint. A rule that fails to import is
    logged here and reported again by each lint."""
    try:
        import dockerls.rules  # noqa: F401
    except Exception:
        log.exception("loading the rules failed")

