"""MNT004: ``from=`` on a mount, or ``COPY --from``, naming no stage and not looking like an image."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Related, Severity, Violation
from dockerls.core.rule import rule
from dockerls.syntax import Dockerfile, Instruction, Span

# What makes a reference an image: a tag, a registry or namespace, a digest, a host name.
_IMAGE_MARKS = frozenset(":/@.")


@dataclass(frozen=True, slots=True)
class NoSuchStage(Violation):
    name: str
    suggestion: str | None = None  # a stage name it is close to

    @property
    def message(self) -> str:
        if self.suggestion is not None:
            return (
                f"`{self.name}` names no stage of this file (did you mean `{self.suggestion}`?): "
                f"BuildKit pulls it as the official image `{self.name}` from the default registry"
            )
        return (
            f"`{self.name}` names no stage of this file: BuildKit pulls it as the official image "
            f"`{self.name}` from the default registry (write a tag, `{self.name}:<tag>`, to say that an image is meant)"
        )


@dataclass(frozen=True, slots=True)
class StageIndexOutOfRange(Violation):
    index: int
    count: int

    @property
    def message(self) -> str:
        return f"Stage index {self.index} names no stage: this file has {self.count} (0 to {self.count - 1})"


@dataclass(frozen=True, slots=True)
class OwnStage(Violation):
    name: str

    @property
    def message(self) -> str:
        return f"`{self.name}` is the stage this instruction is in: a stage cannot read itself, and BuildKit stops the build"


@rule("MNT004", "from-names-no-stage", Severity.WARNING, fix="none", scope="document")
def FROM_NAMES_NO_STAGE(context: RuleContext) -> Iterator[Finding]:
    """`from=` on a mount, or `COPY --from`, names no stage of the file.

    ## What it does
    Looks at each `COPY --from=…` and each `--mount=…,from=…`. A value with a
    tag, a registry or namespace, a digest or a dot (`node:22`, `ghcr.io/x`,
    `docker/dockerfile`) is an image and left alone, as is one that depends on a
    variable. A stage index past the last stage is a warning; a stage's own
    name (or index) an error; a bare word that is no stage name a warning
    when it is close to one (a typo), and information otherwise: BuildKit
    reads it as an image of Docker Hub's library, which may well be meant
    (`COPY --from=busybox …`).

    ## Why
    A misspelt stage name does not fail where it is written: BuildKit tries to
    pull an image of that name, and the build fails with "pull access denied"
    or, worse, copies from an unrelated image that happens to exist.

    ## Example
    ```Dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /out/app .
    FROM debian:bookworm-slim
    COPY --from=biuld /out/app /usr/local/bin/app
    ```
    `biuld` is reported, with `build` as the likely name.

    ## Fix safety
    No fix: a bare word may be an image on purpose.
    """
    document = context.document
    stages = {stage.name: stage for stage in document.stages if stage.name}
    for instruction in document.instructions:
        for name, span in _references(instruction):
            found = _check(document, instruction, stages, name)
            if found is None:
                continue
            violation, severity, related = found
            yield FROM_NAMES_NO_STAGE.finding(violation, span, severity=severity, related=related)


def _references(instruction: Instruction) -> Iterator[tuple[str, Span]]:
    """The stage or image names the instruction reads from, with their spans."""
    if instruction.keyword == "COPY":
        flag = instruction.flag("from")
        if flag is not None and flag.value is not None:
            yield flag.value, flag.value_span or flag.span
    elif instruction.keyword == "RUN":
        for flag in instruction.mounts:
            for option in flag.mount_options:
                if option.key.lower() == "from" and option.value is not None:
                    yield option.value, option.value_span or option.span


def _check(document: Dockerfile, instruction: Instruction, stages: dict, name: str):
    if not name or "$" in name or _IMAGE_MARKS & set(name):
        return None
    current = instruction.stage
    if name.isdigit():
        index = int(name)
        if index == current:
            return OwnStage(name), Severity.ERROR, ()
        if index >= len(document.stages):
            return StageIndexOutOfRange(index, len(document.stages)), None, ()
        return None
    stage = stages.get(name.lower())
    if stage is not None:
        if stage.index == current:
            return OwnStage(name), Severity.ERROR, ()
        return None
    if name.lower() == "scratch":
        return None
    close = difflib.get_close_matches(name.lower(), list(stages), n=1, cutoff=0.75)
    if close:
        stage = stages[close[0]]
        at = stage.from_instruction
        related = (Related(at.span, f"the stage `{stage.name}`"),)
        return NoSuchStage(name, stage.name), None, related
    return NoSuchStage(name), Severity.INFO, ()
