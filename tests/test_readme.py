"""README's set-up contract and rule list stay true."""

from pathlib import Path

from dockerls.rules import RULES

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_listed():
    missing = [rule.code for rule in RULES if f"[{rule.code}](docs/rules/{rule.code}.md)" not in README]
    assert not missing


def test_ci_runs_exactly_the_readme_test_command():
    assert "bash scripts/test.sh" in README
    assert "exec bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()
