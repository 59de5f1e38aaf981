"""The server's state for one client: open documents, settings per workspace folder, build
contexts, linting and publishing, and the memory kept in check between messages.

Handlers (``features/``) read and change it; everything it sends goes through
the ``Connection`` as plain JSON. It imports neither pygls nor lsprotocol, so
it works the same before they are loaded and after (see ``front``).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from dockerls.core.buildcontext import NO_CONTEXT, BuildContext, DirectoryContext
from dockerls.core.findings import Edit, Finding
from dockerls.engine import LintSettings, StageGroupCache, fix, lint_document, minimal_edits
from dockerls.engine.contextissues import context_errors, context_findings
from dockerls.lsp import diagnostics
from dockerls.lsp.capabilities import ClientCapabilities
from dockerls.lsp.connection import Connection
from dockerls.lsp.documents import DocumentStore, OpenDocument
from dockerls.lsp.settings import SECTION, EditorSettings, editor_settings, lint_settings, merged
from dockerls.lsp.uris import file_path, file_uri
from dockerls.runtime import GarbageBudget
from dockerls.syntax import LineIndex

log = logging.getLogger(__name__)

# Larger documents are not parsed, linted or fixed: a pathological buffer must not stall the server.
MAX_DOCUMENT_CHARS = 2_000_000
# How long to wait for the client to answer workspace/configuration before using defaults.
CONFIGURATION_TIMEOUT = 5.0
# Config files and .dockerignore: what a change on disk invalidates.
WATCHED_FILES = ("**/{.dockerls.toml,dockerls.toml,pyproject.toml}", "**/.dockerignore")
GLOBAL_SCOPE = ""
# window/logMessage and window/showMessage types.
ERROR, WARNING, INFO, LOG = 1, 2, 3, 4


class Session:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.client = ClientCapabilities(None)
        self.encoding = "utf-16"
        self.root_uri: str | None = None
        self.folders: dict[str, str] = {}  # workspace folder uri -> name
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
        # Build-context files (the ignore file) with findings published, by context directory.
        self._context_published: dict[str, dict[str, list[dict]]] = {}
        self._context_errors_shown: set[str] = set()
        self._lint_pending: set[str] = set()
        self.garbage = GarbageBudget()  # replaced syntax trees are freed only by full collections
        # Findings of unchanged groups of stages are reused from one version to the next.
        self.stage_group_cache = StageGroupCache()
        self.watching_files = False
        self.published = 0  # publishDiagnostics sent so far
        self.trace = "off"  # $/setTrace

    # --- the client ---------------------------------------------------------------------

    def initialize(self, params: dict[str, Any], encoding: str) -> None:
        """What an ``initialize`` request tells the server (``encoding``: the one answered)."""
        self.client = ClientCapabilities(params.get("capabilities"))
        self.encoding = encoding
        self.initialization_options = params.get("initializationOptions")
        root_uri, root_path = params.get("rootUri"), params.get("rootPath")
        if root_uri is None and isinstance(root_path, str):
            root_uri = file_uri(root_path)
        self.root_uri = root_uri if isinstance(root_uri, str) else None
        for folder in params.get("workspaceFolders") or ():
            self.folders[folder["uri"]] = folder["name"]

    @property
    def client_resolves_edits(self) -> bool:
        return "edit" in self.client.get("textDocument.codeAction.resolveSupport.properties", ())

    @property
    def client_versions_edits(self) -> bool:
        """Whether edits can be versioned ``documentChanges`` (else plain ``changes``)."""
        return self.client.supports("workspace.workspaceEdit.documentChanges")

    @property
    def pulls_configuration(self) -> bool:
        return self.client.supports("workspace.configuration")

    def log_message(self, message: str, kind: int = LOG) -> None:
        self.connection.notify("window/logMessage", {"type": kind, "message": message})

    def show_message(self, message: str, kind: int = WARNING) -> None:
        self.connection.notify("window/showMessage", {"type": kind, "message": message})

    def client_bug(self, message: str) -> None:
        """Something the client sent that LSP does not allow: in the client's log and ours,
        so the bug is visible, never acted on silently."""
        log.warning("%s", message)
        self.log_message(f"dockerls: {message}", WARNING)

    def report_once(self, messages: Iterable[str]) -> None:
        """Show each settings problem once, not on every lint."""
        fresh = [message for message in messages if message not in self._reported]
        if fresh:
            self._reported.update(fresh)
            self.show_message("dockerls: invalid settings ignored, defaults used: " + "; ".join(fresh))

    # --- workspace folders and settings ---------------------------------------------------

    def folder_uris(self) -> list[str]:
        folders = list(self.folders)
        if not folders and self.root_uri:
            folders = [self.root_uri]
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
        items = [{"scopeUri": scope, "section": SECTION} if scope else {"section": SECTION} for scope in scopes]
        try:
            answer = await asyncio.wait_for(
                self.connection.request("workspace/configuration", {"items": items}), CONFIGURATION_TIMEOUT
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

    def settings_changed(self) -> None:
        """Settings may differ now: ask for them again, or lint with what is known."""
        self.forget_settings()
        if self.pulls_configuration:
            self.request_settings(self.known_scopes())  # documents are linted when the answer comes
        else:
            self.lint_documents(self.documents)

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

    # --- linting and fixing -----------------------------------------------------------------

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
            findings = lint_document(document.parsed, settings, context, self.stage_group_cache, registry=_registry())
            document.parsed.forget_analyses()  # the findings are kept; the rules' working data need not be
        else:
            findings = []
        document.findings, document.findings_key = findings, key
        return findings

    def fix_all_edits(self, document: OpenDocument) -> list[Edit]:
        """Every fix the settings allow, applied to convergence, as minimal edits to the current
        text; computed once per version, settings and build context (``willSaveWaitUntil``
        after a fix-all code action on the same version costs nothing).

        The first round reuses the findings just published (the stage-group cache) and
        later rounds re-check only the stage groups a fix changed. Each round's tree is
        released as soon as it is checked (``engine.fix_all``), and the garbage budget
        collects before a round's check when it is far over (left to the collector's
        thresholds, a fix-all of a 20,000-line file grew the server by 160 MB); a
        collection that is merely due waits for a quiet moment (``front``), not in this
        request.
        """
        settings, context = self.lint_settings_for(document.uri), self.build_context_for(document.uri)
        key = (document.version, settings, context)
        if document.fix_all is not None and _same(document.fix_all_key, key):
            return document.fix_all
        result = fix(
            document.text,
            settings,
            context,
            registry=_registry(),
            cache=self.stage_group_cache,
            before_check=self.garbage.collect_if_overdue,
            tree=document.parsed,  # already parsed (and its findings cached) for the diagnostics
        )
        edits = minimal_edits(document.text, result.text)
        document.fix_all, document.fix_all_key = edits, key
        return edits

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

    @property
    def lint_scheduled(self) -> bool:
        """Whether a lint will run as soon as the loop gets to it."""
        return bool(self._lint_pending)

    @property
    def lint_pending(self) -> bool:
        """Whether a lint is scheduled or waits for settings."""
        return bool(self._lint_pending or self._settings_requests)

    def _lint_and_publish(self, uri: str) -> None:
        self._lint_pending.discard(uri)
        document = self.documents.get(uri)
        if document is None:  # closed meanwhile
            return
        try:
            findings = self.findings_for(document)
            published = diagnostics.diagnostics(findings, document.lines, self.encoding, uri)
        except Exception:
            log.exception("linting %s failed", uri)
            self.log_message(f"dockerls: linting {uri} failed; see the server's stderr", ERROR)
            return
        # Linting ran synchronously on the newest text: this version cannot be stale.
        self.publish(uri, published, document.version)
        self.publish_context_issues(uri)

    def publish_context_issues(self, uri: str) -> None:
        """The findings in the Dockerfile's build-context files (a .dockerignore line BuildKit
        refuses or dockerls cannot read) on those files' URIs, cleared when they are gone; a
        context file that could not be read whole is shown once."""
        path = file_path(uri)
        context = self.build_context_for(uri)
        if path is None or context is NO_CONTEXT:
            return
        by_file: dict[str, list[Finding]] = {}
        texts: dict[str, str] = {}
        for found in context_findings(context):
            by_file.setdefault(found.path, []).append(found.finding)
            texts[found.path] = found.text
        now = {
            file_uri(name): diagnostics.diagnostics(findings, LineIndex(texts[name]), self.encoding)
            for name, findings in by_file.items()
        }
        before = self._context_published.get(os.path.dirname(path), {})
        for ignore_uri in before.keys() - now.keys():
            self.publish(ignore_uri, [])
        for ignore_uri, published in now.items():
            if before.get(ignore_uri) != published:  # unchanged: not sent again on every keystroke
                self.publish(ignore_uri, published)
        self._context_published[os.path.dirname(path)] = now
        fresh = [f"{name}: {why}" for name, why in context_errors(context) if f"{name}: {why}" not in self._context_errors_shown]
        if fresh:
            self._context_errors_shown.update(fresh)
            self.show_message("dockerls: " + "; ".join(fresh) + "; the fixes that depend on it are not offered")

    def publish(self, uri: str, published: list[dict], version: int | None = None) -> None:
        params: dict[str, Any] = {"uri": uri, "diagnostics": published}
        if version is not None:
            params["version"] = version
        self.connection.notify("textDocument/publishDiagnostics", params)
        self.published += 1

    def clear_diagnostics(self, uri: str) -> None:
        self._lint_pending.discard(uri)
        self.publish(uri, [])

    # --- file watching ----------------------------------------------------------------------

    async def register_dynamic_features(self) -> None:
        """Watch config files (and ask for configuration changes) where the client lets us register."""
        registrations = []
        if self.client.supports("workspace.didChangeWatchedFiles.dynamicRegistration"):
            registrations.append(
                {
                    "id": "dockerls-watched-files",
                    "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": {"watchers": [{"globPattern": pattern} for pattern in WATCHED_FILES]},
                }
            )
        if self.client.supports("workspace.didChangeConfiguration.dynamicRegistration"):
            registrations.append(
                {
                    "id": "dockerls-configuration",
                    "method": "workspace/didChangeConfiguration",
                    "registerOptions": {"section": SECTION},
                }
            )
        if not registrations:
            return
        try:
            await asyncio.wait_for(
                self.connection.request("client/registerCapability", {"registrations": registrations}),
                CONFIGURATION_TIMEOUT,
            )
        except Exception as error:
            self.log_message(f"dockerls: client/registerCapability failed: {error!r}")
            return
        self.watching_files = any(r["method"] == "workspace/didChangeWatchedFiles" for r in registrations)


def _same(a: tuple | None, b: tuple) -> bool:
    return a is not None and len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


def _registry():
    """The rule registry, imported at the first lint rather than at start-up: the front
    answers ``initialize`` before the rules are loaded (``front.load_rules`` loads them
    while the client reads that answer)."""
    from dockerls.rules import RULES

    return RULES
