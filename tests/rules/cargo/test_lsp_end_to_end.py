"""The language server on a multi-stage Rust Dockerfile saved beside its sources: diagnostics and fix-all."""

from __future__ import annotations

import pytest

from dockerls.core.buildcontext import DirectoryContext
from tests.linting import fix
from dockerls.lsp.actions import FIX_ALL_KIND
from tests.lsp.lsp_client import (
    apply_text_edits,
    code_actions,
    lsp_range,
    open_document,
    start_session,
    wait_for_diagnostics,
    workspace_text_edits,
)

from .helpers import buildkit_mounts, parses_cleanly

pytestmark = pytest.mark.asyncio

DOCKERFILE = """FROM rust:1.81 AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo build --locked --release

FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
CMD ["app"]
"""


async def test_diagnostics_and_fix_all_on_a_multi_stage_rust_dockerfile(tmp_path):
    from pytest_lsp import ClientServerConfig

    from tests.lsp.lsp_client import SERVER_COMMAND, make_client

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.rs").write_text("fn main() {}\n")
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\n')
    (tmp_path / "Cargo.lock").write_text("version = 3\n")
    (tmp_path / ".dockerignore").write_text("target\n")
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    uri = path.as_uri()

    client = await ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client).start()
    client.profile, client.encoding = "visual-studio-code", "utf-16"
    try:
        await start_session(client, "visual-studio-code", root=tmp_path)
        open_document(client, uri, DOCKERFILE)
        params = await wait_for_diagnostics(client, uri, 1)
        codes = sorted({diagnostic.code for diagnostic in params.diagnostics})
        assert codes == ["CRG001", "CRG002", "CRG003"]
        everything = lsp_range(DOCKERFILE, 0, len(DOCKERFILE), client.encoding)
        (fix_all,) = [a for a in await code_actions(client, uri, everything, only=["source.fixAll"]) if a.kind == FIX_ALL_KIND]
        if fix_all.edit is None:
            fix_all = await client.code_action_resolve_async(fix_all)
        result = apply_text_edits(DOCKERFILE, workspace_text_edits(fix_all.edit, uri, version=1), client.encoding)
        assert result == fix(DOCKERFILE, build_context=DirectoryContext(str(tmp_path))).text
        assert parses_cleanly(result)
        assert buildkit_mounts(result) == [
            {
                ("bind", "/app/src", "src"),
                ("bind", "/app/Cargo.toml", "Cargo.toml"),
                ("bind", "/app/Cargo.lock", "Cargo.lock"),
                ("cache", "/app/target", ""),
                ("cache", "/usr/local/cargo/git/db", ""),
                ("cache", "/usr/local/cargo/registry", ""),
            }
        ]
        assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in result
        await client.shutdown_session()
    finally:
        await client.stop()
