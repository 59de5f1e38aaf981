"""Whether a file is in the image at a path before an instruction, and what the build context says it holds.

For files a manager reads by itself from its project directory (``.npmrc``,
``.yarnrc.yml``, ``package.json``): the nearest COPY of the stage chain that may
have put something at the path, and the file's text when the build context is known.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from dockerls.analysis.copy_sources import WILDCARD, CopyInstruction, copy_index, provision_in, read_copy
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
    if copy is None:
        return None
    found = provision_in(document, copy, path, context)
    if found is None:
        return _maybe_the_file(best, copy, path, context)
    kind, source, context_path = found
    # Without the build context, `COPY .npmrc .` reads as a directory named .npmrc (a dot file
    # has no extension): a source named like the file may well be the file itself.
    named = kind == "file" or (
        not context.known and source is not None and posixpath.basename(source.text.rstrip("/")) == posixpath.basename(path)
    )
    exists = context.available(context_path) if context.known and context_path else None
    text = context.read_text(context_path) if exists and context_path else None
    return CopiedHere(best, named, context_path, exists, text)


def _maybe_the_file(instruction: Instruction, copy: CopyInstruction, path: str, context: BuildContext) -> CopiedHere | None:
    """`COPY npmrc /root/.npmrc` without the build context: a directory's contents would go below
    the path, a file to the path itself; which one the source is, only the context tells."""
    if context.known or copy.destination != path or copy.destination_is_dir or len(copy.sources) != 1:
        return None
    source = copy.sources[0].text
    if WILDCARD.search(source) or source.endswith("/"):
        return None
    return CopiedHere(instruction, True, None, None, None)
