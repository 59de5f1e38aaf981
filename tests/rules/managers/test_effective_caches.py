"""Issue 17's property over the whole rule set: no safe fix produces a RUN whose new cache
mount its command would not use, given the environment the model knows.

Generated Dockerfiles mix every manager with a profile, cache-off flags and variables
(on the command's line, exported earlier, from ENV or ARG in the stage or a parent stage),
variables that move caches, and users. After every safe fix, each cache mount a fix added
must hold a cache an invocation of that RUN uses, with its cache on: no cache-off flag, no
cache-off variable reaching the command with a value that turns it off.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.analysis.caches import cache_mount_targets, covering_cache
from dockerls.analysis.invocations import invocations
from dockerls.engine import LintSettings
from dockerls.rules.managers.analysis import MANAGED
from dockerls.rules.managers.cache import cache_location
from dockerls.rules.managers.fixes import cache_turned_off, inherited_off
from dockerls.syntax import parse
from tests.linting import fix

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASES = ["python:3.12-slim", "node:22", "golang:1.23", "ghcr.io/astral-sh/uv:python3.12-bookworm-slim"]
VARIABLES = [
    "PIP_NO_CACHE_DIR=1", "PIP_NO_CACHE_DIR=0", "PIP_NO_CACHE_DIR=off", "PIP_NO_CACHE_DIR=", "UV_NO_CACHE=1",
    "UV_NO_CACHE=0", "UV_NO_CACHE=true", "PIP_CACHE_DIR=/var/cache/pip", "XDG_CACHE_HOME=/xdg",
    "npm_config_cache=/npm-cache", "YARN_CACHE_FOLDER=/yarn", "GOMODCACHE=/gomod", "GOCACHE=/gocache",
    "PNPM_HOME=/pnpm", "BUN_INSTALL_CACHE_DIR=/bun", "UV_CACHE_DIR=/uv",
]
COMMANDS = [
    "pip install flask", "pip install --no-cache-dir flask", "PIP_NO_CACHE_DIR=1 pip install flask",
    "export PIP_NO_CACHE_DIR=1 && pip install flask", "sudo pip install flask", "python -m pip install flask",
    "uv pip install --system flask", "uv pip install -n --system flask", "env UV_NO_CACHE=1 uv pip install --system x",
    "poetry install --no-root", "npm ci", "npm install", "yarn install --frozen-lockfile", "pnpm install",
    "pnpm fetch", "bun install --no-cache", "go mod download", "go build ./...", "cd /src && go test ./...",
    "npm ci && npm cache clean --force", "false && cd /tmp || true; pip install flask",
]


# System managers (issue 14): their caches keep packages only when told (dnf's keepcache, apk's cache directory).
BASES += ["alpine:3.20", "fedora:41", "rockylinux:9", "centos:7", "registry.access.redhat.com/ubi9/ubi-minimal", "opensuse/leap:15.6", "example.com/base"]
COMMANDS += [
    "apk add --no-cache curl", "apk update && apk add curl && rm -rf /var/cache/apk/* /tmp/x", "sudo apk --no-cache add git",
    "dnf install -y tar && dnf clean all", "yum install -y --setopt=keepcache=0 tar", "microdnf install tar",
    "dnf5 install -y tar", "zypper -n in curl && zypper clean -a", "apk add -t .deps gcc && apk del .deps",
]
BASES += ["mcr.microsoft.com/dotnet/sdk:8.0"]
COMMANDS += ["dotnet restore", "dotnet publish --no-restore -o /out", "dotnet build && dotnet nuget locals all --clear", "NUGET_PACKAGES=/n dotnet restore"]


@st.composite
def dockerfiles(draw) -> str:
    base = draw(st.sampled_from(BASES))
    lines = [f"FROM {base} AS base"]
    for keyword in ("ENV", "ARG"):
        chosen = draw(st.lists(st.sampled_from(VARIABLES), max_size=3, unique=True))
        if chosen:
            lines.append(f"{keyword} {' '.join(chosen)}")
    if draw(st.booleans()):
        lines.append("FROM base AS app")
    if draw(st.booleans()):
        lines.append("USER 1000:1000")
    lines.append("WORKDIR /app")
    for command in draw(st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=3)):
        lines.append(f"RUN {command}")
    return "\n".join(lines) + "\n"


def runs(text: str):
    document = parse(text)
    return document, [instruction for instruction in document.instructions if instruction.keyword == "RUN"]


@SETTINGS
@given(dockerfiles())
def test_no_safe_fix_adds_a_cache_its_command_would_not_use(text: str) -> None:
    fixed = fix(text, LintSettings()).text
    _, before = runs(text)
    document, after = runs(fixed)
    # A fix may add a RUN that makes a non-root user's mount points first (rules/mountpoints.py).
    after = [run for run in after if not (run.args.startswith("mkdir -p ") and all(old.args != run.args for old in before))]
    assert len(before) == len(after)
    for old, new in zip(before, after):
        added = [target for target in cache_mount_targets(new) if target not in cache_mount_targets(old)]
        if not added:
            continue
        users = []
        for profile in MANAGED:
            for call in invocations(new, profile):
                location = cache_location(document, call)
                if any(covering_cache(new, target) is not None and any(t == target or target.startswith(t + "/") or t.startswith(target + "/") for t in added) for target in location.targets):
                    users.append((call, location))
        assert users, f"a mount at {added} serves no command of\n{fixed}"
        for call, location in users:
            assert not cache_turned_off(call), fixed
            assert not inherited_off(call), fixed
            assert all(covering_cache(new, target) is not None for target in location.targets), fixed
