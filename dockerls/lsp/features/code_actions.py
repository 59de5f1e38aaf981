"""``textDocument/codeAction`` and ``codeAction/resolve`` (served by pygls, see ``front``).

A request about a document that was never opened gets an empty answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from dockerls.lsp import actions, convert

if TYPE_CHECKING:
    from dockerls.lsp.server import DockerlsServer  # (the server imports this module to register it)


def code_action(ls: DockerlsServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    session = ls.session
    document = session.documents.get(params.text_document.uri)
    if document is None:
        return None
    if not session.within_size_limit(document):
        return []
    only = params.context.only
    target = actions.EditTarget(document, session.encoding, session.client_versions_edits)
    findings = session.findings_for(document)
    found: list[types.CodeAction] = []
    if actions.kind_requested(actions.QUICKFIX_KIND, only):
        requested = convert.span(document.lines, params.range, session.encoding)
        found.extend(actions.quick_fixes(target, document.parsed, findings, requested, ls.converter))
    if actions.kind_requested(actions.FIX_ALL_KIND, only):
        settings = session.lint_settings_for(document.uri)
        if not only and session.client_resolves_edits:
            # Asked on every cursor move: offer it, and compute its edit on codeAction/resolve.
            if any(settings.can_fix(finding) for finding in findings):
                found.append(actions.fix_all_action(target, settings, None))
        else:
            edits = session.fix_all_edits(document)
            if edits:
                found.append(actions.fix_all_action(target, settings, edits))
    return found


def resolve(ls: DockerlsServer, action: types.CodeAction) -> types.CodeAction:
    if not actions.is_deferred_fix_all(action):
        return action
    session = ls.session
    document = session.documents.get(action.data["uri"])
    if document is None or not session.within_size_limit(document):
        return action
    target = actions.EditTarget(document, session.encoding, session.client_versions_edits)
    settings = session.lint_settings_for(document.uri)
    return actions.fix_all_action(target, settings, session.fix_all_edits(document))
