"""Every later use of a directory a RUN writes: the same stage after it, the
stages built ``FROM`` it, and ``COPY --from``/``RUN --mount=from=`` anywhere.

Each use is either an artifact (a file cargo writes directly into a profile
directory) that can be rewritten to a copied-out path, or a problem that
makes the directory unsafe to cache. A textual safety net turns every
mention of the directory that no parsed word explains into a problem.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

from dockerls.core.context import line_number
from dockerls.rules.cargo.outputs import OutputLayout
from dockerls.rules.cargo.paths import PathRef, consumers, named_paths, references
from dockerls.rules.cargo.mentions import Mentions, name_pattern
from dockerls.analysis.stages import RegionKey, in_range, keys_where, small_region_after, stage_tree, tree_index
from dockerls.analysis.paths import is_inside
from dockerls.syntax import Dockerfile, Instruction

# Commands that only read (or modify in place) the files they are given.
_READING_TOOLS = frozenset(
    {"strip", "upx", "ldd", "file", "chmod", "ls", "sha256sum", "sha512sum", "md5sum", "du", "test", "[",
     "objdump", "readelf", "nm", "size", "cat", "stat"}
)
# Commands that copy or move their arguments but the last (the destination).
_COPYING_TOOLS = frozenset({"cp", "install", "mv", "rsync"})
# Commands that read whole trees: a directory above the cached one still loses its contents.
TREE_TOOLS = frozenset({"cp", "tar", "rsync", "mv", "find", "zip", "du", "chown", "chmod", "rm", "ls"})


@dataclass(frozen=True, slots=True)
class Use:
    ref: PathRef
    directory: str | None = None  # under target/: "release", "<triple>/release"
    name: str | None = None  # the artifact's file name
    problem: str | None = None

    @property
    def line(self) -> int:
        return line_number(self.ref.instruction.document, self.ref.span.start)


def line_of(instruction: Instruction) -> int:
    return line_number(instruction.document, instruction.span.start)


def find_uses(
    document: Dockerfile,
    run: Instruction,
    directory: str,
    layout: OutputLayout,
    *,
    skip: callable = lambda instruction: False,
) -> list[Use]:
    """Uses of ``directory`` (absolute) after ``run``: in the rest of its stage, in the stages
    built on it, and in reads from those stages anywhere. ``skip`` names instructions that
    see the directory in their own right (another RUN mounting the same cache)."""
    uses: list[Use] = []
    stage = document.stages[run.stage]  # (a RUN before the first FROM looks at the last stage)
    name_known = name_pattern(posixpath.basename(directory)) is not None
    later = small_region_after(document, stage.index, run.index)
    if later is None:
        later = _later_candidates(document, stage.index, run.index, directory, name_known)
    for instruction in later:
        if skip(instruction):
            continue
        refs = [ref for ref in references(instruction) if ref.role != "context-source"]
        if instruction.keyword in ("COPY", "ADD") and instruction.flag("from") is not None:
            refs = [ref for ref in refs if ref.role == "destination"]  # its sources are another stage's
        explained = []
        for ref in refs:
            use = _classify(ref, directory, layout)
            if ref.path is not None and is_inside(ref.path, directory):
                explained.append(ref.span)  # a word that is a path in the directory, classified above
            if use is not None:
                uses.append(use)
        if not (instruction.keyword in ("COPY", "ADD") and instruction.flag("from") is not None):
            # (A COPY --from's sources are another stage's paths, checked with the consumers below.)
            uses.extend(_unexplained_mentions(instruction, directory, explained))
    readers = consumers(document)
    for ref in readers.refs_near(document, stage.index, directory):
        if ref.path is None:
            if ref.value is None or _mentions(ref.raw(), directory):
                uses.append(Use(ref, problem=f"line {_line(ref)} copies from a path dockerls cannot resolve"))
            continue
        if is_inside(directory, ref.path):
            if ref.path != directory and not is_inside(ref.path, directory):
                uses.append(Use(ref, problem=f"line {_line(ref)} copies {ref.path}, which holds {directory}"))
                continue
        use = _classify(ref, directory, layout)
        if use is not None:
            uses.append(use)
    for instruction in readers.unknown_mentioning(document, posixpath.basename(directory) if name_known else None):
        text = document.text[instruction.span.start : instruction.span.end]
        if _mentions(text, directory):
            uses.append(
                Use(references(instruction)[0] if references(instruction) else _blank_ref(instruction),
                    problem=f"line {line_of(instruction)} copies from a stage a variable hides")
            )
    return uses


def _later_candidates(
    document: Dockerfile, stage: int, after: int, directory: str, name_known: bool
) -> list[Instruction]:
    """The instructions after ``after`` in ``stage`` and in the stages built on it that
    may use ``directory``, in file order: those naming a path inside it or above it,
    and those whose text may mention it (every one, when ``name_known`` is false).
    Any other instruction would give ``find_uses`` nothing."""
    bounds = stage_tree(document).after(stage, after)
    named = named_paths(document, stage)
    if name_known:
        mentioning = tree_mentions(document, stage).keys(posixpath.basename(directory))
    else:
        mentioning = (keys_where(document, stage, ("every instruction",), lambda instruction: True),)
    found: set[int] = set()
    for keys in (*named.inside(directory), *named.lists_for(directory), *mentioning):
        found.update(index for _, index in keys[in_range(keys, bounds)])
    return [document.instructions[index] for index in sorted(found)]


def tree_mentions(document: Dockerfile, stage: int) -> Mentions[RegionKey]:
    """Which instructions of ``stage``'s tree may mention a name, by region key."""
    tree = stage_tree(document)
    return tree_index(
        document, stage, ("mentions",), lambda instructions: Mentions(document.text, instructions, lambda _, i: tree.key(i))
    )


def _line(ref: PathRef) -> int:
    return line_number(ref.instruction.document, ref.span.start)


def _blank_ref(instruction: Instruction) -> PathRef:
    return PathRef(instruction, instruction.keyword_span, None, None, "argument", True)


def _classify(ref: PathRef, directory: str, layout: OutputLayout) -> Use | None:
    path = ref.path
    if path is None:
        return None
    if is_inside(path, directory):
        if ref.role == "destination":
            return Use(ref, problem=f"line {_line(ref)} writes into {directory}")
        if ref.command is not None and ref.command.argv and ref.command.argv[0].text in ("cd", "pushd"):
            return Use(ref, problem=f"line {_line(ref)} changes into {path}")
        relative = posixpath.relpath(path, directory)
        artifact = layout.artifact(relative) if path != directory else None
        if artifact is None:
            return Use(ref, problem=f"line {_line(ref)} reads {path}, which is not a binary cargo writes there")
        if ref.command is not None and _is_copy_destination(ref):
            return Use(ref, problem=f"line {_line(ref)} writes {path}")
        return Use(ref, directory=artifact[0], name=artifact[1])
    if is_inside(directory, path) and path != "/" and ref.command is not None:
        program = posixpath.basename(ref.command.argv[0].text) if ref.command.argv else ""
        if program in TREE_TOOLS:
            return Use(ref, problem=f"line {_line(ref)} runs {program} on {path}, which holds {directory}")
    return None


def _is_copy_destination(ref: PathRef) -> bool:
    argv = ref.command.argv
    program = posixpath.basename(argv[0].text) if argv else ""
    if program not in _COPYING_TOOLS:
        return False
    positions = [index for index, word in enumerate(argv[1:], 1) if not word.text.startswith("-")]
    return bool(positions) and ref.position == positions[-1]


def is_read_only(ref: PathRef) -> bool:
    """Whether a use only reads the artifact (so the original build must have produced it)."""
    if ref.role in ("source", "mount-source", "command"):
        return True
    if ref.instruction.keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
        return True
    if ref.command is None or not ref.command.argv:
        return False
    program = posixpath.basename(ref.command.argv[0].text)
    if program in _READING_TOOLS:
        return True
    return program in _COPYING_TOOLS and not _is_copy_destination(ref)


@lru_cache(maxsize=256)
def _mention_pattern(directory: str) -> re.Pattern[str]:
    name = re.escape(posixpath.basename(directory))
    boundary = r"(?=$|[/\s\"';:,)&|\]}])"
    return re.compile(
        rf"{re.escape(directory)}{boundary}|(?<![\w.$/-])(?:\./)?{name}{boundary}|\$\{{?CARGO_TARGET_DIR\b"
    )


def _mentions(text: str, directory: str) -> bool:
    return _mention_pattern(directory).search(text) is not None


def _unexplained_mentions(instruction: Instruction, directory: str, explained: list) -> list[Use]:
    text = instruction.document.text
    pattern = _mention_pattern(directory)
    found = []
    for match in pattern.finditer(text, instruction.span.start, instruction.span.end):
        if any(span.start <= match.start() < span.end for span in explained):
            continue
        ref = PathRef(instruction, _span(match), None, None, "argument", False)
        found.append(Use(ref, problem=f"line {_line(ref)} mentions {match.group()} in a way dockerls cannot follow"))
    return found


def _span(match: re.Match[str]):
    from dockerls.syntax import Span

    return Span(match.start(), match.end())
