"""In every fixed cargo fixture, no COPY --from reads a path inside a cache mount of its source stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerls.core.buildcontext import NO_CONTEXT, DirectoryContext
from dockerls.engine import LintSettings
from tests.linting import fix
from dockerls.rules.cargo.paths import references
from dockerls.analysis.paths import is_inside
from dockerls.analysis.caches import mount_target
from dockerls.syntax import parse

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cargo"
CASES = sorted(path.parent for path in GOLDEN.glob("*/before.Dockerfile"))


def reads_from_cache_mounts(text: str) -> list[str]:
    """``COPY --from`` sources that lie inside a cache mount of a RUN in the source stage's chain."""
    document = parse(text)
    problems = []
    for instruction in document.instructions:
        flag = instruction.flag("from") if instruction.keyword in ("COPY", "ADD") else None
        if flag is None or not flag.value:
            continue
        stage = document.stage_by_reference(flag.value)
        if stage is None:
            continue
        cached = [
            mount_target(mount, run)
            for source in document.stage_chain(stage.index)
            for run in source.instructions
            if run.keyword == "RUN"
            for mount in run.mounts
            if mount.mount_type == "cache"
        ]
        for ref in references(instruction):
            if ref.role == "source" and ref.path is not None:
                problems.extend(
                    f"{ref.path} (cache {target})" for target in cached if target and is_inside(ref.path, target)
                )
    return problems


def test_the_check_notices_a_copy_out_of_a_cache_mount():
    broken = (GOLDEN / "cached-target-copied-later" / "before.Dockerfile").read_text()
    assert reads_from_cache_mounts(broken) == ["/app/target/release/app (cache /app/target)"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixed_fixture_copies_nothing_out_of_a_cache_mount(case: Path, unsafe: bool):
    context = DirectoryContext(str(case / "context")) if (case / "context").is_dir() else NO_CONTEXT
    before = (case / "before.Dockerfile").read_text()
    result = fix(before, LintSettings(unsafe_fixes=unsafe), context).text
    unresolved = reads_from_cache_mounts(before)
    # A fixture whose input already reads a cache it cannot be fixed for keeps exactly that read.
    assert reads_from_cache_mounts(result) == [p for p in unresolved if case.name == "cached-target-unresolvable"]
