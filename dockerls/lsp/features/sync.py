"""Document synchronisation: didOpen, didChange, didSave, didClose (plain JSON, see ``front``)."""

from __future__ import annotations

from dockerls.lsp import params
from dockerls.lsp.documents import ContentChange, OpenDocument
from dockerls.lsp.session import Session


def did_open(session: Session, raw: object) -> None:
    uri, text, version = params.opened(raw)
    session.documents.open(uri, text, version)
    if not session.watching_files:
        session.forget_lint_settings(uri)  # no watcher tells us of config edits: re-read on open
    session.schedule_lint(uri)


def did_change(session: Session, raw: object) -> None:
    uri, version, changes = params.changed(raw)
    document = session.documents.get(uri)
    if document is None:
        session.client_bug(f"textDocument/didChange for {uri}, which is not open: ignored")
        return
    for problem in _doubtful(document, version, changes):
        session.client_bug(f"textDocument/didChange for {uri}: {problem}")
    document.apply_changes(changes, version, session.encoding)
    session.schedule_lint(uri)


def _doubtful(document: OpenDocument, version: int, changes: list[ContentChange]) -> list[str]:
    """What in a well-formed change says the client's copy and ours may differ. The change is
    applied all the same (a range is clamped into the document, a reversed one turned round):
    what the client shows is what it sends next."""
    problems = []
    if version <= document.version:
        problems.append(f"version {version} does not follow version {document.version}")
    for index, change in enumerate(changes):
        if change.start is None or change.end is None:
            continue
        if change.end < change.start:
            problems.append(f"contentChanges[{index}]: the range ends before it starts; turned round")
        # Only the first range refers to the text as it is here; a range may end on the line
        # after the last one (editors write the end of a document that way).
        last_line = max(change.start[0], change.end[0])
        if index == 0 and last_line > document.lines.line_count:
            problems.append(f"contentChanges[0]: line {last_line} is past the end of the document "
                            f"({document.lines.line_count} lines); clamped")
    return problems


def did_save(session: Session, raw: object) -> None:
    uri = params.saved(raw)
    session.forget_build_context(uri)
    if not session.watching_files:
        session.forget_settings(pulled_too=False)  # a config file may have been saved
    session.lint_documents(session.documents)


def did_close(session: Session, raw: object) -> None:
    uri = params.uri(raw)
    session.documents.close(uri)  # (releases its trees: freed at once)
    session.clear_diagnostics(uri)
