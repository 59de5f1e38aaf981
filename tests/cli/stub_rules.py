"""Small rules registered only in tests, so the CLI, config and suppression tests do not
depend on the package-manager families: one safe fix, one unsafe fix, one without a fix."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dockerls.core.findings import Applicability, Edit, Severity, Violation
from dockerls.core.rule import rule


@dataclass(frozen=True, slots=True)
class Said(Violation):
    """A stub's violation: its words given as they are."""

    said: str
    title: str | None = None

    @property
    def message(self) -> str:
        return self.said

    @property
    def fix_title(self) -> str | None:
        return self.title


@rule("TST001", "lowercase-keyword", Severity.WARNING, fix="always")
def LOWERCASE_KEYWORD(context):
    """An instruction keyword not written in capitals.

    ## What it does
    Reports `run`, `From`, ….

    ## Why
    Convention.

    ## Example
    ```Dockerfile
    from debian
    ```

    ## Fix safety
    Safe.
    """
    text = context.document.text
    for instruction in context.document.instructions:
        keyword = text[instruction.keyword_span.start : instruction.keyword_span.end]
        if keyword != keyword.upper():
            violation = Said(f"Write {keyword!r} in capitals", f"Write {keyword.upper()}")
            edits = (Edit(*instruction.keyword_span, keyword.upper()),)
            yield LOWERCASE_KEYWORD.finding(violation, instruction.keyword_span, violation.fix(edits))


@rule("TST002", "curl-to-wget", Severity.INFO, fix="always")
def CURL_TO_WGET(context):
    """A RUN that uses curl.

    ## What it does
    Reports `curl` words in RUN.

    ## Why
    Test.

    ## Example
    ```Dockerfile
    RUN curl -O x
    ```

    ## Fix safety
    Unsafe.
    """
    text = context.document.text
    for instruction in context.document.instructions:
        if instruction.keyword != "RUN":
            continue
        start = text.find("curl", instruction.args_span.start, instruction.args_span.end)
        if start != -1:
            edit = Edit(start, start + 4, "wget")
            violation = Said("curl is used", "Use wget")
            yield CURL_TO_WGET.finding(violation, edit_span(edit), violation.fix((edit,), Applicability.UNSAFE))


@rule("TST003", "maintainer", Severity.ERROR, fix="none")
def MAINTAINER(context):
    """MAINTAINER is deprecated.

    ## What it does
    Reports MAINTAINER.

    ## Why
    Test.

    ## Example
    ```Dockerfile
    MAINTAINER me
    ```

    ## Fix safety
    No fix.
    """
    for instruction in context.document.instructions:
        if instruction.keyword == "MAINTAINER":
            yield MAINTAINER.finding(Said("MAINTAINER is deprecated: use a LABEL"), instruction.keyword_span)


@rule("TST004", "copy-source", Severity.WARNING, fix="none")
def COPY_SOURCE(context):
    """What the build context says about a COPY source.

    ## What it does
    Reports each COPY source as missing, present or unknown.

    ## Why
    Test of the build-context view.

    ## Example
    ```Dockerfile
    COPY app.py .
    ```

    ## Fix safety
    No fix.
    """
    for instruction in context.document.instructions:
        if instruction.keyword == "COPY":
            source = instruction.args.split()[0]
            state = {True: "present", False: "missing", None: "unknown"}[context.build_context.available(source)]
            yield COPY_SOURCE.finding(Said(f"{source} is {state}"), instruction.args_span)


def edit_span(edit):
    from dockerls.syntax import Span

    return Span(edit.start, edit.end)


STUB_RULES = (LOWERCASE_KEYWORD, CURL_TO_WGET, MAINTAINER, COPY_SOURCE)


@pytest.fixture
def stub_rules(monkeypatch):
    """Register the stub rules for the duration of a test (forked worker processes inherit them)."""
    import dockerls.rules as registry

    monkeypatch.setattr(registry, "RULES", (*registry.RULES, *STUB_RULES))
    monkeypatch.setattr(registry, "BY_CODE", {**registry.BY_CODE, **{r.code: r for r in STUB_RULES}})
    return STUB_RULES
