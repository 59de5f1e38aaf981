"""Settings and workspace changes: didChangeConfiguration, didChangeWatchedFiles,
didChangeWorkspaceFolders (plain JSON, see ``front``)."""

from __future__ import annotations

from collections.abc import Mapping

from dockerls.lsp import params
from dockerls.lsp.session import Session
from dockerls.lsp.settings import SECTION


def did_change_configuration(session: Session, raw: object) -> None:
    settings = params.settings(raw)
    if isinstance(settings, Mapping) and SECTION in settings:
        session.pushed_settings = settings[SECTION]
    session.settings_changed()


def did_change_watched_files(session: Session, raw: object) -> None:
    params.watched_file_changes(raw)
    session.forget_settings(pulled_too=False)
    session.forget_build_context()
    session.lint_documents(session.documents)


def did_change_workspace_folders(session: Session, raw: object) -> None:
    added, removed = params.folder_changes(raw)
    for uri, _ in removed:
        session.folders.pop(uri, None)
    for uri, name in added:
        session.folders[uri] = name
    # Documents may now belong to another folder, with other settings.
    session.settings_changed()
