"""Configuration files a manager reads outside the Dockerfile's view (issue 17): a COPY that puts
one where the manager looks for it — the project directory, the user's home, a site-wide path —
may move or turn off the cache, so the cache mount is not offered as a safe fix, and the
finding says which file. With the build context the file's text decides."""

from __future__ import annotations

import pytest

from dockerls.core.buildcontext import DirectoryContext
from tests.linting import lint

CASES = [
    # (code, Dockerfile, the copied file's context path, where it lands as the message names it, a setting that moves the cache)
    ("PIP001", "FROM python:3.12\nCOPY pip.conf /etc/pip.conf\nRUN pip install flask\n", "pip.conf", "/etc/pip.conf", "[global]\nno-cache-dir = true\n"),
    ("PIP001", "FROM python:3.12\nCOPY pip.conf /etc/xdg/pip/pip.conf\nRUN pip install flask\n", "pip.conf", "/etc/xdg/pip/pip.conf", "[global]\ncache-dir = /x\n"),
    ("PIP001", "FROM python:3.12\nCOPY pip.conf /root/.config/pip/pip.conf\nRUN pip install flask\n", "pip.conf", "~/.config/pip/pip.conf", "[global]\ncache-dir=/x\n"),
    ("PIP001", "FROM python:3.12\nRUN useradd -m -u 1000 app\nUSER app\nCOPY pip.conf /home/app/.pip/pip.conf\nRUN pip install --user flask\n", "pip.conf", "~/.pip/pip.conf", "[global]\nno_cache_dir: 1\n"),
    ("PIP101", "FROM python:3.12\nCOPY uv.toml /etc/uv/uv.toml\nRUN uv pip install --system flask\n", "uv.toml", "/etc/uv/uv.toml", "no-cache = true\n"),
    ("PIP101", "FROM python:3.12\nWORKDIR /app\nCOPY uv.toml .\nRUN uv pip install --system flask\n", "uv.toml", "uv.toml", 'cache-dir = "/x"\n'),
    ("PIP201", "FROM python:3.12\nWORKDIR /app\nCOPY poetry.toml pyproject.toml poetry.lock ./\nRUN poetry install\n", "poetry.toml", "poetry.toml", 'cache-dir = "/x"\n'),
    ("NPM001", "FROM node:20\nWORKDIR /app\nCOPY .npmrc .\nRUN npm ci\n", ".npmrc", ".npmrc", "cache=/x\n"),
    ("NPM001", "FROM node:20\nCOPY npmrc /usr/local/etc/npmrc\nWORKDIR /app\nRUN npm ci\n", "npmrc", "/usr/local/etc/npmrc", "cache = /x\n"),
    ("NPM001", "FROM node:20\nCOPY npmrc /root/.npmrc\nWORKDIR /app\nRUN npm ci\n", "npmrc", "~/.npmrc", "cache=/x\n"),
    ("YRN001", "FROM node:20\nWORKDIR /app\nCOPY .yarnrc .\nRUN yarn install\n", ".yarnrc", ".yarnrc", 'cache-folder "/x"\n'),
    ("PNP001", "FROM node:20\nCOPY rc /root/.config/pnpm/rc\nWORKDIR /app\nRUN pnpm install\n", "rc", "~/.config/pnpm/rc", "store-dir=/x\n"),
]


def _finding(code: str, text: str, context=None):
    (finding,) = [f for f in (lint(text, build_context=context) if context else lint(text)) if f.code == code]
    return finding


@pytest.mark.parametrize("code, text, source, shown, setting", CASES)
def test_a_copied_config_file_the_build_context_does_not_show_gets_no_fix(code, text, source, shown, setting) -> None:
    finding = _finding(code, text)
    assert finding.fix is None
    assert f"{shown} (copied on line" in finding.message and "may set where" in finding.message, finding.message


@pytest.mark.parametrize("code, text, source, shown, setting", CASES)
def test_with_the_context_the_file_text_decides(code, text, source, shown, setting, tmp_path) -> None:
    for name in ("pyproject.toml", "poetry.lock"):
        (tmp_path / name).write_text("")
    (tmp_path / source).write_text(setting)
    moved = _finding(code, text, DirectoryContext(str(tmp_path)))
    assert moved.fix is None and f"{shown} (copied on line" in moved.message and "sets where" in moved.message, moved.message
    (tmp_path / source).write_text("# nothing about the cache\n")
    harmless = _finding(code, text, DirectoryContext(str(tmp_path)))
    assert harmless.fix is not None and harmless.fix.is_safe, harmless.message


@pytest.mark.parametrize(
    "code, text",
    [
        # Controls: the same files where the manager does not look.
        ("PIP001", "FROM python:3.12\nCOPY pip.conf /srv/pip.conf\nRUN pip install flask\n"),
        ("PIP001", "FROM python:3.12\nWORKDIR /app\nCOPY pip.conf .\nRUN pip install flask\n"),  # pip reads none from its directory
        ("NPM001", "FROM node:20\nCOPY npmrc /root/npmrc\nWORKDIR /app\nRUN npm ci\n"),
        ("NPM001", "FROM node:20\nCOPY conf/ /usr/local/etc/npmrc\nWORKDIR /app\nRUN npm ci\n"),  # a directory's contents go below it
        ("PIP001", "FROM python:3.12\nRUN pip install flask\nCOPY pip.conf /etc/pip.conf\n"),  # copied after the install
        ("PIP001", "FROM python:3.12 AS other\nCOPY pip.conf /etc/pip.conf\nFROM python:3.12\nRUN pip install flask\n"),  # another stage
    ],
)
def test_config_files_the_manager_does_not_read_leave_the_fix_safe(code, text) -> None:
    fix = _finding(code, text).fix
    assert fix is not None and fix.is_safe
