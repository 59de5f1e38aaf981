"""The Python rules do work linear in the size of the file.

Nothing here is timed (timings are noise on a shared machine): the work of a
check is the number of lines it executes and calls it makes, counted with
trace and profile hooks, and doubling a worst-case file may at most double it
(with 10% slack). A rule that rescans the file per instruction grows
quadratically and fails this deterministically; each case below fails it
with the family as it was before its indexes. The worst cases each stress
one of the family's questions: which COPY brought a file, who reads it later,
which stages are built on which, who the RUN runs as, which ENV turns the
cache off, where a command runs.

C-level work (``str.find`` over a stretch of the file) is not counted.
"""

from __future__ import annotations

import sys
from typing import Callable

import pytest

from dockerls.engine.check import check
from dockerls.core.findings import Finding
from dockerls.rules import python
from dockerls.syntax import parse
from dockerls.syntax.shell import shell_of

SLACK = 2.2  # allowed growth of the work when the file doubles


def copy_and_install_pairs(count: int, tag: str) -> str:
    """One stage: a COPY of a requirements file, then the pip install that reads it, many times."""
    lines = ["FROM python:3.12", "WORKDIR /app"]
    for number in range(count):
        lines.append(f"COPY {tag}-requirements-{number}.txt .")
        lines.append(f"RUN pip install --no-cache-dir -r {tag}-requirements-{number}.txt")
    return "\n".join(lines) + '\nCMD ["python", "main.py"]\n'


def stages_built_on_each_other(count: int, tag: str) -> str:
    """A chain of stages, each FROM the one before, each copying and installing with pip, uv and poetry."""
    lines = [f"FROM python:3.12 AS {tag}0", "WORKDIR /app"]
    for number in range(1, count):
        lines.append(f"FROM {tag}{number - 1} AS {tag}{number}")
        lines.append(f"COPY {tag}-{number}.txt .")
        lines.append(f"RUN pip install -r {tag}-{number}.txt")
        lines.append("COPY pyproject.toml uv.lock ./")
        lines.append("RUN uv sync --locked")
        lines.append("RUN poetry install --no-root")
    return "\n".join(lines) + "\n"


def a_long_chain_over_a_copy_of_everything(count: int, tag: str) -> str:
    """Stages built on each other over a first one that copies the whole context;
    each installs a file that no COPY of its own brings."""
    lines = [f"FROM python:3.12 AS {tag}0", "WORKDIR /app", "COPY . ."]
    for number in range(1, count):
        lines.append(f"FROM {tag}{number - 1} AS {tag}{number}")
        lines.append(f"RUN pip install -r {tag}-{number}.txt")
    return "\n".join(lines) + "\n"


def sibling_stages(count: int, tag: str) -> str:
    """Many stages built on one base, each copying the same files; a final stage copies from each."""
    lines = ["FROM python:3.12 AS base", "WORKDIR /app", "COPY requirements.txt ."]
    for number in range(count):
        lines.append(f"FROM base AS {tag}{number}")
        lines.append("COPY requirements.txt constraints.txt ./")
        lines.append("RUN pip install -r requirements.txt -c constraints.txt")
        lines.append("RUN pip install -r extra.txt")
        lines.append("COPY . .")
    lines.append("FROM python:3.12-slim")
    lines.extend(f"COPY --from={tag}{number} /app/dist /dist/{number}" for number in range(count))
    return "\n".join(lines) + "\n"


def users_and_variables(count: int, tag: str) -> str:
    """One stage switching users and environment many times, each user installing with pip."""
    lines = ["FROM python:3.12", "WORKDIR /app", "ENV PIP_NO_CACHE_DIR=1"]
    for number in range(count):
        lines.append("USER root")
        lines.append(f"RUN useradd -u {1000 + number} -m {tag}{number}")
        lines.append(f"ENV HOME=/home/{tag}{number} {tag.upper()}_{number}=x")
        lines.append(f"USER {tag}{number}")
        lines.append(f"RUN pip install {tag}-package-{number} && uv pip install --system {tag}-tool-{number}")
    return "\n".join(lines) + "\n"


def one_copy_of_many_files(count: int, tag: str) -> str:
    """One COPY bringing many requirements files, each installed by its own RUN."""
    names = [f"{tag}-{number}.txt" for number in range(count)]
    lines = ["FROM python:3.12", "WORKDIR /app", f"COPY {' '.join(names)} ./"]
    lines.extend(f"RUN pip install -r {name}" for name in names)
    return "\n".join(lines) + "\n"


def one_long_run(count: int, tag: str) -> str:
    """One RUN chaining many `cd` and pip installs with &&."""
    body = " && \\\n    ".join(f"cd /{tag}{number % 3} && pip install {tag}-{number}" for number in range(count))
    return f"FROM python:3.12\nRUN {body}\n"


WORST_CASES: dict[str, tuple[Callable[[int, str], str], int, set[str]]] = {
    # name: (generator, size, codes it must report: proof that the case exercises the rules)
    "copy-and-install-pairs": (copy_and_install_pairs, 25, {"PIP001", "PIP002", "PIP003"}),
    "stages-built-on-each-other": (stages_built_on_each_other, 16, {"PIP001", "PIP002", "PIP101", "PIP201"}),
    "sibling-stages": (sibling_stages, 16, {"PIP001", "PIP002"}),
    "a-long-chain-over-a-copy-of-everything": (a_long_chain_over_a_copy_of_everything, 40, {"PIP001"}),
    "users-and-variables": (users_and_variables, 24, {"PIP001", "PIP004", "PIP101"}),
    "one-long-run": (one_long_run, 60, {"PIP001"}),
    "one-copy-of-many-files": (one_copy_of_many_files, 70, {"PIP001", "PIP002", "PIP003"}),
}


def work_done(function: Callable[[], object]) -> tuple[int, object]:
    """How much ``function()`` does, and its result. The work is the number of
    source lines executed plus the number of calls, built-in ones included: a
    loop inside a loop shows up even when its body calls nothing."""
    work = 0

    def count_calls(frame, event, arg) -> None:
        nonlocal work
        if event == "c_call":
            work += 1

    def count_lines(frame, event, arg):
        nonlocal work
        work += 1
        return count_lines

    previous_trace, previous_profile = sys.gettrace(), sys.getprofile()
    sys.setprofile(count_calls)
    sys.settrace(count_lines)
    try:
        result = function()
    finally:
        sys.settrace(previous_trace)
        sys.setprofile(previous_profile)
    return work, result


def work_of(text: str) -> tuple[int, list[Finding]]:
    """The work of the Python rules on ``text``, and their findings."""
    document = parse(text)
    for instruction in document.instructions:
        shell_of(instruction)  # shell parsing belongs to the syntax layer (and is cached across documents)
    work, findings = work_done(lambda: check(document, python.RULES))
    return work, findings  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_work_grows_linearly(name: str) -> None:
    generate, size, expected_codes = WORST_CASES[name]
    # Different names in each file, so that no cache shared between documents
    # makes the larger one look cheaper than it is.
    small_work, small_findings = work_of(generate(size, "small"))
    large_work, large_findings = work_of(generate(2 * size, "large"))
    assert expected_codes <= {finding.code for finding in small_findings}
    assert len(large_findings) >= 2 * len(small_findings) - 2  # the larger file has its share of findings
    assert large_work <= SLACK * small_work, f"{name}: work {small_work} at size {size}, {large_work} at {2 * size}"


def test_the_measure_catches_quadratic_work() -> None:
    """A scan of the earlier instructions for every instruction fails the bound,
    even when its loop calls nothing."""

    def scan_back(text: str) -> int:
        document = parse(text)

        def quadratic() -> int:
            seen = 0
            for here in document.instructions:
                for earlier in document.instructions:
                    if earlier.index >= here.index:
                        break
                    seen += 1
            return seen

        return work_done(quadratic)[0]

    assert scan_back(copy_and_install_pairs(80, "large")) > SLACK * scan_back(copy_and_install_pairs(40, "small"))
