"""Whether a later instruction may read a file from the image, and where to look for one.

``may_read`` is the judgement (a RUN naming the file, a directory above it or a
script beside it; a project tool that finds it unnamed; CMD and the like naming
it). ``read_candidates`` (in a stage) and ``read_candidates_below`` (in the
stages built on one) list, from an index built once per document, the
instructions for which it can be true, so that callers do not ask it of every
later instruction.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator

from dockerls.analysis.paths import is_inside
from dockerls.analysis.candidates import PathIndex, SegmentedText, between, merged
from dockerls.analysis.memo import remembered
from dockerls.analysis.stages import stage_tree
from dockerls.syntax import BuildState, Dockerfile, Instruction, Span
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

# Commands that do not read the content of files they are given.
_CONTENT_BLIND = frozenset({"chown", "chmod", "chgrp", "mkdir", "ls", "echo", "touch", "test", "[", "cd", "true"})
# Files that project tools find by themselves in the directory they run in.
_PROJECT_FILES = frozenset({"pyproject.toml", "poetry.lock", "uv.lock", "pdm.lock", "setup.py", "setup.cfg", "Pipfile", "Pipfile.lock"})
_PROJECT_TOOLS = re.compile(r"(poetry|uv|uvx|pdm|hatch|pipenv|pip[\d.]*|python[\d.]*|tox|nox|make)")
# Instructions whose text, when it names the file, may read it.
_READING_KEYWORDS = frozenset({"CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"})


def may_read(instruction: Instruction, path: str, consumers: set[Span]) -> bool:
    """Whether ``instruction`` may read the file at ``path``; the commands and
    words in ``consumers`` (installs that will bind-mount it) do not count."""
    state = state_of(instruction)
    if state is None:
        return False
    name = posixpath.basename(path)
    directory = posixpath.dirname(path)
    if instruction.keyword == "RUN":
        for command in commands_of(instruction):
            program = posixpath.basename(command.name)
            if command.span not in consumers and name in _PROJECT_FILES and _PROJECT_TOOLS.fullmatch(program):
                return True  # e.g. ``poetry build`` or ``python -m build`` reads pyproject.toml unnamed
            blind = program in _CONTENT_BLIND
            for word in command.argv[1:]:
                if word.span in consumers:
                    continue
                text = state.expand(word.text)
                if name in text:
                    return True
                if not blind and _names_directory_or_script(text, state.workdir, path, directory):
                    return True
        return False
    if instruction.keyword in _READING_KEYWORDS:
        return name in instruction.args
    return False


def _names_directory_or_script(text: str, cwd: str, path: str, directory: str) -> bool:
    resolved = _named_path(text, cwd)
    if resolved is None:
        return False
    if is_inside(path, resolved):
        return True  # a directory above the file: its contents may be read or copied
    return posixpath.dirname(resolved) == directory and resolved.endswith((".py", ".sh"))


def _named_path(text: str, cwd: str) -> str | None:
    """The absolute path an argument names when it looks like a directory or a
    script (not an option, a URL or ``/``), else None."""
    return _resolved(text, cwd) if _path_shaped(text) else None


def _path_shaped(text: str) -> bool:
    if text.startswith("-") or not text or "://" in text:
        return False
    return text.startswith(("/", ".")) or text.endswith((".py", ".sh")) or text in ("Makefile", "setup.py")


def _resolved(text: str, cwd: str) -> str | None:
    resolved = posixpath.normpath(posixpath.join(cwd, text))
    return None if resolved == "/" else resolved


@dataclass(frozen=True, slots=True)
class _ReadIndex:
    """The instructions of the stages that may read a file, by what ``may_read``
    looks at. Positions are ranks in ``order``: the instructions stage by stage,
    the stages depth-first, so that the stages built on a stage form one range."""

    order: list[Instruction]  # ranks by ``StageTree.starts``
    words: SegmentedText  # RUN arguments, expanded; the text of CMD, ENTRYPOINT, …
    project_tools: list[int]  # RUNs of a tool that finds project files by itself
    directories: PathIndex  # directories and scripts named by content-reading commands
    scripts: PathIndex  # the directories those scripts are in


def read_candidates(document: Dockerfile, path: str, stage: int, low: int, high: int) -> Iterator[Instruction]:
    """The instructions of ``stage`` with an index in ``[low, high)`` for which
    ``may_read(…, path, …)`` may be true, in order."""
    index = _read_index(document)
    tree = stage_tree(document)
    if not 0 <= stage < len(tree.entered):
        return iter(())
    members = document.stages[stage].instructions
    start = tree.starts[tree.entered[stage]]
    first = members[0].index if members else 0
    low_rank = start + min(max(low - first, 0), len(members))
    high_rank = start + min(max(high - first, 0), len(members))
    return _candidates(index, path, low_rank, high_rank)


def read_candidates_below(document: Dockerfile, path: str, stage: int) -> Iterator[Instruction]:
    """Candidates as ``read_candidates`` gives them, in the stages built on ``stage``
    (directly or not), stage by stage."""
    index = _read_index(document)
    tree = stage_tree(document)
    if not 0 <= stage < len(tree.entered):
        return iter(())
    starts = tree.starts
    return _candidates(index, path, starts[tree.entered[stage] + 1], starts[tree.left[stage]])


def _candidates(index: _ReadIndex, path: str, low: int, high: int) -> Iterator[Instruction]:
    name = posixpath.basename(path)
    streams = [index.words.owners_containing(name, low, high)]
    if name in _PROJECT_FILES:
        streams.append(between(index.project_tools, low, high))
    streams.extend(between(positions, low, high) for positions in index.directories.lists_for(path))
    scripts = index.scripts.exact.get(posixpath.dirname(path))
    if scripts:
        streams.append(between(scripts, low, high))
    return (index.order[rank] for rank in merged(streams))


def _read_index(document: Dockerfile) -> _ReadIndex:
    return remembered(document, "read-index", lambda: _index_reads(document))


def _index_reads(document: Dockerfile) -> _ReadIndex:
    order: list[Instruction] = []
    segments: list[tuple[int, list[str]]] = []
    project_tools: list[int] = []
    directories, scripts = PathIndex(), PathIndex()
    tree = stage_tree(document)
    for stage in tree.preorder:
        for instruction in document.stages[stage].instructions:
            rank = len(order)
            order.append(instruction)
            state = state_of(instruction)
            if state is None:
                continue
            if instruction.keyword in _READING_KEYWORDS:
                segments.append((rank, [instruction.args]))
            elif instruction.keyword == "RUN":
                words = _file_run(instruction, state, rank, project_tools, directories, scripts)
                segments.append((rank, words))
    return _ReadIndex(order, SegmentedText(segments), project_tools, directories, scripts)


def _file_run(
    instruction: Instruction,
    state: BuildState,
    rank: int,
    project_tools: list[int],
    directories: PathIndex,
    scripts: PathIndex,
) -> list[str]:
    """File a RUN under its project tools and the directories and scripts it
    names; return its arguments, expanded."""
    words: list[str] = []
    for command in commands_of(instruction):
        argv = command.argv
        program = argv[0].text.rpartition("/")[2] if argv else ""  # posixpath.basename(command.name)
        if _PROJECT_TOOLS.fullmatch(program) and rank not in project_tools[-1:]:
            project_tools.append(rank)
        blind = program in _CONTENT_BLIND
        for word in argv[1:]:
            text = word.text
            if "$" in text:  # expanding a word without $ changes nothing
                text = state.expand(text)
            words.append(text)
            if blind or not _path_shaped(text):
                continue
            resolved = _resolved(text, state.workdir)
            if resolved is not None:
                directories.add_tree(resolved, rank)
                if resolved.endswith((".py", ".sh")):
                    scripts.add_exact(posixpath.dirname(resolved), rank)
    return words


def commands_of(instruction: Instruction):
    """The simple commands of a RUN (none for other instructions or an unreadable body)."""
    script = shell_of(instruction)
    return script.commands if script is not None else ()
