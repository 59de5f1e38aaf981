"""Small rules registered only in tests, so the CLI, config and suppression tests do not
depend on the package-manager families: one safe fix, one unsafe fix, one without a fix."""

from __future__ import annotations

import pytest

from dockerls.core.findings import Applicability, Edit, Fix, Severity
from dockerls.core.rule import rule


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
            fix = Fix(f"Write {keyword.upper()}", (Edit(*instruction.keyword_span, keyword.upper()),))
            yield LOWERCASE_KEYWORD.finding(instruction.keyword_span, f"Write {keyword!r} in capitals", fix)


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
            fix = Fix("Use wget", (edit,), Applicability.UNSAFE)
            yield CURL_TO_WGET.finding(edit_span(edit), "curl is used", fix)


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
            yield MAINTAINER.finding(instruction.keyword_span, "MAINTAINER is deprecated: use a LABEL")


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
            yield COPY_SOURCE.finding(instruction.args_span, f"{source} is {state}")


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
