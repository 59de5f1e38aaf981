"""Hover in a RUN, pure: on flags and mount options, on a cache mount, on a package manager."""

from __future__ import annotations

from dockerls.authoring import hover

from .cursor import at_cursor


def shown(marked: str) -> str | None:
    document, offset = at_cursor(marked)
    found = hover(document, offset)
    if found is None:
        return None
    assert found.span.start <= offset <= found.span.end
    return found.markdown


def test_a_flag_says_what_it_does_and_its_default():
    text = shown("FROM alpine\nRUN --net|work=none true\n")
    assert text.startswith("**--network**: ")
    assert "Default: default." in text and "`none`" in text


def test_a_flag_value():
    assert shown("FROM alpine\nRUN --network=no|ne true\n") == (
        "**--network=none**: No network: the commands must not download anything."
    )


def test_a_mount_key_says_what_it_does_for_its_type_and_its_default():
    assert "Default: shared." in shown("FROM alpine\nRUN --mount=type=cache,target=/x,sha|ring=locked true\n")
    assert "Default: 0755." in shown("FROM alpine\nRUN --mount=type=cache,target=/x,mo|de=0700 true\n")
    assert "Default: 0400." in shown("FROM alpine\nRUN --mount=type=secret,id=a,mo|de=0440 true\n")
    assert "read-only" in shown("FROM alpine\nRUN --mount=type=bind,target=/x,r|w true\n")
    assert shown("FROM alpine\nRUN --mount=type=tmpfs,target=/x,sha|ring=locked true\n") is None  # not tmpfs'


def test_a_mount_type_value():
    assert shown("FROM alpine\nRUN --mount=type=tm|pfs,target=/x true\n").startswith("**type=tmpfs**: ")


def test_a_cache_mount_lists_the_runs_sharing_its_id():
    text = (
        "FROM node:20 AS web\nUSER node\n"
        "RUN --mount=type=cache,id=npm,target=/home/node/.npm,uid=1000 npm ci\n"
        "FROM node:20\n"
        "RUN --mount=type=cache,id=n|pm,target=/root/.npm,sharing=locked npm ci\n"
        "RUN --mount=type=cache,target=/other true\n"
    )
    assert shown(text) == (
        "**Cache `npm`** (its id), mounted by 2 RUNs:\n"
        "- line 3 (stage web): sharing=shared, uid=1000, gid=0, target `/home/node/.npm`\n"
        "- line 5: sharing=locked, uid=0, gid=0, target `/root/.npm` (this one)\n"
        "They differ in sharing and owner."
    )


def test_a_cache_without_id_is_shared_by_target():
    text = (
        "FROM golang:1.22 AS a\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n"
        "FROM golang:1.22 AS b\nRUN --mount=type=cache,target=/root/.cache/go-bu|ild go test ./...\n"
    )
    assert shown(text) == (
        "**Cache `/root/.cache/go-build`** (its target, as no id is given), mounted by 2 RUNs:\n"
        "- line 2 (stage a): sharing=shared, uid=0, gid=0, target `/root/.cache/go-build`\n"
        "- line 4 (stage b): sharing=shared, uid=0, gid=0, target `/root/.cache/go-build` (this one)"
    )


def test_a_package_manager_command_not_mounted():
    assert shown("FROM python:3.12\nRUN p|ip install flask\n") == (
        "**pip** keeps its cache in `/root/.cache/pip`.\n"
        "- `/root/.cache/pip`: not mounted by this RUN: each time this step runs, it downloads everything again."
    )


def test_a_package_manager_command_mounted_for_its_user():
    text = (
        "FROM node:20\nUSER node\n"
        "RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm| ci\n"
    )
    assert shown(text) == (
        "**npm** keeps its cache in `/home/node/.npm`.\n"
        "- `/home/node/.npm`: mounted by this RUN (`--mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000`)."
    )


def test_a_package_manager_whose_cache_cannot_be_told():
    text = shown("FROM python:3.12\nUSER $WHO\nRUN pi|p install x\n")
    assert text == ("**pip**: where its cache is cannot be told "
                    "(the user it runs as depends on a variable the Dockerfile does not set).")


def test_nothing_elsewhere():
    assert shown("FROM alpine\nRUN ec|ho hi\n") is None
    assert shown("FROM alp|ine\n") is None
    assert shown("FROM alpine\nCOPY --fr|om=x a b\n") is None
