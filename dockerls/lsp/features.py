"""Every LSP method the server handles, registered in one place.

Handlers stay thin: they look the document up, convert positions at the
edge (``convert``) and delegate. A request about a document that was never
opened gets an empty answer. Exceptions are caught by pygls (requests get an
error response, notifications are logged) and reported through
``DockerlsServer.report_server_error``; none can stop the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from lsprotocol import types

from dockerls.lsp import actions, convert
from dockerls.lsp.server import DockerlsServer
from dockerls.lsp.settings import SECTION


def register(server: DockerlsServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: DockerlsServer, params: types.InitializeParams) -> None:
        ls.initialization_options = params.initialization_options

    @server.feature(types.INITIALIZED)
    def initialized(ls: DockerlsServer, params: types.InitializedParams) -> None:
        if ls.pulls_configuration:
            ls.request_settings(ls.known_scopes())
        asyncio.ensure_future(ls.register_dynamic_features())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DockerlsServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents.open(item.uri, item.text, item.version)
        if not ls.watching_files:
            ls.forget_lint_settings(item.uri)  # no watcher tells us of config edits: re-read on open
        ls.schedule_lint(item.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DockerlsServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            ls.log_message(f"dockerls: change to {params.text_document.uri}, which is not open; ignored")
            return
        document.apply_changes(params.content_changes, params.text_document.version, ls.encoding)
        ls.schedule_lint(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: DockerlsServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.forget_build_context(params.text_document.uri)
        if not ls.watching_files:
            ls.forget_settings(pulled_too=False)  # a config file may have been saved
        ls.lint_documents(ls.documents)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DockerlsServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)  # (releases its trees: freed at once)
        ls.clear_diagnostics(params.text_document.uri)
        ls.collect_garbage_soon()

    @server.feature(types.TEXT_DOCUMENT_WILL_SAVE_WAIT_UNTIL)
    def will_save_wait_until(
        ls: DockerlsServer, params: types.WillSaveTextDocumentParams
    ) -> list[types.TextEdit] | None:
        document = ls.documents.get(params.text_document.uri)
        if document is None or not ls.editor_settings_for(document.uri).fix_on_will_save:
            return None
        if not ls.within_size_limit(document):
            return None
        settings, context = ls.lint_settings_for(document.uri), ls.build_context_for(document.uri)
        edits = actions.fix_all_edits(document, settings, context, ls.garbage, ls.stage_group_cache)
        ls.collect_garbage_soon()
        return convert.lsp_text_edits(edits, document.lines, ls.encoding)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND], resolve_provider=True
        ),
    )
    def code_action(ls: DockerlsServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            return None
        if not ls.within_size_limit(document):
            return []
        only = params.context.only
        target = actions.EditTarget(document, ls.encoding, ls.client_versions_edits)
        findings = ls.findings_for(document)
        found: list[types.CodeAction] = []
        if actions.kind_requested(actions.QUICKFIX_KIND, only):
            requested = convert.span(document.lines, params.range, ls.encoding)
            found.extend(actions.quick_fixes(target, document.parsed, findings, requested))
        if actions.kind_requested(actions.FIX_ALL_KIND, only):
            settings = ls.lint_settings_for(document.uri)
            if not only and ls.client_resolves_edits:
                # Asked on every cursor move: offer it, and compute its edit on codeAction/resolve.
                if any(settings.can_fix(finding) for finding in findings):
                    found.append(actions.fix_all_action(target, settings, None))
            else:
                edits = actions.fix_all_edits(
                    document, settings, ls.build_context_for(document.uri), ls.garbage, ls.stage_group_cache
                )
                ls.collect_garbage_soon()
                if edits:
                    found.append(actions.fix_all_action(target, settings, edits))
        return found

    @server.feature(types.CODE_ACTION_RESOLVE)
    def code_action_resolve(ls: DockerlsServer, action: types.CodeAction) -> types.CodeAction:
        if not actions.is_deferred_fix_all(action):
            return action
        document = ls.documents.get(action.data["uri"])
        if document is None or not ls.within_size_limit(document):
            return action
        target = actions.EditTarget(document, ls.encoding, ls.client_versions_edits)
        settings = ls.lint_settings_for(document.uri)
        edits = actions.fix_all_edits(
            document, settings, ls.build_context_for(document.uri), ls.garbage, ls.stage_group_cache
        )
        ls.collect_garbage_soon()
        return actions.fix_all_action(target, settings, edits)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: DockerlsServer, params: types.DidChangeConfigurationParams) -> None:
        if isinstance(params.settings, Mapping) and SECTION in params.settings:
            ls.pushed_settings = params.settings[SECTION]
        ls.forget_settings()
        if ls.pulls_configuration:
            ls.request_settings(ls.known_scopes())  # documents are linted when the answer comes
        else:
            ls.lint_documents(ls.documents)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: DockerlsServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.forget_settings(pulled_too=False)
        ls.forget_build_context()
        ls.lint_documents(ls.documents)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(ls: DockerlsServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        # Documents may now belong to another folder, with other settings.
        ls.forget_settings()
        if ls.pulls_configuration:
            ls.request_settings(ls.known_scopes())
        else:
            ls.lint_documents(ls.documents)
