"""Whether another stage copies apt's state out of a stage: ``COPY --from=<stage>`` or
``RUN --mount=from=<stage>`` of a path inside apt's directories or above them (``/``).

Such a copy sees what the stage's filesystem holds. A cache mount keeps apt's lists
and downloads out of it, and removing docker-clean changes ``/etc/apt``: a fix that
is safe for the stage's own image is then not safe for the stage that copies.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.syntax import Dockerfile, Instruction
from dockerls.syntax.state import state_of

_WILDCARD = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True)
class CopyOut:
    instruction: Instruction  # the COPY or RUN that reads another stage
    stage: int | None  # the stage it reads (None: a reference dockerls cannot resolve)
    source: str | None  # absolute path read there (None: unknown, e.g. a variable)


def copies_out(document: Dockerfile) -> list[CopyOut]:
    """Every read of another stage's files, computed once per document."""
    return document.memo(("apt", "copies out"), lambda: _copies_out(document))


def _copies_out(document: Dockerfile) -> list[CopyOut]:
    found: list[CopyOut] = []
    for instruction in document.instructions:
        state = state_of(instruction)
        reads: list[tuple[str, list[str]]] = []
        flag = instruction.flag("from") if instruction.keyword in ("COPY", "ADD") else None
        if flag is not None:
            words = list(instruction.exec_args or []) if instruction.is_exec_form else instruction.args.split()
            words = [word for word in words if not word.startswith("--")]
            reads.append((flag.value or "", words[:-1] or ["/"]))
        for mount in instruction.mounts:
            if mount.mount_get("from"):
                reads.append((mount.mount_get("from") or "", [mount.mount_get("source") or "/"]))
        for reference, sources in reads:
            known = state.expand_known(reference) if state is not None else reference
            stage = document.stage_by_reference(known) if known is not None else None
            if known is not None and stage is None and not known.isdigit():
                continue  # an image, not a stage of this file
            for source in sources:
                expanded = state.expand_known(source) if state is not None else source
                path = posixpath.normpath("/" + expanded.lstrip("/")) if expanded is not None else None
                found.append(CopyOut(instruction, stage.index if stage is not None else None, path))
    return found


def copying_out(document: Dockerfile, stage: int, paths: list[str]) -> CopyOut | None:
    """The first read, from ``stage`` or a stage built on it, of a path inside one of
    ``paths`` or above one (a wildcard or an unknown source counts as touching)."""
    for copy in _reading(document).get(stage, ()):
        if copy.source is None or copy.stage is None:
            return copy
        source = copy.source
        wildcard = _WILDCARD.search(source)
        if wildcard is not None:
            source = posixpath.dirname(source[: wildcard.start()] + "x")
        for path in paths:
            if _inside(source, path) or _inside(path, source):
                return copy
    return None


def _reading(document: Dockerfile) -> dict[int, list[CopyOut]]:
    """Stage → the reads that see its filesystem: of it, or of a stage built on it (a read
    of a stage is filed under that stage and the stages it is built on). A read of a
    stage dockerls cannot resolve is filed under every stage."""
    def compute() -> dict[int, list[CopyOut]]:
        filed: dict[int, list[CopyOut]] = {}
        copies = copies_out(document)
        unresolved = [copy for copy in copies if copy.stage is None]
        if unresolved:
            for stage in document.stages:
                filed[stage.index] = list(unresolved)
        for copy in copies:
            if copy.stage is not None:
                for stage in document.stage_chain(copy.stage):
                    filed.setdefault(stage.index, []).append(copy)
        return filed

    return document.memo(("apt", "reads by stage"), compute)


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")
