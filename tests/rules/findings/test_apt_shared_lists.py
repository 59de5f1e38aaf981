"""APT004: a RUN without apt-get update that reads the lists another stage's update writes
into the same cache works while the cache is warm: a warning about a cold cache, not an error (#16)."""

from __future__ import annotations

from dockerls.core.findings import Severity
from tests.linting import lint

UPDATER = (
    "FROM debian:bookworm AS tools\n"
    "RUN --mount=type=cache,{lists},sharing=locked apt-get update && apt-get install -y curl\n"
)
READER = (
    "FROM debian:bookworm AS app\n"
    "RUN --mount=type=cache,{lists},sharing=locked apt-get install -y git\n"
)


def apt004(updater_lists: str, reader_lists: str, updater_command: str | None = None) -> list:
    updater = UPDATER.format(lists=updater_lists)
    if updater_command is not None:
        updater = updater.replace("apt-get update && apt-get install -y curl", updater_command)
    text = updater + READER.format(lists=reader_lists)
    return [f for f in lint(text) if f.code == "APT004"]


def test_the_same_id_makes_it_a_warning_that_names_the_cold_cache():
    (finding,) = apt004("id=lists,target=/var/lib/apt", "id=lists,target=/var/lib/apt")
    assert finding.severity is Severity.WARNING
    assert "only while that cache is warm" in finding.message and "line 2" in finding.message
    (related,) = finding.related
    assert related.message == "runs apt-get update into the same cache"
    # No fix: without the mount the RUN would find no lists at all, every time.
    assert finding.fix is None


def test_the_same_target_without_id_is_the_same_cache():
    (finding,) = apt004("target=/var/lib/apt/lists", "target=/var/lib/apt/lists")
    assert finding.severity is Severity.WARNING


def test_control_another_id_is_an_error():
    (finding,) = apt004("id=lists,target=/var/lib/apt", "id=mine,target=/var/lib/apt")
    assert finding.severity is Severity.ERROR and not finding.related


def test_control_the_same_id_at_another_target_is_an_error():
    (finding,) = apt004("id=lists,target=/var/lib/apt/lists", "id=lists,target=/var/lib/apt")
    assert finding.severity is Severity.ERROR


def test_control_a_sharer_that_does_not_update_is_an_error():
    found = apt004("id=lists,target=/var/lib/apt", "id=lists,target=/var/lib/apt", "apt-get install -y curl")
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]  # neither RUN updates
