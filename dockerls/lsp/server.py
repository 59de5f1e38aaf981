"""The server's state: open documents, settings per workspace folder, build contexts, and linting.

Handlers live in ``features.py``; this module holds what they share.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from dockerls import __version__
from dockerls.core.buildcontext import NO_CONTEXT, BuildContext, DirectoryContext
from dockerls.core.findings import Finding
from dockerls.engine import LintSettings, StageGroupCache, lint_document
from dockerls.lsp import convert
from dockerls.lsp.documents import DocumentStore, OpenDocument
from dockerls.lsp.protocol import DockerlsProtocol
from dockerls.lsp.settings import SECTION, EditorSettings, editor_settings, lint_settings, merged
from dockerls.rules import RULES
from dockerls.runtime import GarbageBudget

log = logging.getLogger(__name__)

# Larger documents are not parsed, linted or fixed: a pathological buffer must not stall the server.
MAX_DOCUMENT_CHARS = 2_000_000
# How long to wait for the client to answer workspace/configuration before using defaults.
CONFIGURATION_TIMEOUT = 5.0
# Config files and .dockerignore: what a change on disk invalidates.
WATCHED_FILES = ("**/{.dockerls.toml,dockerls.toml,pyproject.toml}", "**/.dockerignore")
GLOBAL_SCOPE = ""


class DockerlsServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            name="dockerls",
            version=__version__,
            protocol_cls=DockerlsProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.documents = DocumentStore()
        # Settings layers, later ones winning key by key.
        self.initialization_options: object = None
        self.pushed_settings: object = None  # from didChangeConfiguration (clients that push)
        self.pulled_settings: dict[str, object] = {}  # workspace/configuration answers, by scope
        self._settings_requests: dict[str, asyncio.Task] = {}
        self._settings_generation = 0  # bumped when settings change, so a late answer is dropped
        self._editor_settings: dict[str, tuple[EditorSettings, list[str]]] = {}
        self._lint_settings: dict[tuple[str, str | None], LintSettings] = {}
        self._build_contexts: dict[str, BuildContext] = {}
        self._reported: set[str] = set()
        self._lint_pending: set[str] = set()
        self.garbage = GarbageBudget()  # replaced syntax trees are freed only by full collections
        # Findings of unchanged groups of stages are reused from one version to the next.
        self.stage_group_cache = StageGroupCache()
        self.watching_files = False

    # --- the client ---------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or convert.UTF16)

    def client_supports(self, field: str) -> bool:
        return bool(get_capability(self.client_capabilities, field, False))

    @property
    def client_resolves_edits(self) -> bool:
        properties = get_capability(
            self.client_capabilities, "text_document.code_action.resolve_support.properties", ()
        )
        return "edit" in properties

    @property
    def client_versions_edits(self) -> bool:
        """Whether edits can be versioned ``documentChanges`` (else plain ``changes``)."""
        return self.client_supports("workspace.workspace_edit.document_changes")

    @property
    def pulls_configuration(self) -> bool:
        return self.client_supports("workspace.configuration")

    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_once(self, messages: Iterable[str]) -> None:
        """Show each settings problem once, not on every lint."""
        fresh = [message for message in messages if message not in self._reported]
        if fresh:
            self._reported.update(fresh)
            text = "dockerls: invalid settings ignored, defaults used: " + "; ".join(fresh)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=text))

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop up a message for every failed notification; a log line is enough.
        if isinstance(error, JsonRpcMethodNotFound):  # the client has its error response; nothing failed here
            log.info("%s", error)
            return
        log.error("%s: %s", getattr(source, "__name__", source), error)
        try:
            self.log_message(f"dockerls: {type(error).__name__}: {error}", types.MessageType.Error)
        except Exception:  # the connection itself may be what failed
            pass

    # --- workspace folders and settings ---------------------------------------------------

    def folder_uris(self) -> list[str]:
        try:
            workspace = self.workspace
        except RuntimeError:  # not initialised yet
            return []
        folders = [folder.uri for folder in workspace.folders.values()]
        if not folders and workspace.root_uri:
            folders = [workspace.root_uri]
        return folders

    def scope_of(self, uri: str) -> str:
        """The workspace folder a document belongs to (the innermost), or the global scope."""
        plain = unquote(uri)
        best = GLOBAL_SCOPE
        for folder in self.folder_uris():
            prefix = unquote(folder).rstrip("/") + "/"
            if plain.startswith(prefix) and len(folder) > len(best):
                best = folder
        return best

    def settings_ready(self, scope: str) -> bool:
        return not self.pulls_configuration or scope in self.pulled_settings

    def request_settings(self, scopes: Iterable[str]) -> None:
        """Ask the client for our section in each scope; documents there are linted once it answers."""
        wanted = [scope for scope in dict.fromkeys(scopes) if scope not in self._settings_requests]
        if not wanted:
            return
        task = asyncio.ensure_future(self._pull_settings(wanted))
        for scope in wanted:
            self._settings_requests[scope] = task

    async def _pull_settings(self, scopes: list[str]) -> None:
        generation = self._settings_generation
        items = [types.ConfigurationItem(scope_uri=scope or None, section=SECTION) for scope in scopes]
        try:
            answer = await asyncio.wait_for(
                self.workspace_configuration_async(types.ConfigurationParams(items=items)), CONFIGURATION_TIMEOUT
            )
        except Exception as error:
            self.log_message(f"dockerls: workspace/configuration failed ({error!r}); using other settings")
            answer = []
        if generation != self._settings_generation:
            return  # settings changed while we waited; a newer request is on its way
        answer = list(answer) if isinstance(answer, (list, tuple)) else []
        for index, scope in enumerate(scopes):
            self.pulled_settings[scope] = answer[index] if index < len(answer) else None
            self._settings_requests.pop(scope, None)
        self.forget_settings(pulled_too=False)
        self.lint_documents(document for document in self.documents if self.scope_of(document.uri) in scopes)

    def forget_settings(self, *, pulled_too: bool = True) -> None:
        """Drop every settings cache (a configuration change, or a config file changed)."""
        if pulled_too:
            self.pulled_settings.clear()
            self._settings_requests.clear()
            self._settings_generation += 1
        self._editor_settings.clear()
        self._lint_settings.clear()
        self._reported.clear()

    def known_scopes(self) -> list[str]:
        return [GLOBAL_SCOPE, *self.folder_uris(), *(self.scope_of(d.uri) for d in self.documents)]

    def _editor_settings_of(self, scope: str) -> tuple[EditorSettings, list[str]]:
        cached = self._editor_settings.get(scope)
        if cached is None:
            raw, errors = merged(self.initialization_options, self.pushed_settings, self.pulled_settings.get(scope))
            settings, more_errors = editor_settings(raw)
            cached = self._editor_settings[scope] = (settings, [*errors, *more_errors])
        return cached

    def editor_settings_for(self, uri: str) -> EditorSettings:
        settings, errors = self._editor_settings_of(self.scope_of(uri))
        self.report_once(errors)
        return settings

    def _lint_settings_key(self, uri: str) -> tuple[str, str | None]:
        """Settings depend on the folder and the config file nearest the document; every
        buffer without a file (``untitled:``) in a folder shares one entry."""
        path = file_path(uri)
        return self.scope_of(uri), os.path.dirname(path) if path else None

    def lint_settings_for(self, uri: str) -> LintSettings:
        key = self._lint_settings_key(uri)
        scope, path = key[0], file_path(uri)
        settings = self._lint_settings.get(key)
        if settings is None:
            editor, editor_errors = self._editor_settings_of(scope)
            folder = file_path(scope) if scope else None
            settings, errors, _ = lint_settings(editor, path, folder)
            self._lint_settings[key] = settings
            self.report_once([*editor_errors, *errors])  # one message for everything wrong
        return settings

    def forget_lint_settings(self, uri: str) -> None:
        self._lint_settings.pop(self._lint_settings_key(uri), None)

    # --- build contexts -------------------------------------------------------------------

    def build_context_for(self, uri: str) -> BuildContext:
        """The directory of a Dockerfile saved on disk (cached per directory), else nothing known."""
        path = file_path(uri)
        if path is None or not os.path.isfile(path):
            return NO_CONTEXT
        directory = os.path.dirname(path)
        context = self._build_contexts.get(directory)
        if context is None:
            context = self._build_contexts[directory] = DirectoryContext(directory)
        return context

    def forget_build_context(self, uri: str | None = None) -> None:
        if uri is None:
            self._build_contexts.clear()
        elif (path := file_path(uri)) is not None:
            self._build_contexts.pop(os.path.dirname(path), None)

    # --- linting --------------------------------------------------------------------------

    def within_size_limit(self, document: OpenDocument) -> bool:
        """Whether the document may be parsed, linted or fixed; every request that would do
        so asks first. The user is told once per document that a larger one is left alone."""
        if len(document.text) <= MAX_DOCUMENT_CHARS:
            return True
        if not document.too_large_reported:
            document.too_large_reported = True
            self.log_message(
                f"dockerls: {document.uri} is too large to lint or fix ({len(document.text)} characters, "
                f"the limit is {MAX_DOCUMENT_CHARS})"
            )
        return False

    def findings_for(self, document: OpenDocument) -> list[Finding]:
        """The findings for the document's current text and settings, computed at most once."""
        settings = self.lint_settings_for(document.uri)
        context = self.build_context_for(document.uri)
        key = (document.version, settings, context)
        if document.findings is not None and _same(document.findings_key, key):
            return document.findings
        if self.within_size_limit(document):
            findings = lint_document(document.parsed, settings, context, self.stage_group_cache, registry=RULES)
            document.parsed.forget_analyses()  # the findings are kept; the rules' working data need not be
        else:
            findings = []
        document.findings, document.findings_key = findings, key
        return findings

    def lint_documents(self, documents: Iterable[OpenDocument]) -> None:
        for document in documents:
            self.schedule_lint(document.uri)

    def schedule_lint(self, uri: str) -> None:
        """Lint soon, once: the messages already received are handled first, so a burst
        of changes ends in one lint of the newest version."""
        if uri in self._lint_pending:
            return
        if not self.settings_ready(self.scope_of(uri)):
            self.request_settings([self.scope_of(uri)])  # its answer lints the document
            return
        self._lint_pending.add(uri)
        asyncio.get_running_loop().call_soon(self._lint_and_publish, uri)

    def _lint_and_publish(self, uri: str) -> None:
        self._lint_pending.discard(uri)
        document = self.documents.get(uri)
        if document is None:  # closed meanwhile
            return
        try:
            findings = self.findings_for(document)
            diagnostics = convert.json_diagnostics(findings, document.lines, self.encoding)
        except Exception:
            log.exception("linting %s failed", uri)
            self.log_message(f"dockerls: linting {uri} failed; see the server's stderr", types.MessageType.Error)
            return
        # Linting ran synchronously on the newest text: this version cannot be stale. Sent as
        # plain JSON: the same bytes as PublishDiagnosticsParams, without a cattrs pass over them.
        params = {"uri": uri, "diagnostics": diagnostics, "version": document.version}
        self.protocol.notify_json(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)
        # The tree this lint replaced is garbage now. Collecting once the publish is sent keeps
        # the pause out of this edit's latency (waiting for a quiet moment instead was tried:
        # garbage then piled up during fast typing, for no gain in the benchmark's p95).
        self.garbage.collect_if_due()

    def collect_garbage_soon(self) -> None:
        """A full collection, if due, once the current message is answered (after a fix-all or a close)."""
        asyncio.get_running_loop().call_soon(self.garbage.collect_if_due)

    def clear_diagnostics(self, uri: str) -> None:
        self._lint_pending.discard(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # --- file watching ----------------------------------------------------------------------

    async def register_dynamic_features(self) -> None:
        """Watch config files (and ask for configuration changes) where the client lets us register."""
        registrations = []
        if self.client_supports("workspace.did_change_watched_files.dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED_FILES]
            registrations.append(
                types.Registration(
                    id="dockerls-watched-files",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )
            )
        if self.client_supports("workspace.did_change_configuration.dynamic_registration"):
            registrations.append(
                types.Registration(
                    id="dockerls-configuration",
                    method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                    register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
                )
            )
        if not registrations:
            return
        try:
            await asyncio.wait_for(
                self.client_register_capability_async(types.RegistrationParams(registrations=registrations)),
                CONFIGURATION_TIMEOUT,
            )
        except Exception as error:
            self.log_message(f"dockerls: client/registerCapability failed: {error!r}")
            return
        self.watching_files = any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in registrations)


def file_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI, else None."""
    if not uri.startswith("file:"):
        return None
    try:
        return to_fs_path(uri)
    except Exception:
        return None


def _same(a: tuple | None, b: tuple) -> bool:
    return a is not None and len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))
