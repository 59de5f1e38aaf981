"""docs/rules/ is what scripts/gen_rule_docs.py makes of the rules' docstrings, and every docstring is complete."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dockerls.cli.ruledocs import SECTIONS, missing_sections
from dockerls.rules import RULES

REPO = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", REPO / "scripts" / "gen_rule_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


def test_checked_in_rule_docs_are_current():
    assert generator.differences() == [], "run scripts/gen_rule_docs.py and commit docs/rules/"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_docstring_has_summary_and_the_four_sections(rule):
    summary = rule.doc.splitlines()[0]
    assert summary.strip() and not summary.startswith("#"), "the first line is a one-line summary"
    assert missing_sections(rule) == [], f"{rule.code}'s docstring needs {', '.join(SECTIONS)} in this order"


def test_rule_codes_and_names_follow_the_conventions():
    import re

    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{3}[0-9]{3}", rule.code) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.fix_availability in ("always", "sometimes", "none")


def test_missing_sections_notices_absent_and_misordered_sections():
    from dockerls.core.rule import rule

    @rule("TST900", "incomplete")
    def incomplete(context):
        """Summary.

        ## Why
        Because.

        ## What it does
        Things.
        """

    # "## Why" comes before "## What it does", so it counts as missing from its place.
    assert missing_sections(incomplete) == ["## Why", "## Example", "## Fix safety"]


def test_generator_writes_every_page_and_removes_pages_of_vanished_rules(tmp_path):
    (tmp_path / "ZZZ999.md").write_text("old")
    (tmp_path / "notes.md").write_text("kept: not a rule page")
    generator.write(tmp_path)
    assert generator.differences(tmp_path) == []
    assert not (tmp_path / "ZZZ999.md").exists() and (tmp_path / "notes.md").exists()
    names = {path.name for path in tmp_path.glob("*.md")}
    assert names == {f"{rule.code}.md" for rule in RULES} | {"README.md", "notes.md"}
    (tmp_path / f"{RULES[0].code}.md").write_text("edited by hand\n")
    assert generator.differences(tmp_path) == [f"stale: {tmp_path / RULES[0].code}.md"]


def test_rule_command_prints_the_page(capsys):
    from dockerls.cli import main
    from dockerls.cli.ruledocs import GENERATED

    rule = RULES[0]
    assert main(["rule", rule.code]) == 0
    page = (REPO / "docs" / "rules" / f"{rule.code}.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == page.removeprefix(f"{GENERATED}\n\n")
    assert page.startswith(f"{GENERATED}\n\n# {rule.code} {rule.name}\n\n{rule.summary}\n")


def test_index_lists_every_rule():
    index = (REPO / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| [{rule.code}]({rule.code}.md) | {rule.name} |" in index
