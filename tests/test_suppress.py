"""`# dockerls: ignore=…` comments: grammar, scope, SUP001/SUP002, and the quick fix that writes them."""

from __future__ import annotations

import dockerfile
import pytest

from dockerls.engine import LintSettings, apply_edits
from tests.linting import fix, lint
from dockerls.engine.suppress import suppression_fix
from dockerls.syntax import parse
from dockerls.syntax.suppressions import parse_suppressions
from tests.cli.stub_rules import stub_rules  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("stub_rules")


def codes(text: str, settings: LintSettings | None = None) -> list[tuple[str, int]]:
    """(code, 1-based line) of every finding."""
    document = parse(text)
    return [(f.code, document.lines.position(f.span.start)[0] + 1) for f in lint(text, settings)]


def buildkit(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(command.cmd.upper(), command.value) for command in dockerfile.parse_string(text)]


def test_without_suppressions():
    assert codes("FROM debian\nrun curl\nMAINTAINER me\n") == [("TST001", 2), ("TST002", 2), ("TST003", 3)]


def test_code_on_the_line_above_suppresses_only_that_instruction():
    text = "FROM debian\n# dockerls: ignore=TST001\nrun curl\nrun x\n"
    assert codes(text) == [("TST002", 3), ("TST001", 4)]


def test_several_codes_spaces_after_commas_and_a_reason():
    text = "FROM debian\n# dockerls: ignore=TST001, tst002 the base image needs curl\nrun curl\n"
    assert codes(text) == []
    (suppression,) = parse_suppressions(parse(text))[0]
    assert [c.code for c in suppression.codes] == ["TST001", "TST002"]
    assert suppression.reason == "the base image needs curl"


def test_prefix():
    assert codes("FROM debian\n#dockerls:ignore=TST\nrun curl\n") == []


def test_comment_lines_between_are_allowed_blank_lines_are_not():
    attached = "FROM debian\n# dockerls: ignore=TST001\n# why: legacy\n\trun x\n"
    assert codes(attached) == []
    detached = "FROM debian\n# dockerls: ignore=TST001\n\nrun x\n"
    assert codes(detached) == [("SUP001", 2), ("TST001", 4)]
    assert "not directly above an instruction" in lint(detached)[0].message


def test_comment_inside_the_continuation_lines():
    text = "FROM debian\nRUN echo a && \\\n    # dockerls: ignore=TST002\n    curl x\nRUN curl y\n"
    assert codes(text) == [("TST002", 5)]


def test_file_wide_anywhere():
    text = "FROM debian\nrun curl\nMAINTAINER me\n# dockerls: ignore-file=TST001,TST003\n"
    assert codes(text) == [("TST002", 2)]


def test_unused_code_is_reported_with_a_fix_removing_it():
    text = "FROM debian\n# dockerls: ignore=TST003, TST001 reason\nrun x\n"
    (finding,) = lint(text)
    assert finding.code == "SUP001" and finding.message == (
        "Unused suppression of TST003: no such finding in this instruction"
    )
    assert [text[s.start : s.end] for s in finding.unnecessary] == ["TST003"]
    fixed = apply_edits(text, finding.fix.edits)
    assert fixed == "FROM debian\n# dockerls: ignore=TST001 reason\nrun x\n"
    assert codes(fixed) == []


def test_wholly_unused_comment_line_is_removed_keeping_crlf():
    text = "FROM debian\r\n  # dockerls: ignore=TST003\r\nRUN x\r\n"
    result = fix(text)
    assert result.text == "FROM debian\r\nRUN x\r\n" and result.remaining == []
    assert buildkit(result.text) == [("FROM", ("debian",)), ("RUN", ("x",))]


def test_unused_file_wide_and_unknown_codes():
    text = "FROM debian\n# dockerls: ignore-file=TST003,ABC123\n"
    (finding,) = lint(text)
    assert finding.message == "Unused suppression of TST003, ABC123 (no such rule): no such finding in this file"


def test_codes_of_deselected_rules_are_not_reported():
    text = "FROM debian\n# dockerls: ignore=TST003\nRUN x\n"
    assert codes(text, LintSettings(ignore=("TST003",))) == []
    assert codes(text, LintSettings(ignore=("SUP001",))) == []


def test_unused_suppression_can_itself_be_suppressed():
    text = "# dockerls: ignore-file=SUP001\nFROM debian\n# dockerls: ignore=TST003\nRUN x\n"
    assert codes(text) == []


def test_no_unused_report_when_a_rule_failed(monkeypatch):
    import dockerls.rules as registry
    from dockerls.core.rule import rule

    @rule("TST009", "broken")
    def broken(context):
        """Broken."""
        raise RuntimeError("boom")

    monkeypatch.setattr(registry, "RULES", (*registry.RULES, broken))
    assert [code for code, _ in codes("FROM debian\n# dockerls: ignore=TST003\nRUN x\n")] == ["DLS001"]


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# dockerls: ignore", "`ignore` needs the codes it ignores: write `ignore=CODE`"),
        ("# dockerls: ignore because", "`ignore` needs the codes it ignores: write `ignore=CODE`"),
        ("# dockerls: ignore-file", "`ignore-file` needs the codes it ignores: write `ignore-file=CODE`"),
        ("# dockerls: ignore=", "`ignore=` must be followed by rule codes or prefixes such as APT001 or APT"),
        ("# dockerls: ignore=TST001,", "`ignore=` must be followed by rule codes or prefixes such as APT001 or APT"),
        ("# dockerls: ignore=TST-001", "'TST-001' is not a rule code"),
        ("# dockerls: noqa=TST001", "Unknown dockerls comment 'noqa': write `ignore=CODE` or `ignore-file=CODE`"),
        ("# dockerls:", "Unknown dockerls comment 'nothing': write `ignore=CODE` or `ignore-file=CODE`"),
    ],
)
def test_invalid_suppressions_are_reported_and_suppress_nothing(comment, message):
    text = f"FROM debian\n{comment}\nrun x\n"
    findings = lint(text)
    assert [(f.code, f.message) for f in findings] == [("SUP002", message), ("TST001", "Write 'run' in capitals")]
    assert findings[0].fix is None


def test_other_comments_and_heredoc_bodies_are_not_suppressions():
    text = "FROM debian\n# see dockerls: ignore=TST001\nRUN <<EOF\n# dockerls: ignore=TST001\nEOF\nrun x\n"
    assert parse_suppressions(parse(text)) == ([], [])


def test_removing_a_comment_that_ends_the_directives_is_not_offered():
    # The dockerls comment stops directive parsing, so "# escape=`" below it is an ordinary comment;
    # deleting the line would make it a directive and change how BuildKit reads the file.
    text = "# syntax=docker/dockerfile:1\n# dockerls: ignore-file=TST003\n# escape=`\nFROM debian\nRUN echo a `\n  B\n"
    assert [d.name for d in parse(text).directives] == ["syntax"]
    (finding,) = [f for f in lint(text) if f.code == "SUP001"]
    assert finding.fix is None
    assert fix(text).text == text


def test_removing_a_comment_after_the_directives_is_offered():
    text = "# escape=`\n# dockerls: ignore-file=TST003\nFROM debian\nRUN echo a `\n  b\n"
    result = fix(text)
    assert result.text == "# escape=`\nFROM debian\nRUN echo a `\n  b\n"
    assert buildkit(result.text) == [("FROM", ("debian",)), ("RUN", ("echo a   b",))]


# suppression_fix: the quick fix "ignore CODE for this instruction".


def suppress(text: str, code: str, **kwargs) -> str:
    document = parse(text)
    (finding,) = [f for f in lint(text) if f.code == code]
    quick_fix = suppression_fix(document, finding, **kwargs)
    assert quick_fix.is_safe
    fixed = apply_edits(text, quick_fix.edits)
    assert code not in [f.code for f in lint(fixed)]
    assert not [f for f in lint(fixed) if f.code.startswith("SUP")]
    return fixed


def test_quick_fix_inserts_a_comment_with_the_indentation_and_line_break():
    text = "FROM debian\r\n  run x\r\n"
    fixed = suppress(text, "TST001")
    assert fixed == "FROM debian\r\n  # dockerls: ignore=TST001\r\n  run x\r\n"
    assert buildkit(fixed) == [("FROM", ("debian",)), ("RUN", ("x",))]


def test_quick_fix_extends_an_existing_suppression():
    text = "FROM debian\n# dockerls: ignore=TST002 reason\nrun curl\n"
    assert suppress(text, "TST001") == "FROM debian\n# dockerls: ignore=TST002,TST001 reason\nrun curl\n"


def test_quick_fix_on_a_continuation_line_goes_above_the_instruction():
    text = "FROM debian\nRUN echo a && \\\n    curl x\n"
    fixed = suppress(text, "TST002")
    assert fixed == "FROM debian\n# dockerls: ignore=TST002\nRUN echo a && \\\n    curl x\n"
    assert buildkit(fixed) == [("FROM", ("debian",)), ("RUN", ("echo a &&     curl x",))]


@pytest.mark.parametrize(
    "directives", ["# syntax=docker/dockerfile:1\n", "# escape=`\n", "# syntax=docker/dockerfile:1\n# escape=\\\n"]
)
def test_quick_fix_on_the_first_instruction_keeps_the_directives(directives):
    text = directives + "from debian\nRUN echo a `\n  B\n"
    fixed = suppress(text, "TST001")
    assert fixed == directives + "# dockerls: ignore=TST001\nfrom debian\nRUN echo a `\n  B\n"
    assert parse(fixed).directives and [(d.name, d.value) for d in parse(fixed).directives] == [
        (d.name, d.value) for d in parse(text).directives
    ]
    assert buildkit(fixed) == buildkit(text)


def test_quick_fix_at_the_top_of_a_file_with_a_bom():
    text = "\ufefffrom debian\n"
    assert suppress(text, "TST001") == "\ufeff# dockerls: ignore=TST001\nfrom debian\n"


def test_file_wide_quick_fix_goes_after_the_directives():
    text = "# escape=`\nFROM debian\nMAINTAINER me\n"
    fixed = suppress(text, "TST003", file_wide=True)
    assert fixed == "# escape=`\n# dockerls: ignore-file=TST003\nFROM debian\nMAINTAINER me\n"
    assert parse(fixed).escape == "`"


def test_file_wide_quick_fix_for_a_finding_outside_every_instruction():
    text = "# escape=^"  # SYN003 lies on the directive itself; the file has no line break at all
    fixed = suppress(text, "SYN003")
    assert fixed == "# escape=^\n# dockerls: ignore-file=SYN003\n"


def test_file_wide_quick_fix_extends_an_existing_file_suppression():
    text = "FROM debian\n# dockerls: ignore-file=TST002\nrun curl\nMAINTAINER me\n"
    expected = "FROM debian\n# dockerls: ignore-file=TST002,TST003\nrun curl\nMAINTAINER me\n"
    assert suppress(text, "TST003", file_wide=True) == expected
