"""Where the cache mount goes for every combination of USER, HOME, XDG_CACHE_HOME and the tools' variables.

The expected directory is worked out here from the tools' documented lookup
order, independently of dockerls.rules.managers.cache, and checked on the fixed
Dockerfile (which BuildKit's parser must accept).
"""

from __future__ import annotations

import re

import dockerfile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.engine import LintSettings
from tests.linting import fix, lint

USERS = {
    # name: (Dockerfile lines creating and selecting the user, home, uid, gid)
    "none": ("", "/root", None, None),
    "root": ("USER root\n", "/root", None, None),
    "app": ("RUN useradd -m -u 1001 app\nUSER app\n", "/home/app", "1001", None),
    "staff": ("RUN groupadd -g 50 staff && useradd -u 7 -g staff -d /srv/w w\nUSER w\n", "/srv/w", "7", "50"),
    "numeric": ("USER 2000:3000\n", None, "2000", "3000"),
}
TOOLS = {
    # tool: (command, variable moving the cache, leaf under XDG/HOME)
    "pip": ("pip install flask", "PIP_CACHE_DIR", "pip"),
    "uv": ("uv pip install --system flask", "UV_CACHE_DIR", "uv"),
    "poetry": ("poetry install", "POETRY_CACHE_DIR", "pypoetry"),
}


def expected_target(tool: str, user: str, home: str | None, xdg: str | None, moved: str | None) -> str | None:
    _, _, leaf = TOOLS[tool]
    if moved:
        return moved
    if xdg:
        return f"{xdg}/{leaf}"
    home = home or USERS[user][1]
    return f"{home}/.cache/{leaf}" if home else None


def build(tool: str, user: str, home: str | None, xdg: str | None, moved: str | None, via_arg: bool) -> str:
    command, variable, _ = TOOLS[tool]
    keyword = "ARG" if via_arg else "ENV"
    lines = ["FROM python:3.12\n", USERS[user][0]]
    if tool == "poetry":
        lines.append("ENV POETRY_VIRTUALENVS_CREATE=false\n")  # the whole cache directory may be mounted
    if home:
        lines.append(f"{keyword} HOME={home}\n")
    if xdg:
        lines.append(f"{keyword} XDG_CACHE_HOME={xdg}\n")
    if moved:
        lines.append(f"{keyword} {variable}={moved}\n")
    lines.append(f"RUN {command}\n")
    return "".join(lines)


def mount_line(text: str) -> str:
    """The (first) cache mount flag of the text."""
    return re.search(r"--mount=type=cache\S*", text).group()


@settings(max_examples=60, deadline=None)
@given(
    tool=st.sampled_from(sorted(TOOLS)),
    user=st.sampled_from(sorted(USERS)),
    home=st.sampled_from([None, "/home/custom"]),
    xdg=st.sampled_from([None, "/xdg"]),
    moved=st.sampled_from([None, "/var/cache/tool"]),
    via_arg=st.booleans(),
)
def test_mount_follows_the_build_state(tool, user, home, xdg, moved, via_arg) -> None:
    text = build(tool, user, home, xdg, moved, via_arg)
    target = expected_target(tool, user, home, xdg, moved)
    code = {"pip": "PIP001", "uv": "PIP101", "poetry": "PIP201"}[tool]
    findings = [f for f in lint(text) if f.code == code]
    assert len(findings) == 1
    if target is None:
        assert findings[0].fix is None and "home directory" in findings[0].message
        return
    # Under a home the Dockerfile does not show made for the user the fix is unsafe:
    # BuildKit would create the missing directories there as root (dockerls/rules/mountpoints.py).
    fixed = fix(text, LintSettings(select=(code,), unsafe_fixes=True)).text
    dockerfile.parse_string(fixed)
    line = mount_line(fixed)
    _, _, uid, gid = USERS[user]
    expected = f"--mount=type=cache,target={target}"
    if uid:
        expected += f",uid={uid}"
    if gid:
        expected += f",gid={gid}"
    assert line == expected
    assert not [f for f in lint(fixed) if f.code == code]


@pytest.mark.parametrize(
    ("lines", "target"),
    [
        ("ENV PIP_CACHE_DIR=~/pc\n", "/root/pc"),  # pip expands ~ itself
        ("WORKDIR /w\nENV PIP_CACHE_DIR=rel\n", "/w/rel"),  # and makes relative paths absolute
        ("ENV XDG_CACHE_HOME=' '\n", "/root/.cache/pip"),  # a blank XDG_CACHE_HOME is ignored
        ("ENV PIP_CACHE_DIR=\n", "/root/.cache/pip"),  # so is an empty PIP_CACHE_DIR
        ("ENV HOME=/h\nUSER root\n", "/h"),
    ],
)
def test_pip_cache_directory_details(lines: str, target: str) -> None:
    text = "FROM python:3.12\n" + lines + "RUN pip install flask\n"
    fixed = fix(text, LintSettings(select=("PIP001",))).text
    assert f"target={target}" in mount_line(fixed) or f"target={target}/.cache/pip" in mount_line(fixed)


def test_unknown_user_or_configured_cache_gets_no_fix() -> None:
    for lines, reason in [
        ("ARG WHO\nUSER $WHO\n", "depends on a variable"),
        ("RUN pip config set global.cache-dir /elsewhere\n", "pip config"),
        ("ENV PIP_CONFIG_FILE=/etc/my-pip.conf\n", "PIP_CONFIG_FILE"),
        ("RUN useradd app\nUSER app\n", "uid"),
    ]:
        text = "FROM python:3.12\n" + lines + "RUN pip install flask\n"
        (finding,) = [f for f in lint(text) if f.code == "PIP001"]
        assert finding.fix is None and reason in finding.message, finding.message


def test_poetry_keeps_its_virtualenvs_out_of_the_mount() -> None:
    cases = {
        "": ["/root/.cache/pypoetry/cache", "/root/.cache/pypoetry/artifacts"],
        "ENV POETRY_VIRTUALENVS_IN_PROJECT=true\n": ["/root/.cache/pypoetry"],
        "ENV POETRY_VIRTUALENVS_CREATE=0\n": ["/root/.cache/pypoetry"],
        "ENV POETRY_VIRTUALENVS_PATH=/venvs\n": ["/root/.cache/pypoetry"],
        "ENV POETRY_VIRTUALENVS_PATH=/root/.cache/pypoetry/venvs\n": [
            "/root/.cache/pypoetry/cache", "/root/.cache/pypoetry/artifacts",
        ],
        "ENV VIRTUAL_ENV=/opt/venv\n": ["/root/.cache/pypoetry"],
        "RUN poetry config virtualenvs.create false\n": ["/root/.cache/pypoetry"],
    }
    for lines, targets in cases.items():
        text = "FROM python:3.12\n" + lines + "RUN poetry install\n"
        fixed = fix(text, LintSettings(select=("PIP201",))).text
        dockerfile.parse_string(fixed)
        mounted = [line.split("target=")[1].split(" ")[0].split(",")[0] for line in fixed.splitlines() if "type=cache" in line]
        assert mounted == targets, lines
