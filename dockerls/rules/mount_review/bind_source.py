"""MNT003: a bind mount of a path the build context does not have (or .dockerignore excludes)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Iterator

from dockerls.core.buildcontext import BuildContext
from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.analysis.copy_sources import WILDCARD, read_copy
from dockerls.syntax import Dockerfile, Flag, Instruction
from dockerls.syntax.state import state_of


@dataclass(frozen=True, slots=True)
class SourceNotInContext(Violation):
    source: str
    excluded: bool  # it exists, and .dockerignore keeps it out

    @property
    def message(self) -> str:
        if self.excluded:
            return f"The bind mount's source {self.source} is excluded by .dockerignore: BuildKit does not send it, and the RUN fails"
        return f"The bind mount's source {self.source} is not in the build context: the RUN fails"


@rule("MNT003", "bind-source-not-in-context", Severity.ERROR, fix="none")
def BIND_SOURCE_NOT_IN_CONTEXT(context: RuleContext) -> Iterator[Finding]:
    """A bind mount names a source the build context does not have, or `.dockerignore` excludes.

    ## What it does
    For each `--mount=type=bind` that reads the build context (no `from=`),
    looks the `source` up in the build context, with `.dockerignore` applied as
    BuildKit applies it. Says nothing when the build context is not known (a
    Dockerfile on standard input without `--context`), when the source depends
    on a variable, or when `from=` makes it a path in another stage or image;
    and when the context has none of the paths the file reads from it (bind
    and COPY sources): that directory is then not the file's build context (a
    Dockerfile kept apart from its sources, built with another context).

    ## Why
    BuildKit sends only what `.dockerignore` keeps, and a bind of a missing
    path fails the build ("failed to compute cache key: … not found"). A
    read-only bind of a lockfile that is not committed, or that an ignore
    pattern such as `*.lock` excludes, fails on the next clean checkout.

    ## Example
    ```Dockerfile
    FROM python:3.12
    RUN --mount=type=bind,source=requirements.lock,target=/tmp/requirements.txt \
        pip install -r /tmp/requirements.txt
    ```
    with a `.dockerignore` holding `*.lock`: the source is reported.

    ## Fix safety
    No fix: the file must be added to the context, or the ignore file changed.
    """
    build_context = context.build_context
    if not build_context.known or build_context.unknown_reason is not None:
        return
    document = context.document
    binds = [(flag, source) for flag, source in _context_binds(document) if source is not None]
    if not binds or not _is_this_files_context(document, build_context, [source for _, source in binds]):
        return
    for flag, source in binds:
        violation = _missing(build_context, source)
        if violation is not None:
            yield BIND_SOURCE_NOT_IN_CONTEXT.finding(violation, _source_span(flag))


def _context_binds(document: Dockerfile) -> Iterator[tuple[Flag, str | None]]:
    """The file's bind mounts that read the build context, with their source in it."""
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or not instruction.mounts:
            continue
        for flag in instruction.mounts:
            if flag.mount_type == "bind" and flag.mount_get("from") is None:
                yield flag, _context_path(flag, instruction)


def _is_this_files_context(document: Dockerfile, build_context: BuildContext, bound: list[str]) -> bool:
    """Whether the context holds any path the file reads from it (bind sources, COPY and ADD
    sources without wildcards). A directory that holds none of them is not this Dockerfile's
    build context (a Dockerfile kept apart from its sources, the context given elsewhere):
    what is missing there says nothing about the build."""
    named = [path for path in bound if path != "."]
    for instruction in document.instructions:
        copy = read_copy(document, instruction)
        if copy is None or not copy.plain or copy.from_stage is not None:
            continue
        named.extend(
            posixpath.normpath("/" + source.text).lstrip("/") for source in copy.sources if not WILDCARD.search(source.text)
        )
    named = [path for path in named if path and path != "."]
    return not named or any(build_context.exists(path) for path in named)


def _context_path(flag: Flag, instruction: Instruction) -> str | None:
    """The source as a path from the context's root (absolute sources are from the root too);
    None when it depends on a variable the Dockerfile does not show, or leaves the context."""
    source = flag.mount_get("source") or "."
    if "$" in source:
        source = state_of(instruction).expand_known(source)
        if source is None:
            return None
    path = posixpath.normpath("/" + source).lstrip("/") or "."
    return None if path.startswith("..") else path


def _missing(build_context: BuildContext, path: str) -> SourceNotInContext | None:
    available = build_context.available(path)
    if available is not False:
        return None
    return SourceNotInContext(path, bool(build_context.exists(path)))


def _source_span(flag: Flag):
    for option in flag.mount_options:
        if option.key.lower() in ("source", "src"):
            return option.span
    return flag.span
