"""The package-manager table: every entry complete, its facts sourced, read the same way for every manager."""

from __future__ import annotations

import pytest

from dockerls.analysis.invocations import invocations
from dockerls.profiles import BY_NAME, GO, NPM, PIP, PNPM, PROFILES, UV, YARN
from dockerls.syntax import parse


@pytest.mark.parametrize("profile", PROFILES, ids=lambda profile: profile.name)
def test_every_entry_names_its_programs_caches_and_sources(profile) -> None:
    assert profile.programs or profile.program_pattern
    assert profile.caches and all(cache.source for cache in profile.caches)
    assert all(variable.source and variable.semantics for variable in profile.cache_off_variables)
    assert profile.family and profile.label


@pytest.mark.parametrize(
    "value, pip_off, uv_off",
    [("1", True, True), ("true", True, True), ("0", True, False), ("off", True, False), ("", False, False), ("maybe", False, False)],
)
def test_cache_off_value_semantics(value: str, pip_off: bool, uv_off: bool) -> None:
    assert PIP.off_variable("PIP_NO_CACHE_DIR").disables(value) is pip_off
    assert UV.off_variable("UV_NO_CACHE").disables(value) is uv_off
    # the value that turns each back on for one command is not itself "off"
    for profile in (PIP, UV):
        for variable in profile.cache_off_variables:
            assert variable.neutral is not None and not variable.disables(variable.neutral)


def calls(text: str, profile):
    document = parse("FROM node:22\nWORKDIR /app\n" + text + "\n")
    return [call for instruction in document.instructions for call in invocations(instruction, profile)]


@pytest.mark.parametrize(
    "text, profile, subcommand, files",
    [
        ("RUN npm ci --omit dev", NPM, "ci", ["package.json", "package-lock.json", "npm-shrinkwrap.json"]),
        ("RUN npm i", NPM, "i", ["package.json", "package-lock.json"]),
        ("RUN sudo -E npm --prefix web install", NPM, "install", ["web/package.json", "web/package-lock.json"]),
        ("RUN yarn --frozen-lockfile", YARN, "yarn", ["package.json", "yarn.lock"]),
        ("RUN yarnpkg install", YARN, "install", ["package.json", "yarn.lock"]),
        ("RUN pnpm fetch", PNPM, "fetch", ["pnpm-lock.yaml"]),
        ("RUN go mod download", GO, "download", ["go.mod", "go.sum"]),
        ("RUN cd cmd && go build -o /out/app .", GO, "build", ["/app/cmd/go.mod", "/app/cmd/go.sum"]),
    ],
)
def test_one_recogniser_reads_every_manager(text, profile, subcommand, files) -> None:
    (call,) = calls(text, profile)
    assert call.subcommand.text == subcommand
    assert [read.written for read in call.inputs] == files


@pytest.mark.parametrize("text, profile", [("RUN npm run build", NPM), ("RUN yarn build", YARN), ("RUN go version", GO), ("RUN echo npm ci", NPM)])
def test_what_is_not_an_invocation(text, profile) -> None:
    assert calls(text, profile) == []


def test_registry_by_name() -> None:
    assert set(BY_NAME) == {profile.name for profile in PROFILES}
