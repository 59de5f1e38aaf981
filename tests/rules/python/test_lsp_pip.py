"""End to end through the server: the pip quick fixes and fix-all on a saved pip Dockerfile.

The Dockerfile is written to disk beside its requirements file, so the server
uses that folder as the build context (bind-mount fixes are then safe).
"""

from __future__ import annotations

from pathlib import Path

import dockerfile
import pytest

from dockerls.core.buildcontext import DirectoryContext
from dockerls.engine import apply_edits
from tests.linting import fix, lint
from dockerls.lsp.actions import FIX_ALL_KIND
from tests.lsp.conftest import session
from tests.lsp.lsp_client import (
    apply_text_edits,
    code_actions,
    lsp_range,
    open_document,
    wait_for_diagnostics,
    workspace_text_edits,
)
from tests.paths import SEED_EXAMPLES

SEED = (SEED_EXAMPLES / "pip.before.Dockerfile").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "requirements.txt").write_text("flask\n", encoding="utf-8")
    (tmp_path / "main.py").write_text("", encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(SEED, encoding="utf-8")
    return tmp_path


async def test_quick_fixes_and_fix_all_on_the_seed(project: Path) -> None:
    uri = (project / "Dockerfile").as_uri()
    context = DirectoryContext(str(project))
    findings = [f for f in lint(SEED, build_context=context) if f.code.startswith("PIP")]
    assert {f.code for f in findings} == {"PIP001", "PIP002", "PIP003"}
    async with session("visual-studio-code", root=project) as client:
        open_document(client, uri, SEED)
        params = await wait_for_diagnostics(client, uri, 1)
        assert {d.code for d in params.diagnostics} >= {"PIP001", "PIP002", "PIP003"}

        bind = next(f for f in findings if f.code == "PIP002")
        actions = await code_actions(client, uri, lsp_range(SEED, *bind.span, client.encoding), only=["quickfix"])
        mine = [a for a in actions if a.diagnostics and a.diagnostics[0].code == "PIP002"]
        # The safe bind mount (preferred), the unsafe removal of the COPY, then "ignore".
        assert [a.title for a in mine[:2]] == [bind.fix.title, bind.alternatives[0].title]
        assert mine[0].is_preferred and not mine[1].is_preferred and "unsafe" in mine[1].title
        for action, expected in zip(mine[:2], (bind.fix, bind.alternatives[0])):
            result = apply_text_edits(SEED, workspace_text_edits(action.edit, uri, version=1), client.encoding)
            assert result == apply_edits(SEED, expected.edits)
            dockerfile.parse_string(result)

        everything = lsp_range(SEED, 0, len(SEED), client.encoding)
        (fix_all,) = [a for a in await code_actions(client, uri, everything, only=[FIX_ALL_KIND]) if a.kind == FIX_ALL_KIND]
        result = apply_text_edits(SEED, workspace_text_edits(fix_all.edit, uri, version=1), client.encoding)
        assert result == fix(SEED, build_context=context).text
        assert "--mount=type=bind,source=requirements.txt,target=requirements.txt" in result
        assert "--mount=type=cache,target=/root/.cache/pip" in result and "--no-cache-dir" not in result
        dockerfile.parse_string(result)
