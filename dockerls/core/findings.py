"""Findings, fixes, edits and violations: the vocabulary of rules and engine, free of LSP and I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable

from dockerls.syntax import Span


INTERNAL_ERROR = "DLS001"  # a rule failed; reported instead of its findings


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"


class Applicability(str, Enum):
    SAFE = "safe"  # the built image keeps its content and behaviour, minus caches
    UNSAFE = "unsafe"  # the image may change; the title says how


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (code-point offsets)."""

    start: int
    end: int
    content: str

    @classmethod
    def insert(cls, at: int, content: str) -> "Edit":
        return cls(at, at, content)

    @classmethod
    def delete(cls, span: Span) -> "Edit":
        return cls(span.start, span.end, "")


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Related:
    """Another place in the file that belongs to a finding's one problem (a COPY its fix
    removes, a later COPY --from that reads what its RUN builds), with what it has to do
    with it. Shown under the finding (the CLI) or as LSP ``relatedInformation``."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    message: str
    severity: Severity
    span: Span
    fix: Fix | None = None
    # Text the fix deletes as pointless (editors fade it: the LSP ``Unnecessary`` tag).
    unnecessary: tuple[Span, ...] = field(default=())
    # Other fixes a user may choose instead (e.g. the unsafe variant of a safe fix).
    alternatives: tuple[Fix, ...] = field(default=())
    # The other places of the same problem: one problem is one finding, wherever its fix edits.
    related: tuple[Related, ...] = field(default=())


class Violation:
    """What a rule found, in its own words (as ruff's violations): the ``message``
    and, when it offers one, the title of its fix (``fix_title``).

    Each rule declares its violation: a small frozen dataclass of the facts its
    words need. The rule makes one per finding and hands it to
    :meth:`dockerls.core.rule.Rule.finding`, which takes the message and the fix's
    title from it, never from the rule's code."""

    __slots__ = ()

    @property
    def message(self) -> str:
        raise NotImplementedError

    @property
    def fix_title(self) -> str | None:
        return None

    def fix(self, edits: Iterable[Edit], applicability: Applicability = Applicability.SAFE) -> Fix:
        """The fix ``fix_title`` names, made of ``edits`` (also for a finding's alternatives)."""
        title = self.fix_title
        if title is None:
            raise TypeError(f"{type(self).__name__} has no fix title")
        return Fix(title, tuple(edits), applicability)
