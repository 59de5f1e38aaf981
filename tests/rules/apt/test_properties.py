"""Generated apt RUNs: the rules never fail, and fixing keeps BuildKit happy and the packages the same."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.engine import LintSettings
from tests.linting import fix, lint
from dockerls.syntax import parse

from tests.rules.apt.support import buildkit_commands, docker_clean_runs
from dockerls.syntax.shell import shell_of

COMMANDS = st.sampled_from(
    [
        "apt-get update",
        "apt-get install -y --no-install-recommends curl",
        "apt install -y git",
        "sudo apt-get install -y make",
        "apt-get clean",
        "apt-get distclean",
        "rm -rf /var/lib/apt/lists/*",
        "rm -rf /tmp/* /var/cache/apt/*",
        "rm -rf /var/cache/apt/archives/*.deb",
        "apt-get purge -y --auto-remove gcc",
        "(apt-get update && apt-get install -y jq)",
        "echo 日本語 🐳",
        "true",
    ]
)
CONNECTORS = st.sampled_from([" && ", "; ", " || ", " && \\\n    ", "; \\\n    # tidy 🧹\n    "])
MOUNTS = st.lists(
    st.sampled_from(
        [
            "--mount=type=cache,target=/var/cache/apt",
            "--mount=type=cache,target=/var/cache/apt,sharing=locked",
            "--mount=type=cache,target=/var/lib/apt,sharing=locked",
            "--mount=type=cache,target=/var/lib/apt/lists",
        ]
    ),
    max_size=2,
    unique_by=lambda flag: flag.split(",")[1],
)
PREPARATION = st.sampled_from(["", "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n", "USER app\n"])


@st.composite
def run_instruction(draw) -> str:
    commands = draw(st.lists(COMMANDS, min_size=1, max_size=5))
    body = commands[0] + "".join(draw(CONNECTORS) + command for command in commands[1:])
    mounts = draw(MOUNTS)
    if draw(st.booleans()) and "\\\n" not in body:
        body = "<<EOF\n" + body.replace(" && ", "\n").replace("; ", "\n") + "\nEOF"
    return "RUN " + "".join(flag + " \\\n    " for flag in mounts) + body


@st.composite
def dockerfile_text(draw) -> str:
    stages = []
    for index in range(draw(st.integers(1, 2))):
        base = "debian:bookworm" if index == 0 or draw(st.booleans()) else "s0"
        runs = "\n".join(draw(st.lists(run_instruction(), min_size=1, max_size=3)))
        stages.append(f"FROM {base} AS s{index}\n{draw(PREPARATION)}{runs}\n")
    text = "".join(stages)
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


def kept_commands(text: str) -> list[tuple[str, ...]]:
    """Every command of every RUN except apt cleanup, in order."""
    kept = []
    for instruction in parse(text).instructions:
        if instruction.keyword != "RUN" or "docker-clean" in instruction.args:
            continue
        for command in shell_of(instruction).commands:
            words = tuple(word.text for word in command.argv)
            if "rm" in words[:2] or words[-1:] in (("clean",), ("distclean",)):
                continue
            kept.append(words)
    return kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfile_text(), st.booleans())
def test_fixing_generated_apt_runs(text, unsafe):
    assert not [f for f in lint(text) if f.code == "DLS001"]
    result = fix(text, LintSettings(unsafe_fixes=unsafe))
    buildkit_commands(result.text)
    assert len(parse(result.text).issues) <= len(parse(text).issues)
    assert kept_commands(result.text) == kept_commands(text)
    chains = sum(1 for stage in parse(text).stages if stage.parent is None)
    assert docker_clean_runs(result.text) - docker_clean_runs(text) <= chains  # at most one added per stage chain
    again = fix(result.text, LintSettings(unsafe_fixes=unsafe))
    assert again.text == result.text
