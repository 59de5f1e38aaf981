"""What a rule is given: the document, the build-context view and its options."""

from __future__ import annotations

from dataclasses import dataclass, field

from dockerls.engine.buildcontext import BuildContext, NO_CONTEXT
from dockerls.engine.options import Options
from dockerls.syntax import Dockerfile


@dataclass(frozen=True, slots=True)
class RuleContext:
    document: Dockerfile
    build_context: BuildContext = NO_CONTEXT
    options: Options = field(default_factory=Options)


# A document checked as part of a larger file (dockerls.engine.partition) keeps
# under this memo key how its offsets map to the file's line numbers.
LINE_NUMBERS = "line-numbers"


def line_number(document: Dockerfile, offset: int) -> int:
    """The 1-based line of ``offset`` as the user sees it, for messages."""
    numbers = document.memo(LINE_NUMBERS, lambda: None)
    if numbers is not None:
        return numbers(document.lines, offset)
    return document.lines.position(offset)[0] + 1
