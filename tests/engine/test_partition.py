"""Checking stage groups one at a time gives exactly the whole-file findings.

``dockerls.engine.partition`` is only an optimisation: every test here holds
the grouped check (with a cold and a warm cache) to the plain whole-file check
on the same text, over every golden fixture, fixtures joined into larger
files, generated benchmark files with random edits, and hypothesis-mangled
documents.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.core.buildcontext import NO_CONTEXT, DirectoryContext
from dockerls import engine
from dockerls.engine import StageGroupCache
from tests.linting import fix, lint_document
from dockerls.engine import partition
from dockerls.engine.partition import stage_groups
from dockerls.syntax import Span, parse

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted(path.parent for path in (ROOT / "tests" / "golden").glob("*/*/before.Dockerfile"))
CONTEXT_FREE = [case for case in GOLDEN if not (case / "context").is_dir()]

sys.path.insert(0, str(ROOT / "benchmarks"))
from gen_dockerfile import generate  # noqa: E402


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def context_of(case: Path):
    return DirectoryContext(str(case / "context")) if (case / "context").is_dir() else NO_CONTEXT


def assert_grouping_changes_nothing(text: str, context=NO_CONTEXT, cache: StageGroupCache | None = None) -> None:
    """Checked whole; group by group (every group on its own text, then every group
    from the cache); and as the server does, with ``cache`` kept across edits."""
    whole = lint_document(parse(text), build_context=context)
    by_group = StageGroupCache(whole_file_below=0)
    assert lint_document(parse(text), build_context=context, cache=by_group) == whole
    assert lint_document(parse(text), build_context=context, cache=by_group) == whole
    cache = cache if cache is not None else StageGroupCache()
    assert lint_document(parse(text), build_context=context, cache=cache) == whole


def with_filler_stages(text: str) -> list[str]:
    """``text`` with unrelated stages after it, and before its first stage."""
    eol = "\r\n" if "\r\n" in text else "\n"
    filler = f"FROM busybox:1 AS filler{{n}}{eol}RUN echo unrelated {{n}}{eol}"
    after = text + ("" if text.endswith(("\n", "\r")) else eol) + filler.format(n=1) + filler.format(n=2)
    document = parse(text)
    if not document.stages:
        return [after]
    first = document.stages[0].from_instruction.extent.start
    before = text[:first] + filler.format(n=0) + text[first:]
    return [after, before]


@pytest.mark.parametrize("case", GOLDEN, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_golden_fixtures_alone_and_among_unrelated_stages(case: Path) -> None:
    text, context = read(case / "before.Dockerfile"), context_of(case)
    for variant in [text, *with_filler_stages(text)]:
        assert_grouping_changes_nothing(variant, context)


def test_fixtures_among_unrelated_stages_do_split() -> None:
    """The comparison above is not vacuous: apart from Windows files (never split,
    since no rule offers anything there) and the fixtures of stage references that
    cannot be resolved statically (by index, by variable: never split either), every
    variant is checked group by group."""
    unsplit = {
        case.name
        for case in GOLDEN
        for variant in with_filler_stages(read(case / "before.Dockerfile"))
        if stage_groups(parse(variant)) is None
    }
    assert unsplit and all("windows" in name or name.startswith("from-names-") for name in unsplit)


def test_joined_fixtures_split_into_groups_and_agree() -> None:
    """Every context-free fixture that keeps the joined file splittable (stage names
    must not collide), joined into one file of many groups."""
    joined = ""
    for case in CONTEXT_FREE:
        candidate = joined + read(case / "before.Dockerfile").rstrip("\r\n") + "\n"
        if stage_groups(parse(candidate)) is not None:
            joined = candidate
    groups = stage_groups(parse(joined))
    assert groups is not None and len(groups) > 20  # not a vacuous comparison
    assert_grouping_changes_nothing(joined)


@pytest.mark.parametrize("whole_file_below", [engine.WHOLE_FILE_FIX_BELOW, 0], ids=["rounds-whole", "rounds-by-group"])
def test_fixes_are_the_same_with_the_cache(whole_file_below: int, monkeypatch) -> None:
    """Fix rounds checked as one text (below the size bound) or group by group (above it)."""
    monkeypatch.setattr(engine, "WHOLE_FILE_FIX_BELOW", whole_file_below)
    cache = StageGroupCache()
    for case in GOLDEN:
        text, context = read(case / "before.Dockerfile"), context_of(case)
        for variant in with_filler_stages(text):
            plain = fix(variant, build_context=context, unsafe=True)
            cached = fix(variant, build_context=context, unsafe=True, cache=cache)
            assert cached.text == plain.text, case
            assert cached.remaining == plain.remaining, case


@pytest.mark.parametrize("whole_file_below", [engine.WHOLE_FILE_FIX_BELOW, 0], ids=["rounds-whole", "rounds-by-group"])
def test_a_fix_right_after_open_is_the_plain_fix(whole_file_below: int, monkeypatch) -> None:
    """As the server fixes a document it has just checked: the cache holds its groups, the
    first round reads the editor's tree, later rounds re-check what the fixes changed."""
    monkeypatch.setattr(engine, "WHOLE_FILE_FIX_BELOW", whole_file_below)
    text = generate(1000, seed=3)
    plain = fix(text, unsafe=True)
    assert plain.rounds >= 2  # not a vacuous comparison: later rounds are checked from the cache
    cache = StageGroupCache()
    tree = parse(text)
    lint_document(tree, cache=cache)
    cached = fix(text, unsafe=True, cache=cache, tree=tree)
    assert (cached.text, cached.remaining, cached.rounds) == (plain.text, plain.remaining, plain.rounds)


@pytest.mark.parametrize("lines, seed", [(300, 4), (600, 2), (1000, 0)])
def test_generated_files_with_random_edits(lines: int, seed: int) -> None:
    text = generate(lines, seed=seed)
    groups = stage_groups(parse(text))
    assert groups is not None and len(groups) > 2
    rng = random.Random(seed)
    cache = StageGroupCache()
    for _ in range(12):
        position = rng.randrange(len(text))
        inserted = rng.choice(["x", "\n", " ", "\\\n", "FROM", "--from=0 ", "\r\n", "$"])
        text = text[:position] + inserted + text[position:]
        assert_grouping_changes_nothing(text, cache=cache)


def test_line_numbers_in_messages_follow_lines_added_above() -> None:
    group = (
        "FROM python:3.12 AS app{n}\n"
        "WORKDIR /app\n"
        "COPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
    )
    text = group.format(n=1) + group.format(n=2)
    cache = StageGroupCache(whole_file_below=0)
    lint_document(parse(text), cache=cache)
    moved = "# a comment\n" * 3 + text
    with_lines = lint_document(parse(moved), cache=cache)
    assert with_lines == lint_document(parse(moved))
    assert any(" line " in finding.message for finding in with_lines)  # the case this test is about


def test_a_fix_title_naming_lines_of_a_later_stage_names_the_files_lines() -> None:
    """Found by the hypothesis test below: APT003's title named an uncached apt RUN by
    its line in the group's text, not in the file."""
    text = (
        "FROM ubuntu:24.04\n"
        "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n"
        "FROM debian:bookworm\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n"
        "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
        "    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n"
        "    apt-get install -y --no-install-recommends curl\n"
    )
    whole = lint_document(parse(text))
    assert any(f.code == "APT003" and f.fix and "(line 4)" in f.fix.title for f in whole)
    assert_grouping_changes_nothing(text)


def test_references_that_cannot_be_resolved_statically_check_the_whole_file() -> None:
    base = "FROM alpine AS a\nRUN true\nFROM alpine AS b\nRUN true\n"
    assert stage_groups(parse(base)) is not None
    assert stage_groups(parse(base + "FROM alpine\nCOPY --from=$SRC /x /x\n")) is None
    assert stage_groups(parse(base + "FROM alpine\nCOPY --from=0 /x /x\n")) is None
    assert stage_groups(parse(base + "FROM alpine\nRUN --mount=from=1,target=/x true\n")) is None
    assert stage_groups(parse(base + "FROM alpine AS a\nRUN true\n")) is None  # duplicate name
    assert stage_groups(parse("RUN true\n" + base)) is None  # an instruction before the first FROM
    assert stage_groups(parse(base.replace("\n", "\r\n", 1))) is None  # mixed line endings


def test_references_join_stages_into_one_group() -> None:
    text = (
        "ARG BASE=alpine\n"
        "FROM $BASE AS a\nRUN true\n"
        "FROM a AS b\nRUN true\n"
        "FROM alpine AS c\nCOPY --from=b /x /x\n"
        "FROM alpine AS d\nRUN --mount=type=bind,from=c,target=/c true\n"
        "FROM alpine AS e\nRUN true\n"
    )
    groups = stage_groups(parse(text))
    assert groups is not None
    # {a, b, c, d} plus a closing FROM scratch, and {e}, which holds the final stage.
    assert sorted(group.text.count("FROM ") for group in groups) == [1, 5]
    for group in groups:
        assert group.text.startswith("ARG BASE=alpine\n")
        for piece in group.pieces:  # every piece is the document's text, verbatim
            assert group.text[piece.group_start : piece.group_start + piece.length] == text[
                piece.source_start : piece.source_start + piece.length
            ]


def test_a_group_without_the_last_stage_ends_in_a_stage_of_its_own() -> None:
    text = "FROM alpine AS a\nRUN true\nFROM alpine AS b\nRUN true"
    groups = stage_groups(parse(text))
    assert groups is not None
    first, last = groups
    assert first.text.endswith("FROM scratch\n")
    assert last.text.endswith("RUN true\n\n")  # the missing final line break is the group's own
    assert last.source_span(Span(len(last.text), len(last.text))) is None  # the added line break


def test_the_cache_forgets_the_least_recently_used_groups() -> None:
    cache = StageGroupCache(size=2)
    for key in ("a", "b", "a", "c"):
        if cache.get((key,), ()) is None:
            cache.put((key,), (), [], names_lines=False)
    assert len(cache) == 2
    assert cache.get(("a",), ()).findings == [] and cache.get(("b",), ()) is None


def test_an_entry_naming_lines_is_valid_only_at_its_lines() -> None:
    cache = StageGroupCache()
    cache.put(("text",), (0, 10), [], names_lines=True)
    assert cache.get(("text",), (0, 10)).findings == []
    assert cache.get(("text",), (0, 11)) is None


def test_an_opened_document_is_checked_whole_then_edits_reuse_its_groups(monkeypatch) -> None:
    text = generate(600, seed=2)
    cache = StageGroupCache()
    document = parse(text)
    groups = stage_groups(document)
    assert groups is not None
    assert lint_document(document, cache=cache) == lint_document(document)
    assert len(cache) == len(groups)  # every group remembered from the one whole check
    edited = text.replace("apt-get install", "apt-get  install", 1)
    checked = []
    monkeypatch.setattr(partition, "parse", lambda text, previous=None: checked.append(text) or parse(text, previous))
    assert lint_document(parse(edited), cache=cache) == lint_document(parse(edited))
    assert len(checked) == 1  # only the edited group was checked again


_CORPUS = [read(case / "before.Dockerfile") for case in CONTEXT_FREE]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(0, len(_CORPUS) - 1), min_size=2, max_size=4),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["", "x", "\n", "FROM a AS b\n", "--from=", "\\"])), max_size=3),
)
def test_joined_and_mangled_documents_agree(picks: list[int], cuts: list[tuple[float, str]]) -> None:
    text = "".join(_CORPUS[i].rstrip("\r\n") + "\n" for i in picks)
    for where, inserted in cuts:
        position = int(where * len(text))
        text = text[:position] + inserted + text[position:]
    assert_grouping_changes_nothing(text)

