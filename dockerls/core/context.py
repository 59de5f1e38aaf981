"""What a rule is given: the document, the build-context view and its options."""

from __future__ import annotations

from dataclasses import dataclass, field

from dockerls.core.buildcontext import BuildContext, NO_CONTEXT
from dockerls.core.options import Options
from dockerls.syntax import Dockerfile, Span


@dataclass(frozen=True, slots=True)
class SuppressionResult:
    """What applying the suppression comments showed, for the rules declared
    ``scope="suppressions"`` (they run after every other rule)."""

    used: frozenset[Span]  # codes in suppression comments (their spans) that suppressed a finding
    registered: frozenset[str]  # the code of every rule in the registry
    selected: frozenset[str]  # the codes of the rules that were checked


@dataclass(frozen=True, slots=True)
class RuleContext:
    document: Dockerfile
    build_context: BuildContext = NO_CONTEXT
    options: Options = field(default_factory=Options)
    # Given only to rules declared scope="suppressions", once the other rules have run.
    suppressions: SuppressionResult | None = None


# A document checked as part of a larger file (dockerls.engine.partition) keeps
# under this memo key how its offsets map to the file's line numbers.
LINE_NUMBERS = "line-numbers"


def line_number(document: Dockerfile, offset: int) -> int:
    """The 1-based line of ``offset`` as the user sees it, for messages."""
    numbers = document.memo(LINE_NUMBERS, lambda: None)
    if numbers is not None:
        return numbers(document.lines, offset)
    return document.lines.position(offset)[0] + 1
