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


def test_the_readers_finding_offers_the_same_fix() -> None:
    restore, publish = [f for f in lint(RESTORE_THEN_PUBLISH) if f.code == "NUG001"]
    assert publish.message.startswith("`dotnet publish` reads the NuGet packages line 4 fills")
    assert publish.fix is not None and restore.fix is not None
    assert publish.fix.edits == restore.fix.edits
