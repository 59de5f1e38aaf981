"""Every rule's docstring Example is executed: its rule reports the example, and where the
docstring shows what it ``becomes``, the rule's fixes make exactly that (as BuildKit's
parser reads both, so line wrapping in the docs does not matter)."""

from __future__ import annotations

import re

import dockerfile
import pytest

from dockerls.core.buildcontext import MemoryContext
from dockerls.engine import LintSettings
from dockerls.rules import RULES
from tests.linting import fix, lint

_BLOCK = re.compile(r"```Dockerfile\n(.*?)```", re.S)


def example_of(rule) -> tuple[str, str | None]:
    """The example's Dockerfile and, when the docstring shows one, what it becomes."""
    section = rule.doc.split("## Example", 1)[1].split("## Fix safety", 1)[0]
    blocks = list(_BLOCK.finditer(section))
    assert blocks, f"{rule.code}'s example has no ```Dockerfile block"
    example = blocks[0].group(1)
    if len(blocks) > 1 and section[blocks[0].end() : blocks[1].start()].strip() == "becomes":
        return example, blocks[1].group(1)
    return example, None


def buildkit_reads(text: str) -> list[tuple]:
    return [(c.cmd.upper(), c.sub_cmd, c.json, tuple(c.flags), tuple(c.value)) for c in dockerfile.parse_string(text)]


WITH_RESULT = [rule for rule in RULES if example_of(rule)[1] is not None]


# The build context an example's words describe, for the rules that need one to report.
EXAMPLE_CONTEXTS = {
    "MNT003": MemoryContext({"requirements.lock": "flask==3.0.0\n"}, dockerignore="*.lock\n"),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_the_example_is_reported_by_its_rule(rule):
    example, _ = example_of(rule)
    context = EXAMPLE_CONTEXTS.get(rule.code)
    found = lint(example, build_context=context) if context is not None else lint(example)
    assert rule.code in [finding.code for finding in found]


@pytest.mark.parametrize("rule", [r for r in RULES if r.family != "SYN"], ids=lambda rule: rule.code)
def test_the_example_is_a_whole_dockerfile_buildkit_reads(rule):
    """Only the syntax rules show broken text; the others show a file that builds as written."""
    example, _ = example_of(rule)
    assert buildkit_reads(example)[0][0] in ("FROM", "ARG")


@pytest.mark.parametrize("rule", WITH_RESULT, ids=lambda rule: rule.code)
def test_the_fix_makes_what_the_example_becomes(rule):
    example, becomes = example_of(rule)
    # Without a build context, fixes that bind files are offered as unsafe: allow them.
    fixed = fix(example, LintSettings(select=(rule.code,), unsafe_fixes=True)).text
    assert buildkit_reads(fixed) == buildkit_reads(becomes)
    assert rule.code not in [finding.code for finding in lint(becomes)]


def test_examples_with_a_result_are_found():
    """The parser of the docstrings finds the ``becomes`` blocks (a control for the test above)."""
    assert {"APT001", "CRG003", "PIP005"} <= {rule.code for rule in WITH_RESULT}
    assert example_of(next(rule for rule in RULES if rule.code == "APT003"))[1] is None
