"""docker-clean: recognised in any form, added once per stage chain, only where it is needed."""

from __future__ import annotations

import pytest

from dockerls.engine import LintSettings
from tests.linting import fix
from dockerls.rules.apt.dockerclean import DOCKER_CLEAN_RUN

from tests.rules.apt.support import buildkit_commands, codes, docker_clean_runs, findings, fixed, settings

INSTALL = "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"
MOUNTED = (
    "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked "
    "--mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl"
)


def test_two_apt_runs_in_one_stage_get_one_docker_clean_run():
    text = f"FROM debian\n{INSTALL}\nCOPY . /src\n{INSTALL.replace('curl', 'git')}\n"
    result = fix(text, settings())
    assert result.rounds == 1  # both fixes insert the same docker-clean RUN: one shared edit
    assert docker_clean_runs(fixed(text)) == 1
    assert result.text.index(DOCKER_CLEAN_RUN) < result.text.index("apt-get update")
    assert result.remaining == []


def test_one_docker_clean_run_per_stage_chain():
    text = (
        f"FROM debian AS base\n{INSTALL}\n"
        f"FROM base AS child\n{INSTALL}\n"
        f"FROM child AS grandchild\n{INSTALL}\n"
        f"FROM ubuntu AS other\n{INSTALL}\n"
    )
    result = fixed(text)
    assert docker_clean_runs(result) == 2
    assert result.index("FROM debian") < result.index(DOCKER_CLEAN_RUN) < result.index("FROM base")
    assert result.index("FROM ubuntu") < result.rindex(DOCKER_CLEAN_RUN)


def test_the_insertion_goes_above_the_comments_of_the_run():
    # A suppression comment must stay directly above its instruction.
    text = f"FROM debian\n\n# base tools\n# dockerls: ignore=APT005\n{INSTALL}\n"
    result = fix(text, LintSettings(select=("APT",))).text
    buildkit_commands(result)
    assert result.startswith(f"FROM debian\n\n{DOCKER_CLEAN_RUN}\n# base tools\n# dockerls: ignore=APT005\nRUN --mount=")


def test_the_insertion_goes_before_the_first_run_that_writes_the_caches():
    text = f"FROM debian\nRUN apt-cache policy\nRUN echo hi\n{INSTALL}\n"
    result = fixed(text)
    assert result.index("RUN echo hi") < result.index(DOCKER_CLEAN_RUN)


@pytest.mark.parametrize(
    "neutraliser",
    [
        "RUN rm /etc/apt/apt.conf.d/docker-clean",
        "RUN rm -f /etc/apt/apt.conf.d/docker-*",
        "RUN sudo rm -f /etc/apt/apt.conf.d/docker-clean",
        'RUN ["sh", "-c", "rm -f /etc/apt/apt.conf.d/docker-clean"]',
        "RUN echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep && \\\n"
        "    rm -f /etc/apt/apt.conf.d/docker-clean",
        "RUN <<EOF\nrm -f /etc/apt/apt.conf.d/docker-clean\necho 'APT::Keep-Downloaded-Packages \"1\";' >> /etc/apt/apt.conf\nEOF",
    ],
)
def test_existing_removal_forms_are_recognised(neutraliser):
    text = f"FROM debian\n{neutraliser}\n{MOUNTED}\n"
    assert codes(text) == []
    assert docker_clean_runs(fixed(text)) == docker_clean_runs(text)


def test_removal_in_a_parent_stage_counts():
    text = f"FROM debian AS base\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM base\n{MOUNTED}\n"
    assert codes(text) == []


def test_removal_in_an_unrelated_stage_does_not_count():
    text = f"FROM debian AS one\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM debian\n{MOUNTED}\n"
    assert codes(text) == ["APT003"]


def test_removal_after_the_run_does_not_count():
    text = f"FROM debian\n{MOUNTED}\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
    assert codes(text) == ["APT003"]


def test_the_apt_binary_also_needs_keep_downloaded_packages():
    text = f"FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n{MOUNTED.replace('apt-get', 'apt')}\n"
    assert codes(text) == ["APT003"]
    keep = "COPY <<EOF /etc/apt/apt.conf.d/keep\nBinary::apt::APT::Keep-Downloaded-Packages \"true\";\nEOF"
    assert codes(text.replace("\nRUN --mount", f"\n{keep}\nRUN --mount")) == []


def test_a_mounted_run_gets_the_docker_clean_run_from_apt003():
    text = f"FROM debian\n{MOUNTED}\n"
    (finding,) = findings(text)
    assert finding.code == "APT003" and finding.fix.is_safe
    assert fixed(text) == f"FROM debian\n{DOCKER_CLEAN_RUN}\n{MOUNTED}\n"


def test_apt003_is_unsafe_when_an_uncached_apt_run_would_keep_its_downloads():
    text = f"FROM debian\nRUN apt-get install -y curl\n{MOUNTED}\n"
    apt003 = [f for f in findings(text) if f.code == "APT003"]
    assert len(apt003) == 1 and not apt003[0].fix.is_safe
    assert "line 2" in apt003[0].fix.title
    # With APT001 on, fixing everything is safe and adds the RUN once.
    assert docker_clean_runs(fixed(text)) == 1
    # With APT001 off, the safe fixes leave docker-clean alone.
    alone = fix(text, LintSettings(ignore=("APT001",))).text
    assert docker_clean_runs(alone) == 0


def test_the_option_turns_it_off():
    text = f"FROM debian\n{INSTALL}\n{MOUNTED}\n"
    assert "APT003" not in codes(text, docker_clean=False)
    assert docker_clean_runs(fixed(text, docker_clean=False)) == 0


def test_no_insertion_where_user_is_not_root():
    text = f"FROM debian\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl\n"
    result = fixed(text)
    assert docker_clean_runs(result) == 0
    (left,) = findings(result)
    assert left.code == "APT003" and left.fix is None and "USER is not root" in left.message


def test_the_inserted_run_copies_the_indentation_and_line_ending():
    text = "FROM debian\r\n  RUN apt-get install -y curl\r\n"
    assert fixed(text).startswith(f"FROM debian\r\n  {DOCKER_CLEAN_RUN}\r\n  RUN --mount=")
