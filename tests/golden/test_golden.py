"""Golden before/after fixtures for every rule family.

Layout: ``tests/golden/<family>/<case>/`` holding
- ``before.Dockerfile``: the input;
- ``findings.txt``: snapshot of every finding on the input (one per line);
- ``after.Dockerfile``: the input with every safe fix applied (absent: no safe fix may change it);
- ``after.unsafe.Dockerfile`` (optional): with unsafe fixes applied too;
- ``context/`` (optional): the build context (files, ``.dockerignore``); without it the rules see none.

Every expected output is checked here against BuildKit's own parser, for
idempotence, for the fixed findings being gone, and for CRLF round trips.
Set ``DOCKERLS_UPDATE_GOLDEN=1`` to rewrite snapshots, then review the diff.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import dockerfile
import pytest

from dockerls.core.buildcontext import NO_CONTEXT, DirectoryContext
from dockerls.engine import LintSettings
from tests.linting import fix, fix_in_rounds, lint
from dockerls.syntax import Span, parse

ROOT = Path(__file__).parent
CASES = sorted(path.parent for path in ROOT.glob("*/*/before.Dockerfile"))
UPDATE = os.environ.get("DOCKERLS_UPDATE_GOLDEN") == "1"


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def build_context(case: Path):
    context = case / "context"
    return DirectoryContext(str(context)) if context.is_dir() else NO_CONTEXT


def render_findings(text: str, findings) -> str:
    lines = parse(text).lines
    rows = []
    for finding in findings:
        start, end = lines.position(finding.span.start), lines.position(finding.span.end)
        fix_kind = finding.fix.applicability.value if finding.fix else "-"
        rows.append(
            f"{start[0] + 1}:{start[1] + 1}-{end[0] + 1}:{end[1] + 1} {finding.code} [{fix_kind}] {finding.message}"
        )
        for related in finding.related:
            start, end = lines.position(related.span.start), lines.position(related.span.end)
            rows.append(f"    related {start[0] + 1}:{start[1] + 1}-{end[0] + 1}:{end[1] + 1} {related.message}")
    return "\n".join(rows) + "\n"


def assert_buildkit_agrees(text: str) -> None:
    """BuildKit parses ``text``, and sees the same instructions and flags as dockerls."""
    commands = dockerfile.parse_string(text)
    ours = parse(text)
    assert not [issue for issue in ours.issues if issue.code != "SYN002"], ours.issues
    assert [c.cmd.upper() for c in commands] == [i.keyword for i in ours.instructions]
    for command, instruction in zip(commands, ours.instructions):
        assert list(command.flags) == [text[f.span.start : f.span.end] for f in instruction.flags]


def assert_only_flagged_instructions_changed(before: str, after: str, findings) -> None:
    document = parse(before)
    # A finding flags its own span and its related places (one problem, one finding, several lines).
    spans = [span for f in findings for span in (f.span, *(related.span for related in f.related))]
    touched = [
        instruction.extent
        for instruction in document.instructions
        if any(instruction.extent.start <= span.start < max(instruction.extent.end, span.start + 1) for span in spans)
    ]
    # Adjacent flagged instructions form one region: difflib may report a
    # change that spans both (one fix inserts a line between them) as one block.
    merged: list[list[int]] = []
    for span in touched:
        if merged and merged[-1][1] == span.start:
            merged[-1][1] = span.end
        else:
            merged.append([span.start, span.end])
    touched = [Span(start, end) for start, end in merged]
    before_lines = before.splitlines(keepends=True)
    offsets = [0]
    for line in before_lines:
        offsets.append(offsets[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, before_lines, after.splitlines(keepends=True), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            start, end = offsets[i1], offsets[i2]
            assert any(span.start <= start and end <= span.end for span in touched), (
                f"lines {i1 + 1}-{i2} changed outside every flagged instruction"
            )


@pytest.fixture(params=CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def case(request) -> Path:
    return request.param


def test_findings_snapshot(case: Path) -> None:
    before = read(case / "before.Dockerfile")
    rendered = render_findings(before, lint(before, build_context=build_context(case)))
    snapshot = case / "findings.txt"
    if UPDATE:
        write(snapshot, rendered)
    assert snapshot.exists(), f"missing {snapshot}; run with DOCKERLS_UPDATE_GOLDEN=1"
    assert rendered == read(snapshot)


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixed_output(case: Path, unsafe: bool) -> None:
    before = read(case / "before.Dockerfile")
    context = build_context(case)
    expected_path = case / ("after.unsafe.Dockerfile" if unsafe else "after.Dockerfile")
    if unsafe and not expected_path.exists():
        expected_path = case / "after.Dockerfile"
    result, rounds = fix_in_rounds(before, LintSettings(unsafe_fixes=unsafe), context)
    if UPDATE and not unsafe:
        if result.text != before:
            write(case / "after.Dockerfile", result.text)
        elif (case / "after.Dockerfile").exists():
            (case / "after.Dockerfile").unlink()
    if UPDATE and unsafe:
        safe_text = fix(before, LintSettings(), context).text
        target = case / "after.unsafe.Dockerfile"
        if result.text != safe_text:
            write(target, result.text)
        elif target.exists():
            target.unlink()
    expected = read(expected_path) if expected_path.exists() else before
    assert result.text == expected

    if expected != before:
        assert_buildkit_agrees(expected)
        # Each round changes only instructions its own findings are on (a later round may fix a
        # line the first did not flag: an ENV removed in round 1 lets a RUN's fix apply).
        for step in rounds:
            assert_only_flagged_instructions_changed(step.before, step.after, step.findings)
    # Idempotent: fixing the fixed text changes nothing, and no applied rule fires again.
    again = fix(expected, LintSettings(unsafe_fixes=unsafe), context)
    assert again.text == expected
    applied_codes = {finding.code for finding in result.applied}
    refiring = [
        f
        for f in lint(expected, build_context=context)
        if f.code in applied_codes and f.fix is not None and (unsafe or f.fix.is_safe)
    ]
    assert not refiring, refiring


def test_crlf_round_trip(case: Path) -> None:
    before = read(case / "before.Dockerfile")
    context = build_context(case)
    expected = fix(before, LintSettings(), context).text
    if "\r\n" in before:  # a CRLF fixture: every line the fix writes is CRLF too
        assert "\n" not in expected.replace("\r\n", "")
        return
    crlf = fix(before.replace("\n", "\r\n"), LintSettings(), context).text
    assert crlf == expected.replace("\n", "\r\n")
