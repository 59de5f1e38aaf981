"""The session's caches, in process: what is computed once per version, and when it is computed again."""

from __future__ import annotations

from dockerls.lsp import session as session_module

from .documents import PARTIAL
from .inprocess import started


async def test_fix_all_is_computed_once_per_version_and_settings(monkeypatch):
    server = await started()
    session = server.session
    runs = []
    real_fix = session_module.fix
    monkeypatch.setattr(session_module, "fix", lambda *a, **k: runs.append(1) or real_fix(*a, **k))
    uri = "untitled:/memo/Dockerfile"
    await server.open(uri, PARTIAL)
    document = session.documents.get(uri)
    first = session.fix_all_edits(document)
    assert first and session.fix_all_edits(document) is first and len(runs) == 1
    await server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                   "contentChanges": [{"text": PARTIAL + "RUN pip install flask\n"}]})
    changed = session.fix_all_edits(document)
    assert len(runs) == 2 and changed != first
    await server.notify("workspace/didChangeConfiguration", {"settings": {"dockerls": {"unsafeFixes": True}}})
    assert session.fix_all_edits(document) is not changed and len(runs) == 3
