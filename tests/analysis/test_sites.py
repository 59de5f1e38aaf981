"""Command sites: one reading of wrappers, working directory and environment for every family."""

from __future__ import annotations

import pytest

from dockerls.analysis.caches import covering_cache
from dockerls.analysis.sites import command_sites, site_user
from dockerls.syntax import parse
from tests.linting import lint


def sites(text: str):
    document = parse("FROM debian:bookworm\nWORKDIR /w\n" + text + "\n")
    return [site for instruction in document.instructions for site in command_sites(instruction)]


def site_of(text: str, program: str):
    return next(site for site in sites(text) if site.program == program)


@pytest.mark.parametrize(
    "script, cwd",
    [
        ("cd /a && make", "/a"),
        ("cd /a; make", "/a"),
        ("<<EOF\ncd /a\nmake\nEOF", "/a"),
        ("cd a && cd b && make", "/w/a/b"),
        ("false && cd /tmp || true; make", None),  # the cd may not have run
        ("a || cd /x && make", None),
        ("a && cd /x; make", None),
        ("cd /x & make", "/w"),  # a backgrounded list keeps its cd
        ("(cd /x) && make", None),
        ("cd /x | cat; make", None),
        ("if true; then cd /x; fi; make", None),
        ("cd $UNSET && make", None),
        ("cd - && make", None),
        ("cd && make", "/root"),
        ("make", "/w"),
        ("env -C /e make", "/e"),
        ("sh -c 'cd /s && make'", "/s"),
    ],
)
def test_one_cd_semantics(script: str, cwd: str | None) -> None:
    assert site_of("RUN " + script, "make").cwd == cwd


@pytest.mark.parametrize(
    "script, wrappers",
    [
        ("sudo pip install x", ("sudo",)),
        ("sudo -E -u app pip install x", ("sudo",)),
        ("env A=1 B=2 pip install x", ("env",)),
        ("xargs -r -n 1 pip install < r.txt", ("xargs",)),
        ("eatmydata pip install x", ("eatmydata",)),
        ("nice -n 10 time -p pip install x", ("nice", "time")),
        ("exec pip install x", ("exec",)),
        ("command pip install x", ("command",)),
        ("timeout 10m pip install x", ("timeout",)),
    ],
)
def test_wrappers_are_seen_through(script: str, wrappers) -> None:
    site = site_of("RUN " + script, "pip")
    assert site.wrappers == wrappers and site.words[:2] == ["pip", "install"]


def test_environment_of_a_site() -> None:
    site = site_of("ENV A=image\nRUN export B=exported && A=line C=c env D=d pip install x", "pip")
    assert (site.lookup("A"), site.lookup("B"), site.lookup("C"), site.lookup("D")) == ("line", "exported", "c", "d")
    reset = site_of("ENV A=image\nRUN sudo B=b pip install x", "pip")
    assert (reset.lookup("A"), reset.lookup("B"), reset.env_reset) == (None, "b", True)
    kept = site_of("ENV A=image\nRUN sudo -E pip install x", "pip")
    assert kept.lookup("A") == "image"
    uncertain = site_of("RUN true || export B=1; pip install x", "pip")
    assert uncertain.lookup("B") is None and uncertain.variable("B") is None


def test_users_switched_by_wrappers() -> None:
    document = parse("FROM debian\nRUN useradd -u 1000 app\nUSER app\nRUN sudo pip install x && sudo -u app pip install y && pip install z\n")
    users = [site_user(site) for site in command_sites(document.instructions[-1])]
    assert [(user.name, user.uid) for user in users] == [("root", 0), ("app", 1000), ("app", 1000)]


# --- the divergences issue 13 found, held by the rules --------------------------------------


def test_sudo_pip_is_reported_like_sudo_apt_get() -> None:
    codes = {finding.code for finding in lint("FROM python:3.12\nRUN sudo pip install flask\n")}
    assert "PIP001" in codes
    assert "APT001" in {finding.code for finding in lint("FROM debian\nRUN sudo apt-get update && sudo apt-get install -y curl\n")}


def test_a_cd_that_may_not_have_run_does_not_move_cargo_target() -> None:
    text = "FROM rust:1.81 AS build\nWORKDIR /app\nRUN false && cd /tmp || true; cargo build --release\n"
    findings = [finding for finding in lint(text) if finding.code == "CRG002"]
    assert findings and all("/tmp/target" not in (finding.message + (finding.fix.title if finding.fix else "")) for finding in findings)
    assert all(finding.fix is None for finding in findings)  # the directory cargo runs in is unknown


def test_covered_by_a_cache_mount_has_one_meaning() -> None:
    document = parse(
        "FROM debian\nWORKDIR /w\n"
        "RUN --mount=type=cache,target=/var/cache/apt/archives --mount=type=cache,target=.cache \\\n    true\n"
    )
    run = document.instructions[-1]
    assert covering_cache(run, "/var/cache/apt/archives/partial") is not None  # below the target
    assert covering_cache(run, "/var/cache/apt/archives") is not None  # the target itself
    assert covering_cache(run, "/var/cache/apt") is None  # above it: only part of it is a cache
    assert covering_cache(run, "/w/.cache/pip").target == "/w/.cache"  # relative targets from WORKDIR
