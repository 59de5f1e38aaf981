"""Properties of every rule and the fix engine over generated Dockerfiles."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.engine.fix import MAX_ROUNDS
from tests.oracle import buildkit_parse
from tests.syntax.strategies import mangled_text, realistic_dockerfile

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTEXT = MemoryContext(
    {
        "requirements.txt": "flask\n",
        "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n',
        "Cargo.lock": "version = 3\n",
        "src/main.rs": "fn main() {}\n",
        "main.py": "",
    }
)


def parses_with_buildkit(text: str) -> bool:
    return buildkit_parse(text) is not None


def check_properties(text: str, unsafe: bool) -> None:
    findings = lint(text, build_context=CONTEXT)
    assert not [f for f in findings if f.code == "DLS001"], findings
    for finding in findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text)
        if finding.fix:
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end <= len(text)
    result = fix(text, LintSettings(unsafe_fixes=unsafe), CONTEXT)
    assert result.rounds < MAX_ROUNDS, "fixes did not converge"
    assert fix(result.text, LintSettings(unsafe_fixes=unsafe), CONTEXT).text == result.text
    if parses_with_buildkit(text):
        assert parses_with_buildkit(result.text), result.text
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        assert "\n" not in result.text.replace("\r\n", ""), "a CRLF file gained a bare LF"
    # Text between the fixes is kept byte for byte: every line of the input
    # that no applied finding's instruction covers is still there, in order.
    assert_untouched_lines_survive(text, result)



def assert_untouched_lines_survive(text: str, result) -> None:
    from dockerls.syntax import parse

    document = parse(text)
    fixable = [f for f in lint(text, build_context=CONTEXT) if f.fix]
    touched = [
        item.extent
        for item in document.items
        if any(item.extent.start <= f.span.start < max(item.extent.end, f.span.start + 1) for f in fixable)
    ]
    before = text.splitlines(keepends=True)
    offsets = [0]
    for line in before:
        offsets.append(offsets[-1] + len(line))
    untouched = [
        line
        for number, line in enumerate(before)
        if not any(span.start <= offsets[number] < span.end for span in touched)
    ]
    after = iter(result.text.splitlines(keepends=True))
    for line in untouched:
        assert any(candidate == line for candidate in after), f"lost untouched line {line!r}"
@PROFILE
@given(realistic_dockerfile())
def test_rules_and_safe_fixes(text: str) -> None:
    check_properties(text, unsafe=False)


@PROFILE
@given(realistic_dockerfile())
def test_rules_and_unsafe_fixes(text: str) -> None:
    check_properties(text, unsafe=True)


@PROFILE
@given(mangled_text())
def test_mangled_input(text: str) -> None:
    check_properties(text, unsafe=True)
