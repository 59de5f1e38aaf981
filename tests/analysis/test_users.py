"""users.effective_user: the uid, gid and home a RUN runs with, from the Dockerfile alone."""

from __future__ import annotations

import pytest

from dockerls.analysis.users import RunUser, effective_user
from dockerls.syntax import parse


def user_of_last_run(text: str) -> RunUser:
    document = parse(text)
    run = [instruction for instruction in document.instructions if instruction.keyword == "RUN"][-1]
    return effective_user(document, run)


CASES = [
    # (Dockerfile before the final RUN, name, uid, gid, home)
    ("FROM python:3.12\n", "root", 0, 0, "/root"),
    ("FROM python:3.12\nUSER root\n", "root", 0, 0, "/root"),
    ("FROM python:3.12\nUSER 0\n", "0", 0, 0, "/root"),
    ("FROM python:3.12\nUSER 1000\n", "1000", 1000, None, None),
    ("FROM python:3.12\nUSER 1000:1000\n", "1000", 1000, 1000, None),
    ("FROM python:3.12\nUSER app\n", "app", None, None, None),
    ("FROM python:3.12\nRUN useradd app\nUSER app\n", "app", None, None, "/home/app"),
    ("FROM python:3.12\nRUN useradd -m -u 1001 app\nUSER app\n", "app", 1001, None, "/home/app"),
    ("FROM python:3.12\nRUN useradd -ms /bin/bash -u1001 -g 1002 app\nUSER app\n", "app", 1001, 1002, "/home/app"),
    ("FROM python:3.12\nRUN useradd --uid=1001 --home-dir /srv/app app\nUSER app\n", "app", 1001, None, "/srv/app"),
    ("FROM python:3.12\nRUN useradd -b /opt -u 5 app\nUSER app\n", "app", 5, None, "/opt/app"),
    (
        "FROM python:3.12\nRUN groupadd -g 2000 staff && useradd -u 1500 -g staff -d /w app\nUSER app\n",
        "app", 1500, 2000, "/w",
    ),
    ("FROM python:3.12\nRUN groupadd --gid 2000 staff\nRUN useradd -u 7 app\nUSER app:staff\n", "app", 7, 2000, "/home/app"),
    ("FROM python:3.12\nRUN useradd -u 7 app\nUSER app:99\n", "app", 7, 99, "/home/app"),
    # Numeric USER resolves through a created user's home.
    ("FROM python:3.12\nRUN useradd -u 1234 -m app\nUSER 1234\n", "1234", 1234, None, "/home/app"),
    # BusyBox (Alpine): -g is GECOS, -G the group, -h the home.
    (
        "FROM python:3.12-alpine\nRUN addgroup -g 1001 -S app && adduser -u 1001 -S -G app -g 'App user' app\nUSER app\n",
        "app", 1001, 1001, "/home/app",
    ),
    ("FROM alpine\nRUN adduser -D -h /data -u 10 app\nUSER app\n", "app", 10, None, "/data"),
    # Debian's adduser.
    (
        "FROM debian\nRUN adduser --disabled-password --gecos '' --uid 1001 --gid 1002 app\nUSER app\n",
        "app", 1001, 1002, "/home/app",
    ),
    ("FROM debian\nRUN addgroup --gid 3000 grp && adduser --uid 1001 --ingroup grp app\nUSER app\n", "app", 1001, 3000, "/home/app"),
    # --system users' default home differs between adduser releases: unknown.
    ("FROM debian\nRUN adduser --system --uid 999 svc\nUSER svc\n", "svc", 999, None, None),
    ("FROM debian\nRUN adduser --system --home /var/svc svc\nUSER svc\n", "svc", None, None, "/var/svc"),
    # "adduser USER GROUP" only adds a membership.
    ("FROM alpine\nRUN adduser app wheel\nUSER app\n", "app", None, None, None),
    # usermod changes what useradd set.
    ("FROM debian\nRUN useradd -u 1000 app && usermod -u 2000 -d /x app\nUSER app\n", "app", 2000, None, "/x"),
    # Commands that may not run tell nothing.
    ("FROM debian\nRUN id app || useradd -u 1000 app\nUSER app\n", "app", None, None, None),
    ("FROM debian\nRUN if true; then useradd -u 1000 app; fi\nUSER app\n", "app", None, None, None),
    # useradd -D edits defaults; it creates nobody.
    ("FROM debian\nRUN useradd -D -b /srv\nUSER app\n", "app", None, None, None),
    # HOME from ENV or ARG wins over passwd.
    ("FROM python:3.12\nENV HOME=/home/other\n", "root", 0, 0, "/home/other"),
    ("FROM python:3.12\nRUN useradd -u 1 app\nARG HOME=/tmp/h\nUSER app\n", "app", 1, None, "/tmp/h"),
    # Known users of official images.
    ("FROM node:20-bookworm\nUSER node\n", "node", 1000, 1000, "/home/node"),
    ("FROM docker.io/library/node@sha256:abc\nUSER node\n", "node", 1000, 1000, "/home/node"),
    ("FROM python:3.12\nUSER node\n", "node", None, None, None),
    ("FROM oven/bun:1\nUSER bun\n", "bun", 1000, 1000, "/home/bun"),
    ("FROM oven/bun:1.1-debian\nUSER 1000\n", "1000", 1000, 1000, "/home/bun"),
    # USER from variables.
    ("FROM python:3.12\nARG APP_USER=app\nRUN useradd -u 42 app\nUSER ${APP_USER}\n", "app", 42, None, "/home/app"),
    ("FROM python:3.12\nARG APP_USER\nUSER $APP_USER\n", None, None, None, None),
    # Users and USER carry into stages built on a stage.
    ("FROM python:3.12 AS base\nRUN useradd -u 1001 -m app\nUSER app\nFROM base\n", "app", 1001, None, "/home/app"),
    ("FROM node:20 AS base\nFROM base\nUSER node\n", "node", 1000, 1000, "/home/node"),
    # ...but not into unrelated stages.
    ("FROM python:3.12 AS one\nRUN useradd -u 1001 app\nFROM python:3.12\nUSER app\n", "app", None, None, None),
]


@pytest.mark.parametrize(("prefix", "name", "uid", "gid", "home"), CASES)
def test_effective_user(prefix: str, name, uid, gid, home) -> None:
    user = user_of_last_run(prefix + "RUN pip install flask\n")
    assert (user.name, user.uid, user.gid, user.home) == (name, uid, gid, home)


def test_only_commands_before_the_run_count() -> None:
    user = user_of_last_run("FROM debian\nUSER app\nRUN true\nRUN useradd -u 5 app\n")
    assert user.uid is None  # the last RUN itself creates app: before it, app is unknown
    document = parse("FROM debian\nRUN useradd -u 5 app\nUSER app\nRUN a\nRUN useradd -u 6 other\n")
    first_run_as_app = document.instructions[3]
    assert effective_user(document, first_run_as_app).uid == 5


def test_mount_options() -> None:
    assert user_of_last_run("FROM debian\nRUN true\n").mount_options() == {}
    assert user_of_last_run("FROM debian\nUSER 10:20\nRUN true\n").mount_options() == {"uid": "10", "gid": "20"}
    assert user_of_last_run("FROM debian\nUSER 10\nRUN true\n").mount_options() == {"uid": "10"}
    assert user_of_last_run("FROM debian\nUSER app\nRUN true\n").mount_options() is None


def test_known_and_root() -> None:
    unknown = user_of_last_run("FROM debian\nARG U\nUSER $U\nRUN true\n")
    assert not unknown.known and not unknown.is_root and unknown.mount_options() is None
    assert user_of_last_run("FROM debian\nRUN true\n").is_root


def test_never_raises_on_odd_input() -> None:
    for text in ("FROM debian\nRUN useradd -u\n", "FROM x\nRUN adduser --uid\n", "FROM x\nRUN ['useradd']\n", "RUN x\n"):
        document = parse(text + "RUN true\n")
        for instruction in document.instructions:
            effective_user(document, instruction)
