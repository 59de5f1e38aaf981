"""Completion in a RUN's flags, pure: document and cursor in, items out."""

from __future__ import annotations

import pytest

from dockerls.authoring import complete
from dockerls.authoring.vocabulary import KEYS

from .cursor import at_cursor


def labels(marked: str) -> list[str]:
    document, offset = at_cursor(marked)
    return [item.label for item in complete(document, offset)]


def applied(marked: str, label: str) -> str:
    """The document after the item ``label`` is accepted."""
    document, offset = at_cursor(marked)
    (item,) = [item for item in complete(document, offset) if item.label == label]
    assert item.span.start <= offset <= item.span.end
    return document.text[: item.span.start] + item.text + document.text[item.span.end :]


def test_flags_after_run():
    assert labels("FROM alpine\nRUN |\n") == ["--mount", "--network", "--security"]


def test_flags_filtered_by_what_is_typed_and_written_once():
    assert labels("FROM alpine\nRUN --n|\n") == ["--network"]
    assert labels("FROM alpine\nRUN --network=none --|\n") == ["--mount", "--security"]
    assert applied("FROM alpine\nRUN --mo| true\n", "--mount") == "FROM alpine\nRUN --mount= true\n"


def test_no_flags_once_the_command_started():
    assert labels("FROM alpine\nRUN apt-get |install\n") == []
    assert labels("FROM alpine\nRUN echo --|\n") == []
    assert labels("FROM alpine\nCOPY --|\n") == []  # RUN's flags only


def test_a_ready_cache_mount_for_each_unmounted_manager_cache():
    marked = "FROM python:3.12\nRUN | pip install flask\n"
    assert labels(marked)[3:] == ["--mount=type=cache,target=/root/.cache/pip"]
    mounted = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip | pip install flask\n"
    assert labels(mounted) == ["--mount", "--network", "--security"]


def test_a_ready_apt_mount_is_locked():
    assert labels("FROM debian\nRUN --m| apt-get update && apt-get install -y curl\n") == [
        "--mount",
        "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked",
        "--mount=type=cache,target=/var/cache/apt,sharing=locked",
    ]


def test_flag_values():
    assert labels("FROM alpine\nRUN --network=|\n") == ["default", "none", "host"]
    assert labels("FROM alpine\nRUN --security=i|\n") == ["insecure"]


@pytest.mark.parametrize("mount_type", sorted(KEYS))
def test_keys_of_each_type_but_those_written(mount_type):
    found = labels(f"FROM alpine\nRUN --mount=type={mount_type},|\n")
    expected = [word.name if word.boolean else f"{word.name}=" for word in KEYS[mount_type] if word.name != "type"]
    assert found == expected
    assert "target=" in found


def test_keys_fold_aliases_and_default_to_bind():
    assert "target=" not in labels("FROM alpine\nRUN --mount=type=cache,dst=/x,|\n")
    assert labels("FROM alpine\nRUN --mount=|\n") == ["type=", "target=", "source=", "from=", "rw"]
    assert labels("FROM alpine\nRUN --mount=type=cache,sh|\n") == ["sharing="]


def test_values_of_type_sharing_and_booleans():
    assert labels("FROM alpine\nRUN --mount=type=|\n") == ["bind", "cache", "tmpfs", "secret", "ssh"]
    assert labels("FROM alpine\nRUN --mount=type=cache,sharing=|\n") == ["shared", "private", "locked"]
    assert labels("FROM alpine\nRUN --mount=type=cache,sharing=l|,target=/x\n") == ["locked"]
    assert labels("FROM alpine\nRUN --mount=type=bind,rw=|\n") == ["true", "false"]


def test_from_offers_the_stages_before_this_one():
    text = "FROM alpine AS base\nFROM base AS build\nRUN --mount=from=|\nFROM alpine AS later\n"
    assert labels(text) == ["base"]


def test_cache_target_is_the_managers_directory_for_root():
    assert labels("FROM python:3.12\nRUN --mount=type=cache,target=| pip install flask\n") == ["/root/.cache/pip"]


def test_cache_target_for_another_user_carries_uid_and_gid():
    text = "FROM node:20\nUSER node\nRUN --mount=type=cache,target=| npm ci\n"
    assert applied(text, "/home/node/.npm,uid=1000,gid=1000") == (
        "FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci\n"
    )
    # What the mount already says is not written twice.
    assert labels("FROM node:20\nUSER node\nRUN --mount=type=cache,uid=1000,target=| npm ci\n") == [
        "/home/node/.npm,gid=1000"
    ]


def test_cache_target_follows_variables_that_move_the_cache():
    text = "FROM python:3.12\nENV PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=| pip install x\n"
    assert labels(text) == ["/pipcache"]


def test_cache_target_for_apt_wants_locked_sharing():
    text = "FROM debian\nRUN --mount=type=cache,target=| apt-get install -y curl\n"
    assert labels(text) == ["/var/cache/apt,sharing=locked", "/var/lib/apt/lists,sharing=locked"]
    locked = "FROM debian\nRUN --mount=type=cache,sharing=locked,target=| apt-get install -y curl\n"
    assert labels(locked) == ["/var/cache/apt", "/var/lib/apt/lists"]


def test_no_cache_target_without_a_manager_or_for_a_bind():
    assert labels("FROM alpine\nRUN --mount=type=cache,target=| make\n") == []
    assert labels("FROM python:3.12\nRUN --mount=type=bind,target=| pip install x\n") == []


def test_uid_and_gid_are_the_users():
    text = "FROM debian\nRUN useradd -u 1001 app\nUSER 1001:1002\nRUN --mount=type=cache,uid=|\n"
    assert labels(text) == ["1001"]
    assert labels(text.replace("uid=|", "gid=|")) == ["1002"]
    unknown = "FROM debian\nUSER app\nRUN --mount=type=cache,uid=|\n"
    assert labels(unknown) == []  # never a guessed uid


def test_cache_ids_the_file_uses():
    text = (
        "FROM alpine\nRUN --mount=type=cache,id=gomod,target=/go/pkg/mod true\n"
        "RUN --mount=type=cache,id=|\n"
    )
    document, offset = at_cursor(text)
    (item,) = complete(document, offset)
    assert (item.label, item.detail) == ("gomod", "the cache id line 2 uses")


def test_continuation_lines_and_crlf():
    text = "FROM python:3.12\r\nRUN --mount=type=cache,target=/root/.cache/pip \\\r\n    --mount=type=|\r\n    pip install x\r\n"
    assert labels(text) == ["bind", "cache", "tmpfs", "secret", "ssh"]


def test_nothing_outside_flags():
    assert labels("FROM alpine|\nRUN true\n") == []
    assert labels("# a comment |\nFROM alpine\n") == []
    assert labels("|") == []


def test_each_cache_directory_once_when_several_commands_use_it():
    text = "FROM debian\nRUN --mount=type=cache,target=| apt-get update && apt-get install -y curl\n"
    assert labels(text) == ["/var/lib/apt/lists,sharing=locked", "/var/cache/apt,sharing=locked"]


def test_a_cache_target_says_whose_cache_and_why_its_options():
    document, offset = at_cursor("FROM node:20\nUSER node\nRUN --mount=type=cache,target=| npm ci\n")
    (item,) = complete(document, offset)
    assert item.detail == "cache of npm ci, run as node"
    assert item.documentation == "uid 1000, gid 1000: BuildKit creates the mount owned by root, which node could not write."
    document, offset = at_cursor("FROM debian\nRUN --mount=type=cache,target=| apt-get install -y curl\n")
    assert [(item.detail, item.documentation) for item in complete(document, offset)] == [
        ("cache of apt-get install, run as root", "sharing=locked: apt needs its cache to itself while it runs."),
    ] * 2
    document, offset = at_cursor("FROM python:3\nRUN useradd -m app\nUSER app\nRUN --mount=type=cache,target=| pip install x\n")
    (item,) = complete(document, offset)
    assert item.label == "/home/app/.cache/pip"  # no uid to give: said so, never guessed
    assert item.documentation == ("It runs as app, whose uid the Dockerfile does not show "
                                  "(give it one, e.g. useradd -u 1000 or USER 1000:1000, to get a fix).")


def test_a_ready_mount_before_the_command_keeps_the_command_apart():
    text = "FROM node:20\nUSER node\nRUN |npm ci\n"
    assert labels(text) == ["--mount", "--network", "--security", "--mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000"]
    assert applied(text, "--mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000") == (
        "FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci\n"
    )
    assert applied(text, "--network") == "FROM node:20\nUSER node\nRUN --network=npm ci\n"  # the value comes next


READY_MOUNT_CASES = {
    "npm as node": "FROM node:20\nUSER node\nWORKDIR /home/node/app\nCOPY --chown=node package.json package-lock.json ./\nRUN |npm ci\n",
    "pip as root": "FROM python:3.12\nRUN |pip install flask\n",
    "apt": "FROM debian:bookworm\nRUN |apt-get update && apt-get install -y curl\n",
    "go": "FROM golang:1.22\nRUN |go build ./...\n",
}


@pytest.mark.parametrize("marked", READY_MOUNT_CASES.values(), ids=READY_MOUNT_CASES.keys())
def test_ready_mounts_are_the_mounts_the_rules_fix_writes(marked):
    """The editor proposes what the rules' fixes write (and the build tier builds), no other shape."""
    from tests.linting import fix

    document, offset = at_cursor(marked)
    ready = {item.text.strip() for item in complete(document, offset) if item.text.startswith("--mount=type=cache")}
    fixed = fix(document.text).text
    written = {word.rstrip("\\").strip() for word in fixed.split() if word.startswith("--mount=type=cache")}
    assert ready and ready == written
