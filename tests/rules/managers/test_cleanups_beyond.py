"""A cleanup that empties the cache and something else (``dotnet nuget locals all --clear`` also
empties the http-cache, temp and plugins-cache folders, which no mount keeps out of the image):
dropping it changes the image, so the fix that drops it is unsafe and says what stays. A cleanup
of the mounted folder alone is dropped safely; one that leaves the mount alone is kept."""

from __future__ import annotations

from dockerls.core.findings import Applicability
from tests.linting import fix, lint

HEAD = "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\n"
MOUNT = "RUN --mount=type=cache,target=/root/.nuget/packages "


def _nug001(text: str):
    (finding,) = [f for f in lint(text) if f.code == "NUG001"]
    return finding


def test_dropping_locals_all_is_unsafe_and_says_what_stays() -> None:
    for run in ("RUN dotnet restore && dotnet nuget locals all --clear\n", MOUNT + "dotnet restore && dotnet nuget locals all --clear\n"):
        finding = _nug001(HEAD + run)
        assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
        assert "http-cache, temp and plugins-cache" in finding.fix.title and "stay in the image" in finding.fix.title
        assert fix(HEAD + run).text == HEAD + run  # a safe fix-all leaves it alone


def test_dropping_locals_global_packages_under_its_mount_is_safe() -> None:
    text = HEAD + MOUNT + "dotnet restore && dotnet nuget locals global-packages --clear\n"
    finding = _nug001(text)
    assert finding.fix is not None and finding.fix.is_safe
    assert "locals" not in fix(text).text


def test_locals_of_other_folders_leave_the_mount_alone() -> None:
    text = HEAD + MOUNT + "dotnet restore && dotnet nuget locals http-cache --clear\n"
    assert [f for f in lint(text) if f.code == "NUG001"] == []
