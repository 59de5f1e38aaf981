"""Commands that only read a cache an earlier install fills (``dotnet publish --no-restore``)
share the fix of that install.

A fix-all would get there without the shared fix (round 1 mounts the restore's cache, round 2
reports the reader of a mounted cache and mounts it there too), and the golden harness now
judges each round by its own findings, so it no longer asks for it. The shared fix stays for
the one fix an editor applies: the restore's quick fix alone must not leave the reader without
the packages it reads.
"""

from __future__ import annotations

from dockerls.engine import apply_edits
from tests.linting import lint

RESTORE_THEN_PUBLISH = """\
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY . .
RUN dotnet restore
RUN dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /app /app
"""
MOUNT = "--mount=type=cache,target=/root/.nuget/packages"


def test_the_restores_quick_fix_alone_mounts_the_cache_on_its_reader_too() -> None:
    (restore,) = [f for f in lint(RESTORE_THEN_PUBLISH) if f.code == "NUG001" and "dotnet restore" in f.message]
    assert restore.fix is not None and restore.fix.is_safe
    assert restore.fix.title.endswith(", and on line 5 that reads it")
    fixed = apply_edits(RESTORE_THEN_PUBLISH, list(restore.fix.edits))
    runs = [line for line in fixed.splitlines() if line.startswith("RUN ")]  # each mount on a line of its own
    assert runs == [f"RUN {MOUNT} \\", f"RUN {MOUNT} \\"]
    assert not [f for f in lint(fixed) if f.code == "NUG001"]


def test_the_reader_is_a_related_place_of_the_one_finding() -> None:
    # One problem (the cache both RUNs need), one finding: at the restore, whose fix mounts
    # the cache on both RUNs; the publish is its related place.
    (restore,) = [f for f in lint(RESTORE_THEN_PUBLISH) if f.code == "NUG001"]
    assert restore.message.startswith("`dotnet restore` runs without a cache mount")
    (publish,) = restore.related
    assert RESTORE_THEN_PUBLISH[publish.span.start : publish.span.end] == "dotnet publish"
    assert publish.message == "`dotnet publish` reads the packages it fills: the fix mounts the cache here too"
    assert restore.fix is not None and len(restore.fix.edits) == 2
