"""Code actions: a quick fix per finding, "ignore" per finding, and one fix-all.

Actions are built from the findings the server computes for the document's
current text, never from the diagnostics a client sends back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from cattrs import Converter
from lsprotocol import types

from dockerls.core.findings import Edit, Finding, Fix
from dockerls.engine import LintSettings
from dockerls.engine.suppress import suppression_fix
from dockerls.lsp import convert
from dockerls.lsp.capabilities import FIX_ALL_KIND, QUICKFIX_KIND
from dockerls.lsp.documents import OpenDocument
from dockerls.syntax import Dockerfile, Span

log = logging.getLogger(__name__)

# Marks a fix-all action whose edit is computed on codeAction/resolve.
FIX_ALL_DATA = "dockerls.fixAll"


@dataclass(frozen=True)
class EditTarget:
    """Where edits go and how the client wants them written."""

    document: OpenDocument
    encoding: str
    document_changes: bool

    def workspace_edit(self, edits: Sequence[Edit]) -> types.WorkspaceEdit:
        return convert.lsp_workspace_edit(
            self.document.uri,
            self.document.version,
            edits,
            self.document.lines,
            self.encoding,
            document_changes=self.document_changes,
        )


def kind_requested(kind: str, only: Sequence[str] | None) -> bool:
    """``context.only`` matches a kind and every kind below it (``source`` covers ``source.fixAll.dockerls``)."""
    if not only:
        return True
    return any(wanted == "" or kind == wanted or kind.startswith(wanted + ".") for wanted in only)


def touches(finding: Finding, requested: Span) -> bool:
    """Whether the finding (or text it marks unnecessary, or one of its related places) meets the
    requested range; a cursor touching an end counts."""
    spans = (finding.span, *finding.unnecessary, *(related.span for related in finding.related))
    return any(span.start <= requested.end and requested.start <= span.end for span in spans)


def fix_title(fix_: Fix) -> str:
    if fix_.is_safe or "unsafe" in fix_.title.lower():
        return fix_.title
    return f"{fix_.title} (unsafe)"


def quick_fixes(
    target: EditTarget, parsed: Dockerfile, findings: Sequence[Finding], requested: Span, converter: Converter
) -> list[types.CodeAction]:
    """For each finding in range: its fix (preferred when safe), its alternatives, and "ignore"."""
    actions: list[types.CodeAction] = []
    lines, encoding = target.document.lines, target.encoding
    for finding in findings:
        if not touches(finding, requested):
            continue
        diagnostic = convert.lsp_diagnostic(finding, lines, encoding, converter, target.document.uri)
        fixes = [fix_ for fix_ in (finding.fix, *finding.alternatives) if fix_ is not None and fix_.edits]
        for fix_ in fixes:
            preferred = fix_ is finding.fix and fix_.is_safe
            actions.append(
                types.CodeAction(
                    title=fix_title(fix_),
                    kind=QUICKFIX_KIND,
                    diagnostics=[diagnostic],
                    is_preferred=True if preferred else None,
                    edit=target.workspace_edit(fix_.edits),
                )
            )
        try:
            ignore = suppression_fix(parsed, finding)
        except Exception:  # a bug there must not cost the user the fixes above
            log.exception("no suppression fix for %s", finding.code)
            continue
        actions.append(
            types.CodeAction(
                title=ignore.title,
                kind=QUICKFIX_KIND,
                diagnostics=[diagnostic],
                edit=target.workspace_edit(ignore.edits),
            )
        )
    return actions


def fix_all_title(settings: LintSettings) -> str:
    if settings.unsafe_fixes:
        return "dockerls: Fix all auto-fixable problems (including unsafe fixes)"
    return "dockerls: Fix all auto-fixable problems"


def fix_all_action(target: EditTarget, settings: LintSettings, edits: Sequence[Edit] | None) -> types.CodeAction:
    """The fix-all action; without ``edits`` it is left for codeAction/resolve to fill in."""
    action = types.CodeAction(title=fix_all_title(settings), kind=FIX_ALL_KIND)
    if edits is None:
        action.data = {"kind": FIX_ALL_DATA, "uri": target.document.uri, "version": target.document.version}
    else:
        action.edit = target.workspace_edit(edits)
    return action


def is_deferred_fix_all(action: types.CodeAction) -> bool:
    data = action.data
    return isinstance(data, dict) and data.get("kind") == FIX_ALL_DATA and isinstance(data.get("uri"), str)
