"""Whether a file is in the image at a path before an instruction, and what the build context says it holds.

For files a manager reads by itself from its project directory (``.npmrc``,
``.yarnrc.yml``, ``package.json``): the nearest COPY of the stage chain that may
have put something at the path, and the file's text when the build context is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.copy_sources import copy_index, provision_in, read_copy
from dockerls.analysis.stages import stage_tree
from dockerls.core.buildcontext import BuildContext
from dockerls.syntax import Dockerfile, Instruction


@dataclass(frozen=True, slots=True)
class CopiedHere:
    copy: Instruction  # the COPY that may have put the file there
    named: bool  # it names the file itself (not a directory or a glob above it)
    context_path: str | None
    exists: bool | None  # whether the build context holds it (None: unknown)
    text: str | None  # its text, when the build context is known and it is small


def copied_file(document: Dockerfile, instruction: Instruction, path: str, context: BuildContext) -> CopiedHere | None:
    """The nearest COPY of ``instruction``'s stage chain before it that may put ``path`` in the image."""
    tree = stage_tree(document)
    index = copy_index(document, context)
    best: Instruction | None = None
    for positions in index.provides.lists_for(path):
        for position in positions:
            earlier = document.instructions[position]
            if earlier.index >= instruction.index or not tree.in_chain(earlier.stage, instruction.stage):
                continue
            if best is None or earlier.index > best.index:
                best = earlier
    if best is None:
        return None
    copy = read_copy(document, best)
    found = provision_in(document, copy, path, context) if copy is not None else None
    if found is None:
        return None
    kind, _, context_path = found
    exists = context.available(context_path) if context.known and context_path else None
    text = context.read_text(context_path) if exists and context_path else None
    return CopiedHere(best, kind == "file", context_path, exists, text)
