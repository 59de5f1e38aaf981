"""One pass over a document shared by the Python rules: installs, the files
they read (with ``-r`` includes), the COPY that brought each file, and what
removing that COPY would change.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from dockerls.core.buildcontext import BuildContext
from dockerls.analysis.caches import mount_target
from dockerls.analysis.paths import same_path
from dockerls.analysis.copies import NEEDED, CopiedFile, provider, removal_effect
from dockerls.rules.python.installs import PIP, UV, Install, find_installs
from dockerls.rules.python.memo import remembered
from dockerls.rules.python.requirements import referenced_files
from dockerls.syntax import Dockerfile, Instruction, Span, Word

_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})


@dataclass(frozen=True, slots=True)
class ReadFile:
    """A file an install reads, and the dedicated COPY that brought it (if any)."""

    written: str  # the bind target: as the command (or the including file) names it
    path: str  # absolute
    word: Word | None  # the argument naming it; None for includes and files a tool finds itself
    copied: CopiedFile | None


@dataclass
class Analysis:
    document: Dockerfile
    context: BuildContext
    installs: list[Install] = field(default_factory=list)
    reads: dict[int, list[ReadFile]] = field(default_factory=dict)  # id(install) → files
    _effects: dict[tuple[int, Span], str] = field(default_factory=dict)
    _by_tool: dict[str, dict[Instruction, list[Install]]] = field(default_factory=dict)
    _readers: dict[tuple[int, Span], list[tuple[Install, ReadFile]]] | None = None

    def installs_of(self, tool: str) -> dict[Instruction, list[Install]]:
        """RUN → its installs of ``tool``, in document order (computed once; do not modify)."""
        if tool not in self._by_tool:
            grouped: dict[Instruction, list[Install]] = {}
            for install in self.installs:
                if install.tool == tool:
                    grouped.setdefault(install.instruction, []).append(install)
            self._by_tool[tool] = grouped
        return self._by_tool[tool]

    def files(self, install: Install) -> list[ReadFile]:
        return self.reads.get(id(install), [])

    def readers(self, copied: CopiedFile) -> list[tuple[Install, ReadFile]]:
        """Installs that read the file ``copied`` brought, through that COPY."""
        if self._readers is None:
            # Filed once by COPY source: asking every install per COPY is quadratic.
            self._readers = {}
            for install in self.installs:
                for read in self.files(install):
                    if read.copied is not None:
                        self._readers.setdefault(_copy_key(read.copied), []).append((install, read))
        return list(self._readers.get(_copy_key(copied), ()))

    def effect(self, copied: CopiedFile) -> str:
        """What removing the COPY source changes (see :mod:`copies`), NEEDED when
        an install reads the file in a way a bind mount cannot replace."""
        key = _copy_key(copied)
        if key not in self._effects:
            readers = self.readers(copied)
            if not readers or not all(bind_allowed(install) for install, _ in readers):
                self._effects[key] = NEEDED
            else:
                spans = {read.word.span for _, read in readers if read.word is not None}
                spans |= {install.command.span for install, _ in readers}
                self._effects[key] = removal_effect(self.document, copied, spans, self.context)
        return self._effects[key]


def _copy_key(copied: CopiedFile) -> tuple[int, Span]:
    """The COPY source that brought a file: its instruction (by index, within one document) and its span."""
    return copied.copy.instruction.index, copied.source.span


def bind_allowed(install: Install) -> bool:
    """Whether the files an install reads may be read-only: ``uv sync``
    rewrites ``uv.lock`` unless ``--locked``/``--frozen`` (or UV_LOCKED/UV_FROZEN) says not to."""
    if install.tool == UV and install.subcommand.text == "sync":
        if "locked" in install.options or "frozen" in install.options:
            return True
        return any((install.lookup(name) or "").strip().lower() in _TRUE for name in ("UV_LOCKED", "UV_FROZEN"))
    return True


def is_bound(instruction: Instruction, path: str) -> bool:
    """Whether a bind mount of the RUN already puts something at ``path`` (or at a directory above it)."""
    for flag in instruction.mounts:
        if flag.mount_type == "bind":
            target = mount_target(flag, instruction)
            if target is not None and (same_path(target, path) or path.startswith(target.rstrip("/") + "/")):
                return True
    return False


def analyse(document: Dockerfile, context: BuildContext) -> Analysis:
    """The analysis of ``document``, computed once for all Python rules."""
    return remembered(document, ("analysis", context), lambda: _analyse(document, context))


def _analyse(document: Dockerfile, context: BuildContext) -> Analysis:
    analysis = Analysis(document, context)
    if remembered(document, "is-windows", lambda: document.is_windows):
        return analysis
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or instruction.stage < 0:
            continue
        for install in find_installs(instruction):
            analysis.installs.append(install)
            analysis.reads[id(install)] = _read_files(document, context, install)
    return analysis


def _read_files(document: Dockerfile, context: BuildContext, install: Install) -> list[ReadFile]:
    files: list[ReadFile] = []
    seen: set[str] = set()
    queue = [(item.written, item.path, item.word, item.word is not None) for item in install.inputs]
    while queue:
        written, path, word, may_include = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        copied = provider(document, install.instruction, path, context)
        files.append(ReadFile(written, path, word, copied))
        if not may_include or install.tool not in (PIP, UV) or copied is None or not context.known:
            continue
        text = context.read_text(copied.context_path)
        for included in referenced_files(text or ""):
            if posixpath.isabs(included):
                queue.append((included, posixpath.normpath(included), None, True))
            else:
                queue.append(
                    (
                        posixpath.normpath(posixpath.join(posixpath.dirname(written), included)),
                        posixpath.normpath(posixpath.join(posixpath.dirname(path), included)),
                        None,
                        True,
                    )
                )
    return files
