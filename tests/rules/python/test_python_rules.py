"""Rule behaviours the golden cases do not show one by one."""

from __future__ import annotations

import dockerfile
import pytest

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings, apply_edits
from tests.linting import fix, lint
from dockerls.core.findings import Applicability

PROJECT = MemoryContext(
    {"pyproject.toml": "", "poetry.lock": "", "uv.lock": "", "requirements.txt": "flask\n", "constraints.txt": ""}
)


def codes(text: str, context=PROJECT) -> list[str]:
    return [f.code for f in lint(text, build_context=context) if f.code.startswith("PIP")]


def only(text: str, code: str, context=PROJECT):
    (finding,) = [f for f in lint(text, build_context=context) if f.code == code]
    return finding


BUILD = "FROM python:3.12 AS build\nWORKDIR /app\n"


@pytest.mark.parametrize(
    ("copy_and_install", "later"),
    [
        ("COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\n", "RUN poetry build\n"),
        ("COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\n", "RUN python -m build\n"),
        ("COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n", "RUN uv run pytest\n"),
        ("COPY pyproject.toml uv.lock ./\nRUN uv sync --locked && uv build\n", ""),
    ],
)
def test_tools_that_read_project_files_unnamed_keep_the_copy(copy_and_install: str, later: str) -> None:
    text = BUILD + copy_and_install + later + "FROM scratch\n"
    assert not {"PIP102", "PIP103", "PIP202", "PIP203"} & set(codes(text))
    without_later = BUILD + copy_and_install.replace(" && uv build", "") + "FROM scratch\n"
    assert {"PIP102", "PIP103"} <= set(codes(without_later)) or {"PIP202", "PIP203"} <= set(codes(without_later))


def test_uv_sync_binds_with_frozen_from_the_environment() -> None:
    text = BUILD + "ENV UV_FROZEN=1\nCOPY pyproject.toml uv.lock ./\nRUN uv sync\nFROM scratch\n"
    assert {"PIP102", "PIP103"} <= set(codes(text))


def test_the_unsafe_alternative_removes_every_source_the_install_reads() -> None:
    text = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt constraints.txt ./\nRUN pip install -r requirements.txt -c constraints.txt\n"
    finding = only(text, "PIP002")
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    (alternative,) = finding.alternatives
    assert alternative.applicability is Applicability.UNSAFE and "final image" in alternative.title
    result = apply_edits(text, alternative.edits)
    dockerfile.parse_string(result)
    assert "COPY" not in result
    assert "--mount=type=bind,source=requirements.txt,target=requirements.txt" in result
    assert "--mount=type=bind,source=constraints.txt,target=constraints.txt" in result


def test_no_cache_dir_stays_while_the_mount_is_misplaced() -> None:
    # Turning the cache on while its mount misses it would put the cache in the image.
    text = "FROM python:3.12\nENV PIP_CACHE_DIR=/pc\nRUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask\n"
    assert only(text, "PIP001").fix is None
    fixed = fix(text).text
    assert "target=/pc" in fixed and "--no-cache-dir" not in fixed  # PIP005 first, then PIP001
    dockerfile.parse_string(fixed)


def test_root_owned_mount_for_a_user_without_a_known_uid() -> None:
    text = "FROM python:3.12\nRUN useradd -m app\nUSER app\nRUN --mount=type=cache,target=/home/app/.cache/pip pip install --user flask\n"
    finding = only(text, "PIP005")
    assert finding.fix is None and "belongs to root" in finding.message
    writable = text.replace("/pip pip", "/pip,mode=0777 pip")
    assert "PIP005" not in codes(writable)


def test_mount_owner_checked_even_when_the_home_is_unknown() -> None:
    text = "FROM python:3.12\nUSER 1000\nRUN --mount=type=cache,target=/root/.cache/pip pip install --user flask\n"
    finding = only(text, "PIP005")
    assert finding.fix is None and "no fix" in finding.message


def test_misplaced_poetry_subdirectories_move_by_name() -> None:
    text = (
        "FROM python:3.12\nENV POETRY_CACHE_DIR=/pc\n"
        "RUN --mount=type=cache,target=/root/.cache/pypoetry/artifacts poetry install\n"
    )
    fixed = fix(text, LintSettings(select=("PIP205",))).text
    assert "target=/pc/artifacts" in fixed


def test_link_mode_option_in_exec_form_is_changed_in_place() -> None:
    text = 'FROM x\nRUN --mount=type=cache,target=/root/.cache/uv ["uv", "pip", "install", "--link-mode=symlink", "a"]\n'
    fixed = fix(text).text
    assert '"--link-mode=copy"' in fixed and "symlink" not in fixed
    dockerfile.parse_string(fixed)


def test_no_finding_without_an_install() -> None:
    assert codes("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\nRUN python app.py\n") == []


def test_a_bind_mount_of_a_directory_above_the_file_counts() -> None:
    text = (
        "FROM python:3.12 AS build\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN --mount=type=bind,target=/app --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"
        "FROM scratch\n"
    )
    assert "PIP002" not in codes(text)
    fixed = fix(text, build_context=PROJECT).text
    assert "COPY" not in fixed and fixed.count("--mount=type=bind") == 1
