"""One pass over a document shared by the package-manager rules: invocations of every
manager with a profile, the files they read (with ``-r`` includes where the manager
follows them), the COPY that brought each file, and what removing that COPY would change.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from dockerls.core.buildcontext import BuildContext
from dockerls.analysis.caches import mount_target
from dockerls.analysis.paths import same_path
from dockerls.analysis.copies import NEEDED, CopiedFile, provider, removal_effect
from dockerls.analysis.invocations import Invocation, invocations
from dockerls.analysis.yarn import berry_reason
from dockerls.profiles import BUN, GO, NPM, PIP, PNPM, POETRY, UV, YARN
from dockerls.profiles import APK, DNF, ZYPPER
from dockerls.profiles import NUGET
from dockerls.profiles import GRADLE, MAVEN
from dockerls.profiles import BUNDLER, COMPOSER, GEM
from dockerls.analysis.memo import remembered
from dockerls.rules.managers.requirements import referenced_files
from dockerls.syntax import Dockerfile, Instruction, Span, Word

_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
# The managers whose rules are built from their profiles, in the order their invocations are read.
MANAGED = (PIP, UV, POETRY, NPM, YARN, PNPM, BUN, GO)
MANAGED += (APK, DNF, ZYPPER)  # system package managers
MANAGED += (NUGET,)  # .NET
MANAGED += (MAVEN, GRADLE)  # JVM
MANAGED += (COMPOSER, BUNDLER, GEM)  # PHP and Ruby


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
    installs: list[Invocation] = field(default_factory=list)
    berry: list[tuple[Invocation, str]] = field(default_factory=list)  # yarn 2+ installs and why
    reads: dict[int, list[ReadFile]] = field(default_factory=dict)  # id(install) → files
    _effects: dict[tuple[int, Span], str] = field(default_factory=dict)
    _by_tool: dict[str, dict[Instruction, list[Invocation]]] = field(default_factory=dict)
    _readers: dict[tuple[int, Span], list[tuple[Invocation, ReadFile]]] | None = None

    def installs_of(self, tool: str) -> dict[Instruction, list[Invocation]]:
        """RUN → its installs of ``tool``, in document order (computed once; do not modify)."""
        if tool not in self._by_tool:
            grouped: dict[Instruction, list[Invocation]] = {}
            for install in self.installs:
                if install.tool == tool:
                    grouped.setdefault(install.instruction, []).append(install)
            self._by_tool[tool] = grouped
        return self._by_tool[tool]

    def files(self, install: Invocation) -> list[ReadFile]:
        return self.reads.get(id(install), [])

    def readers(self, copied: CopiedFile) -> list[tuple[Invocation, ReadFile]]:
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


def bind_allowed(install: Invocation) -> bool:
    """Whether the files an invocation reads may be read-only: not when it writes its
    manifest or lockfile (``npm install``), and only with a frozen lockfile when the
    subcommand would rewrite it otherwise (``uv sync --locked``, ``yarn --frozen-lockfile``)."""
    spec = install.spec
    if spec.never_bind:
        return False
    if not spec.bind_needs and not spec.bind_variables:
        return True
    for name in spec.bind_needs:
        if name in install.options and install.options[name].strip().lower() not in ("false", "0", "no"):
            return True
    return any((install.lookup(name) or "").strip().lower() in _TRUE for name in spec.bind_variables)


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
        found = [call for profile in MANAGED for call in invocations(instruction, profile)]
        if len(found) > 1:
            found.sort(key=lambda call: call.site.command.span.start)
        for install in found:
            if install.profile is YARN:
                reason = berry_reason(document, install, context)
                if reason is not None:
                    analysis.berry.append((install, reason))  # yarn 2+: no classic cache (YRN006)
                    continue
            analysis.installs.append(install)
            analysis.reads[id(install)] = _read_files(document, context, install)
    return analysis


def _read_files(document: Dockerfile, context: BuildContext, install: Invocation) -> list[ReadFile]:
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
        if not may_include or not install.profile.follows_includes or copied is None or not context.known:
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
