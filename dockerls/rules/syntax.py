"""SYN: text BuildKit would reject or that dockerls cannot read. Reported from the parser's issues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity, Violation
from dockerls.core.rule import Rule, rule
from dockerls.syntax import SyntaxIssue


@dataclass(frozen=True, slots=True)
class ParserIssue(Violation):
    """What the parser found wrong, in the parser's words."""

    issue: SyntaxIssue

    @property
    def message(self) -> str:
        return self.issue.message


def _issues(code: str):
    def check(context: RuleContext) -> Iterator[Finding]:
        for issue in context.document.issues:
            if issue.code == code:
                yield RULE_BY_CODE[code].finding(ParserIssue(issue), issue.span)

    return check


def _syntax_rule(code: str, name: str, severity: Severity, doc: str) -> Rule:
    check = _issues(code)
    check.__doc__ = doc
    return rule(code, name, severity, fix="none", scope="document")(check)


UNKNOWN_INSTRUCTION = _syntax_rule(
    "SYN001",
    "unknown-instruction",
    Severity.ERROR,
    """A line starts with a word that is not a Dockerfile instruction.

    ## What it does
    Reports the first word of a line that BuildKit does not know as an instruction.

    ## Why
    BuildKit stops the build with "unknown instruction". It is often a missing
    line continuation (`\\`) on the line before.

    ## Example
    ```Dockerfile
    RUN apt-get update &&
        apt-get install -y curl
    ```

    ## Fix safety
    No fix: the intent cannot be known.
    """,
)

CONTINUATION_AT_EOF = _syntax_rule(
    "SYN002",
    "continuation-at-end-of-file",
    Severity.WARNING,
    """The last line of the file ends with a line continuation.

    ## What it does
    Reports an escape character at the end of the file's last instruction.

    ## Why
    Usually a line was lost when editing; the instruction may be incomplete.

    ## Example
    ```Dockerfile
    RUN make \\
    ```

    ## Fix safety
    No fix.
    """,
)

INVALID_DIRECTIVE = _syntax_rule(
    "SYN003",
    "invalid-parser-directive",
    Severity.ERROR,
    """A parser directive has a value BuildKit rejects.

    ## What it does
    Reports an `# escape=` directive whose value is neither `\\` nor a backtick.

    ## Why
    BuildKit fails to parse the file.

    ## Example
    ```Dockerfile
    # escape=^
    ```

    ## Fix safety
    No fix.
    """,
)

MISSING_ARGUMENTS = _syntax_rule(
    "SYN004",
    "missing-arguments",
    Severity.ERROR,
    """An instruction has no arguments.

    ## What it does
    Reports instructions such as `FROM`, `COPY` or `WORKDIR` with nothing after them.

    ## Why
    BuildKit fails with "requires at least one argument".

    ## Example
    ```Dockerfile
    WORKDIR
    ```

    ## Fix safety
    No fix.
    """,
)

UNTERMINATED_HEREDOC = _syntax_rule(
    "SYN005",
    "unterminated-heredoc",
    Severity.ERROR,
    """A heredoc is never closed.

    ## What it does
    Reports `<<NAME` on a RUN, COPY or ADD whose terminating `NAME` line never comes.

    ## Why
    The rest of the file becomes the heredoc's body.

    ## Example
    ```Dockerfile
    RUN <<EOF
    apt-get update
    ```

    ## Fix safety
    No fix.
    """,
)

MALFORMED_FLAG = _syntax_rule(
    "SYN006",
    "malformed-flag",
    Severity.ERROR,
    """A flag has no name, or `--mount` has no options.

    ## What it does
    Reports `--` words before an instruction's arguments that BuildKit cannot read.

    ## Why
    BuildKit fails to parse the instruction.

    ## Example
    ```Dockerfile
    RUN --mount apt-get update
    ```

    ## Fix safety
    No fix.
    """,
)

UNKNOWN_MOUNT_OPTION = _syntax_rule(
    "SYN007",
    "unknown-mount-option",
    Severity.ERROR,
    """A `--mount` option or mount type that BuildKit does not know.

    ## What it does
    Reports option keys other than BuildKit's (`type`, `target`, `source`, `from`,
    `id`, `sharing`, `mode`, `uid`, `gid`, `rw`, `ro`, `size`, `required`, `env`
    and their aliases) and types other than bind, cache, tmpfs, secret and ssh.

    ## Why
    BuildKit fails with "unexpected key" or "unsupported mount type".

    ## Example
    ```Dockerfile
    RUN --mount=type=cache,taget=/root/.cache/pip pip install flask
    ```

    ## Fix safety
    No fix.
    """,
)

BEFORE_FROM = _syntax_rule(
    "SYN008",
    "instruction-before-from",
    Severity.ERROR,
    """An instruction other than ARG comes before the first FROM.

    ## What it does
    Reports instructions that precede every `FROM`.

    ## Why
    Only `ARG` may come before the first `FROM`; BuildKit fails otherwise.

    ## Example
    ```Dockerfile
    RUN echo hi
    FROM debian
    ```

    ## Fix safety
    No fix.
    """,
)

RULES = (
    UNKNOWN_INSTRUCTION,
    CONTINUATION_AT_EOF,
    INVALID_DIRECTIVE,
    MISSING_ARGUMENTS,
    UNTERMINATED_HEREDOC,
    MALFORMED_FLAG,
    UNKNOWN_MOUNT_OPTION,
    BEFORE_FROM,
)
RULE_BY_CODE = {rule.code: rule for rule in RULES}
