"""Where issue 17 (a cache-off variable from ENV, ARG or an export, set back for one command)
meets issue 14 (words that make a manager keep its packages, commands that only read a cache):
one xx1 check does both, and nothing is removed or set back twice.

The golden fixtures apk/pip-in-the-same-run-under-env, dnf/mounted-pip-under-env-in-the-same-run
and nuget/packages-variable-from-parent-stage show whole files; these tests pin the parts a
snapshot does not (fix titles, counts of edits).
"""

from __future__ import annotations

from dockerls.engine import LintSettings
from dockerls.rules.managers.violations import CacheNotMounted
from tests.linting import fix, lint

ENV_IN_FINAL_IMAGE = "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\n"
MOUNT = "--mount=type=cache,target=/root/.cache/pip"


def pip_findings(text: str):
    return [finding for finding in lint(text) if finding.code == "PIP001"]


def test_exec_form_mounted_cache_turned_off_by_env_is_called_mounted_and_gets_no_fix() -> None:
    (finding,) = pip_findings(ENV_IN_FINAL_IMAGE + f'RUN {MOUNT} ["pip", "install", "x"]\n')
    assert finding.message.startswith("PIP_NO_CACHE_DIR from the build environment turns off pip's mounted cache; no fix: ")
    assert "exec form has no shell" in finding.message
    assert finding.fix is None


def test_mounted_cache_turned_off_by_a_switch_and_the_env_names_both_and_fixes_both() -> None:
    text = ENV_IN_FINAL_IMAGE + f"RUN {MOUNT} pip install --no-cache-dir x\n"
    (finding,) = pip_findings(text)
    assert finding.message == "`--no-cache-dir` turns off pip's mounted cache, and so does PIP_NO_CACHE_DIR from the build environment"
    assert finding.fix is not None and finding.fix.is_safe
    assert finding.fix.title == "Let pip use its mounted cache (PIP_NO_CACHE_DIR= for this command; the image keeps its ENV)"
    assert fix(text, LintSettings()).text.splitlines()[-1] == f"RUN {MOUNT} PIP_NO_CACHE_DIR= pip install x"


def test_own_line_variable_over_an_inherited_one_is_set_back_once() -> None:
    # The own-line assignment hides the ENV from the command: it is set back in place
    # (off_variable_edits), and the inherited-variable edit does not add a second one.
    text = ENV_IN_FINAL_IMAGE + f"RUN {MOUNT} PIP_NO_CACHE_DIR=1 pip install --no-cache-dir x\n"
    fixed = fix(text, LintSettings()).text.splitlines()[-1]
    assert fixed == f"RUN {MOUNT} PIP_NO_CACHE_DIR= pip install x"


def test_fix_title_of_a_mounted_cache_names_every_word_the_command_is_given() -> None:
    kept = CacheNotMounted("dnf", "dnf install", (), (), "", True, None, added=("--setopt=keepcache=1",))
    assert kept.fix_title == "Let dnf use its mounted cache (`--setopt=keepcache=1` for this command)"
    both = CacheNotMounted(
        "pip", "pip install", (), (), "", False, None, neutralised=("PIP_NO_CACHE_DIR=",), inherited_off=("PIP_NO_CACHE_DIR",),
        added=("--example",), risk="a reason",
    )
    assert both.fix_title == (
        "Let pip use its mounted cache (`--example`, PIP_NO_CACHE_DIR= for this command; the image keeps its ENV) (unsafe: a reason)"
    )


def test_keeping_words_and_inherited_variable_in_one_run_are_two_findings_whose_fixes_both_apply() -> None:
    text = "FROM rockylinux:9\nENV PIP_NO_CACHE_DIR=1\nRUN dnf install -y python3-pip && pip3 install flask\n"
    codes = sorted(finding.code for finding in lint(text) if finding.fix is not None and finding.fix.is_safe)
    assert codes == ["DNF001", "PIP001"]
    result = fix(text, LintSettings())
    assert result.text.splitlines()[-1] == "    dnf --setopt=keepcache=1 install -y python3-pip && PIP_NO_CACHE_DIR= pip3 install flask"
    assert sorted(finding.code for finding in result.applied) == ["DNF001", "PIP001"]
    assert not result.remaining
