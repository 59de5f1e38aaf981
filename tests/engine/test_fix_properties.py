"""Properties of every rule and the fix engine over generated Dockerfiles."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings
from dockerls.core.findings import Finding
from dockerls.syntax import parse
from tests.linting import fix, fix_in_rounds, lint
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
    result, rounds = fix_in_rounds(text, LintSettings(unsafe_fixes=unsafe), CONTEXT)
    assert result.rounds < MAX_ROUNDS, "fixes did not converge"
    assert fix(result.text, LintSettings(unsafe_fixes=unsafe), CONTEXT).text == result.text
    if parses_with_buildkit(text):
        assert parses_with_buildkit(result.text), result.text
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        assert "\n" not in result.text.replace("\r\n", ""), "a CRLF file gained a bare LF"
    # Text between the fixes is kept byte for byte: in every round, each line that none of
    # that round's fixable findings' items covers (where they are reported, or a related place
    # their one problem names: the COPY a bind replaces, the COPY --from a copy-out rewrites)
    # is still there, in order. (A later round may change a line the first round did not flag:
    # an ENV removed in round 1 lets a RUN's fix apply in round 2.)
    for step in rounds:
        assert_untouched_lines_survive(step.before, [f for f in step.findings if f.fix], step.after)


def assert_untouched_lines_survive(text: str, fixable: list[Finding], fixed: str) -> None:
    document = parse(text)
    places = [f.span for f in fixable] + [related.span for f in fixable for related in f.related]
    touched = [
        item.extent
        for item in document.items
        if any(item.extent.start <= span.start < max(item.extent.end, span.start + 1) for span in places)
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
    after = iter(fixed.splitlines(keepends=True))
    for line in untouched:
        assert any(candidate == line for candidate in after), f"lost untouched line {line!r}"


def test_a_line_a_later_round_flags_may_change() -> None:
    # Round 1: PIP004's unsafe fix removes the ENV (PIP001 has no fix: the exec form cannot set
    # the variable back); round 2: PIP001 mounts pip's cache on the RUN it could not fix before.
    text = 'FROM debian:bookworm\nENV PIP_NO_CACHE_DIR=off\nRUN ["pip", "install", "x"]'
    result, rounds = fix_in_rounds(text, LintSettings(unsafe_fixes=True), CONTEXT)
    assert [sorted(f.code for f in step.findings if f.fix) for step in rounds] == [["PIP004"], ["PIP001"]]
    assert result.text == 'FROM debian:bookworm\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    ["pip", "install", "x"]'
    check_properties(text, unsafe=True)


@PROFILE
@given(realistic_dockerfile())
def test_rules_and_safe_fixes(text: str) -> None:
    check_properties(text, unsafe=False)


@PROFILE
@given(realistic_dockerfile())
# CRG002's fix rewrites the later COPY --from, a related place of its one finding at the RUN.
@example("FROM rust:1.81 AS build\nWORKDIR /app\nRUN cargo build --locked --release\n"
         "FROM debian:stable-slim\nCOPY --from=build /app/target/release/app /usr/local/bin/app\n")
def test_rules_and_unsafe_fixes(text: str) -> None:
    check_properties(text, unsafe=True)


@PROFILE
@given(mangled_text())
@example('FROM debian:bookworm\nENV PIP_NO_CACHE_DIR=off\nRUN ["pip", "install", "x"]')
def test_mangled_input(text: str) -> None:
    check_properties(text, unsafe=True)
