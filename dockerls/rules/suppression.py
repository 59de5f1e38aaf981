"""SUP: the ``# dockerls: ignore=CODE`` comments themselves."""

from __future__ import annotations

from typing import Iterator

from dockerls.engine.context import RuleContext
from dockerls.engine.model import Finding, Severity
from dockerls.engine.rule import rule
from dockerls.engine.suppress import parse_suppressions


@rule("SUP001", "unused-suppression", Severity.WARNING, fix="sometimes", scope="document")
def UNUSED_SUPPRESSION(context: RuleContext) -> Iterator[Finding]:
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports codes in `# dockerls: ignore=…` and `# dockerls: ignore-file=…`
    comments for which no finding was suppressed, codes that name no rule,
    and `ignore=` comments that are not directly above an instruction.
    Codes of rules that are not selected are not reported: another
    configuration may need them.

    ## Why
    A stale suppression hides the next real finding of that rule on the
    instruction, and misleads readers about why it is there.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    # dockerls: ignore=APT001 we clean up below
    RUN echo "no apt here"
    ```

    ## Fix safety
    Safe: only the comment changes. The fix removes the unused codes, or the
    whole comment line when none is used. No fix is offered when deleting
    the line would turn the comment below it into a parser directive.
    """
    # Whether a suppression was used is known only after every other rule has
    # run, so the engine reports these (dockerls.engine.suppress.apply_suppressions).
    return iter(())


@rule("SUP002", "invalid-suppression", Severity.WARNING, fix="none", scope="document")
def INVALID_SUPPRESSION(context: RuleContext) -> Iterator[Finding]:
    """A `# dockerls:` comment that cannot be read.

    ## What it does
    Reports `# dockerls:` comments other than `ignore=CODE[,CODE…] [reason]`
    and `ignore-file=CODE[,CODE…] [reason]`; in particular a bare `ignore`
    with no codes, which dockerls does not accept.

    ## Why
    The comment suppresses nothing, though its author meant it to. Naming
    the codes keeps every other finding on the instruction visible.

    ## Example
    ```Dockerfile
    FROM debian:bookworm
    # dockerls: ignore
    RUN apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    No fix: which codes were meant cannot be known.
    """
    _, invalid = parse_suppressions(context.document)
    for problem in invalid:
        yield INVALID_SUPPRESSION.finding(problem.span, problem.message)


RULES = (UNUSED_SUPPRESSION, INVALID_SUPPRESSION)
