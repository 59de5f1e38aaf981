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


def test_before_after_example_is_what_the_fix_produces():
    from tests.linting import fix
    from tests.oracle import buildkit_parse

    blocks = README.split("```Dockerfile\n")
    before = blocks[1].split("```")[0].split("\n", 1)[1]
    after = blocks[2].split("```")[0].split("\n", 1)[1]
    assert fix(before).text == after
    assert buildkit_parse(after) is not None
