"""Mount points of a non-root user's cache mounts: made by the user first, or the fix is unsafe.

tests/build (pairs pip-non-root-user, cargo-non-root-user) shows why: BuildKit makes
missing mount points and their parents as root, and they stay in the image.
"""

from __future__ import annotations

import pytest

from dockerls.engine import LintSettings
from tests.linting import fix, lint


def _fix(text: str, code: str, unsafe: bool = False) -> str:
    return fix(text, LintSettings(select=(code,), unsafe_fixes=unsafe)).text


def test_pip_cache_in_a_created_home_is_made_by_the_user_first():
    text = "FROM python:3.12\nRUN useradd -m -u 1000 app\nUSER app\nRUN pip install --user flask\n"
    assert _fix(text, "PIP001") == (
        "FROM python:3.12\nRUN useradd -m -u 1000 app\nUSER app\n"
        "RUN mkdir -p /home/app/.cache/pip\n"
        "RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 \\\n    pip install --user flask\n"
    )


@pytest.mark.parametrize(
    "create",
    ["useradd -u 1000 app", "useradd -M -u 1000 app", "adduser --uid 1000 --no-create-home app", "adduser -H -u 1000 app"],
)
def test_a_home_not_shown_made_makes_the_fix_unsafe(create):
    text = f"FROM python:3.12\nRUN {create}\nUSER app\nRUN pip install --user flask\n"
    (finding,) = [f for f in lint(text) if f.code == "PIP001"]
    assert finding.fix.applicability.value == "unsafe"
    assert "owned by root" in finding.fix.title
    assert _fix(text, "PIP001") == text
    assert "mkdir" not in _fix(text, "PIP001", unsafe=True)


@pytest.mark.parametrize("create", ["adduser --uid 1000 --disabled-password app", "adduser -D -u 1000 app"])
def test_adduser_makes_the_home(create):
    text = f"FROM python:3.12\nRUN {create}\nUSER app\nRUN pip install --user flask\n"
    assert "RUN mkdir -p /home/app/.cache/pip\n" in _fix(text, "PIP001")


def test_root_and_caches_outside_the_home_need_nothing():
    assert "mkdir" not in _fix("FROM python:3.12\nRUN pip install flask\n", "PIP001")
    text = "FROM python:3.12\nRUN useradd -m -u 1000 app\nUSER app\nENV PIP_CACHE_DIR=/var/cache/pip\nRUN pip install flask\n"
    assert "mkdir" not in _fix(text, "PIP001")


def test_cargo_home_of_a_user_is_made_by_the_user_first():
    text = "FROM debian:bookworm\nRUN useradd -m -u 1001 builder\nUSER builder\n  RUN cargo fetch\n"
    fixed = _fix(text, "CRG001")
    assert "\n  RUN mkdir -p /home/builder/.cargo/git/db /home/builder/.cargo/registry\n  RUN --mount" in fixed


def test_the_fix_converges():
    text = "FROM python:3.12\r\nRUN useradd -m -u 1000 app\r\nUSER app\r\nRUN pip install --user flask\r\n"
    once = _fix(text, "PIP001")
    assert "RUN mkdir -p /home/app/.cache/pip\r\n" in once
    assert _fix(once, "PIP001") == once
