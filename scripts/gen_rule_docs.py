#!/usr/bin/env python3
"""Write docs/rules/<CODE>.md for every registered rule and docs/rules/README.md (the index).

    scripts/gen_rule_docs.py           # (re)write the pages
    scripts/gen_rule_docs.py --check   # exit 1 if a page is missing, stale or left over

The pages come from the rules' docstrings (dockerls.cli.ruledocs); edit those, not the pages.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "docs" / "rules"
_RULE_PAGE = re.compile(r"[A-Z]+[0-9]+\.md")


def expected_pages() -> dict[str, str]:
    """File name → content of every page the generator owns."""
    sys.path.insert(0, str(REPO))
    from dockerls.cli.ruledocs import GENERATED, index_page, rule_page
    from dockerls.rules import RULES

    pages = {f"{rule.code}.md": f"{GENERATED}\n\n{rule_page(rule)}" for rule in RULES}
    pages["README.md"] = f"{GENERATED}\n\n{index_page(RULES)}"
    return pages


def differences(directory: Path = RULES_DIR) -> list[str]:
    """Pages that are missing, differ from the generator's output, or belong to no rule."""
    pages = expected_pages()
    problems = []
    for name, content in sorted(pages.items()):
        path = directory / name
        if not path.exists():
            problems.append(f"missing: {path}")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"stale: {path}")
    for path in sorted(directory.glob("*.md")):
        if path.name not in pages and _RULE_PAGE.fullmatch(path.name):
            problems.append(f"no such rule: {path}")
    return problems


def write(directory: Path = RULES_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pages = expected_pages()
    for name, content in pages.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8", newline="\n")
    for path in directory.glob("*.md"):
        if path.name not in pages and _RULE_PAGE.fullmatch(path.name):
            path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report differences instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences()
        for problem in problems:
            print(problem)
        if problems:
            print("run scripts/gen_rule_docs.py to regenerate the rule documentation")
        return 1 if problems else 0
    write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
