"""The indexes behind the Python rules never miss an instruction, and answer as a plain scan does.

``provider`` and ``removal_effect`` ask the indexes for candidates instead of
looking at every earlier or later instruction. Here the indexes are checked
against brute force, and both questions against the straightforward scans
they replaced (kept below as the reference), on generated Dockerfiles.
"""

from __future__ import annotations

import posixpath
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.buildcontext import NO_CONTEXT, MemoryContext
from dockerls.analysis.paths import is_inside
from dockerls.analysis import copies, provenance as providers
from dockerls.analysis.candidates import PathIndex, SegmentedText
from dockerls.analysis.copies import FINAL_IMAGE, NEEDED, SAFE, _from_references, removal_effect
from dockerls.analysis.copy_sources import CopiedFile, _context_path, _file_like, provision, read_copy
from dockerls.analysis.reads import commands_of, may_read
from dockerls.analysis.stages import stage_tree
from dockerls.rules.managers.variable_checks import _variable_uses
from dockerls.syntax import parse

# --- the indexes against brute force -----------------------------------------------

PIECE = st.text(alphabet="ab.\0/", max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    segments=st.lists(st.lists(PIECE, max_size=3), max_size=8),
    name=st.text(alphabet="ab.\0/", max_size=3),
    low=st.integers(-1, 9),
    high=st.integers(-1, 9),
    descending=st.booleans(),
)
def test_segmented_text_finds_exactly_the_owners_containing_a_name(segments, name, low, high, descending) -> None:
    text = SegmentedText(enumerate(segments))
    found = list(text.owners_containing(name, low, high, descending=descending))
    in_range = [owner for owner in range(len(segments)) if low <= owner < high]
    if descending:
        in_range.reverse()
    if not name or "\0" in name:
        assert found == in_range  # every owner: callers check each one
    else:
        assert found == [owner for owner in in_range if any(name in piece for piece in segments[owner])]


PATH = st.lists(st.sampled_from(["a", "b", "app", "x.txt"]), max_size=4).map(lambda parts: "/" + "/".join(parts))


@settings(max_examples=200, deadline=None)
@given(entries=st.lists(st.tuples(PATH, st.booleans()), max_size=8), path=PATH)
def test_path_index_misses_no_directory_holding_a_path(entries, path) -> None:
    index = PathIndex()
    for position, (entry, exact) in enumerate(entries):
        (index.add_exact if exact else index.add_tree)(entry, position)
    listed = {position for positions in index.lists_for(path) for position in positions}
    for position, (entry, exact) in enumerate(entries):
        if (exact and entry == path) or (not exact and is_inside(path, entry)):
            assert position in listed


@st.composite
def stage_graphs(draw) -> str:
    lines = []
    for number in range(draw(st.integers(1, 7))):
        base = draw(st.sampled_from(["python:3.12", *(f"s{earlier}" for earlier in range(number))]))
        lines.append(f"FROM {base} AS s{number}")
        lines.extend(["RUN true"] * draw(st.integers(0, 2)))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(text=stage_graphs())
def test_stage_tree_agrees_with_the_document(text) -> None:
    document = parse(text)
    tree = stage_tree(document)
    for stage in document.stages:
        chain = {member.index for member in document.stage_chain(stage.index)}
        descendants = document.descendants(stage.index)
        below = {descendant.index for descendant in descendants}
        for other in document.stages:
            assert tree.in_chain(other.index, stage.index) == (other.index in chain)
            assert tree.is_descendant(other.index, stage.index) == (other.index in below)
        assert sorted(tree.below(stage.index)) == sorted(below)
        assert tree.stages_below(stage.index) == len(below)
        assert tree.instructions_below(stage.index) == sum(len(descendant.instructions) for descendant in descendants)


# --- provider and removal_effect against the scans they replaced ------------------------


def reference_provision(copy, path, context):
    """How a COPY may put a file at ``path``: its sources looked at one by one, the last first."""
    for source in reversed(copy.sources):
        text = source.text
        if any(char in text for char in "*?["):
            if is_inside(path, copy.destination):
                return "tree", source, None
            continue
        if _file_like(text, context):
            target = posixpath.join(copy.destination, posixpath.basename(text)) if copy.destination_is_dir else copy.destination
            if target == path:
                return "file", source, _context_path(text)
            continue
        if is_inside(path, copy.destination) and path != copy.destination:
            relative = posixpath.relpath(path, copy.destination)
            return "tree", source, posixpath.normpath(posixpath.join(_context_path(text), relative))
    return None


def reference_provider(document, instruction, path, context):
    """The nearest earlier instruction of the stage chain decides, looked at one by one."""
    chain_before = []
    for stage in reversed(document.stage_chain(instruction.stage)):
        for earlier in stage.instructions:
            if earlier is instruction:
                break
            chain_before.append(earlier)
    name = posixpath.basename(path)
    for earlier in reversed(chain_before):
        if earlier.keyword == "RUN":
            if any(name in word.text for command in commands_of(earlier) for word in command.argv):
                return None
            continue
        if earlier.keyword not in ("COPY", "ADD"):
            continue
        copy = read_copy(document, earlier)
        if copy is None:
            return None
        found = reference_provision(copy, path, context)
        if found is None:
            continue
        kind, source, context_path = found
        if kind != "file" or not copy.plain or source is None or context_path is None:
            return None
        return CopiedFile(copy, source, context_path, path)
    return None


def reference_restores(document, instruction, copied, context):
    """Whether a later COPY puts the same context file at the same path."""
    if instruction.keyword not in ("COPY", "ADD") or instruction.flag("from") is not None:
        return False
    copy = read_copy(document, instruction)
    if copy is None or not copy.plain:
        return False
    found = reference_provision(copy, copied.path, context)
    if found is None or found[2] != copied.context_path:
        return False
    if context is not None and context.known:
        return bool(context.available(copied.context_path))
    return True


def reference_removal_effect(document, copied, consumers, context):
    """Every later instruction of the stage, of the stages built on it and of the final chain, one by one."""
    stage = copied.copy.instruction.stage
    for instruction in document.stages[stage].instructions:
        if instruction.index <= copied.copy.instruction.index:
            continue
        if reference_restores(document, instruction, copied, context):
            return SAFE
        if may_read(instruction, copied.path, consumers):
            return NEEDED
    for descendant in document.descendants(stage):
        for instruction in descendant.instructions:
            if reference_restores(document, instruction, copied, context):
                break
            if may_read(instruction, copied.path, set()):
                return NEEDED
    affected = {stage} | {descendant.index for descendant in document.descendants(stage)}
    if any(
        source_stage in affected and (any(char in source for char in "*?[") or is_inside(copied.path, source))
        for source_stage, source in _from_references(document)
    ):
        return NEEDED
    chain = document.stage_chain(len(document.stages) - 1)
    if any(member.index == stage for member in chain):
        for member in chain:
            if member.index > stage and any(reference_restores(document, i, copied, context) for i in member.instructions):
                return SAFE
        return FINAL_IMAGE
    return SAFE


FILES = ["requirements.txt", "req.txt", "pyproject.toml", "setup.py", "run.py"]
STEPS = [
    "WORKDIR /app",
    "WORKDIR /srv",
    *(f"COPY {name} ." for name in FILES),
    "COPY requirements.txt req.txt ./",
    "COPY src/ requirements.txt *.toml req.txt ./",
    "COPY req.txt src/ /app/requirements.txt",
    "COPY requirements.txt src/ /app/",
    "COPY . .",
    "COPY src/ ./",
    "COPY *.txt ./",
    "COPY --from=0 /app/requirements.txt .",
    "COPY <<EOF requirements.txt\nflask\nEOF",
    *(f"RUN pip install -r {name}" for name in FILES),
    "RUN cat requirements.txt",
    "RUN cp -r /app /dist",
    "RUN python setup.py build",
    "RUN poetry build",
    "RUN chown -R 1000 /app",
    "RUN ./run.py",
    "RUN --mount=from=0,source=/app,target=/m ls /m",
    'CMD ["python", "run.py"]',
    "ENV X=requirements.txt",
]


@st.composite
def dockerfiles(draw) -> str:
    lines = []
    for number in range(draw(st.integers(1, 4))):
        base = draw(st.sampled_from(["python:3.12", *(f"s{earlier}" for earlier in range(number))]))
        lines.append(f"FROM {base} AS s{number}")
        lines.extend(draw(st.lists(st.sampled_from(STEPS), max_size=7)))
    return "\n".join(lines) + "\n"


CONTEXTS = [NO_CONTEXT, MemoryContext({"requirements.txt": "", "req.txt": "", "src/a.py": "", "pyproject.toml": ""})]


PATHS = [posixpath.join(directory, name) for directory in ("/app", "/srv", "/") for name in FILES]


@settings(max_examples=150, deadline=None)
@given(text=dockerfiles(), context=st.sampled_from(CONTEXTS))
def test_each_way_of_finding_the_copy_answers_as_the_scan_does(text, context) -> None:
    unbounded = {"NEARBY": 10**6, "OFF_CHAIN": 10**6}
    previous = {name: getattr(providers, name) for name in unbounded}
    document = parse(text)
    try:
        for name, value in unbounded.items():
            setattr(providers, name, value)
        for instruction in document.instructions:
            copy = read_copy(document, instruction)
            for path in PATHS if copy is not None else ():
                assert provision(copy, path, context) == reference_provision(copy, path, context)
            if instruction.keyword != "RUN" or instruction.stage < 0:
                continue
            for path in PATHS:
                expected = reference_provider(document, instruction, path, context)
                for way in (providers._nearby, providers._along_the_copies, providers._stage_by_stage):
                    assert way(document, instruction.stage, instruction.index, path, context) == expected, way.__name__
    finally:
        for name, value in previous.items():
            setattr(providers, name, value)


@settings(max_examples=150, deadline=None)
@given(text=dockerfiles(), context=st.sampled_from(CONTEXTS), consume=st.booleans())
def test_provider_and_removal_effect_answer_as_the_scans_do(text, context, consume) -> None:
    # Few later instructions are looked at one by one, many through the
    # indexes: with the limit at nothing and at everything, both must agree.
    for direct_limit in (0, 10**6):
        previous, copies.DIRECT_LIMIT = copies.DIRECT_LIMIT, direct_limit
        try:
            check_against_the_scans(parse(text), context, consume)
        finally:
            copies.DIRECT_LIMIT = previous


def check_against_the_scans(document, context, consume) -> None:
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or instruction.stage < 0:
            continue
        for path in PATHS:
            found = providers.provider(document, instruction, path, context)
            assert found == reference_provider(document, instruction, path, context)
            if found is not None:
                consumers = {command.span for command in commands_of(instruction)} if consume else set()
                effect = removal_effect(document, found, consumers, context)
                assert effect == reference_removal_effect(document, found, consumers, context)


VARIABLE_LINES = [
    "FROM python:3.12",
    "ENV PIP_NO_CACHE_DIR=1",
    "ARG PIP_NO_CACHE_DIR",
    "RUN echo $PIP_NO_CACHE_DIR",
    "RUN echo ${PIP_NO_CACHE_DIR:-0}",
    "RUN echo $PIP_NO_CACHE_DIRS $$PIP_NO_CACHE_DIR",
    "# $PIP_NO_CACHE_DIR in a comment",
    "RUN <<EOF\necho $UV_NO_CACHE\nEOF",
    "ENV UV_NO_CACHE=$PIP_NO_CACHE_DIR \\\n    X=1",
    "LABEL a=$UV_NO_CACHE_X b=${UV_NO_CACHE}",
]


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.sampled_from(VARIABLE_LINES), max_size=8), variable=st.sampled_from(["PIP_NO_CACHE_DIR", "UV_NO_CACHE"]))
def test_variable_uses_are_found_as_a_search_per_instruction_did(lines, variable) -> None:
    document = parse("\n".join(lines) + "\n")
    reference = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
    expected = [
        instruction.index
        for instruction in document.instructions
        if variable in reference.findall(document.text[instruction.span.start : instruction.span.end])
    ]
    assert _variable_uses(document, variable) == expected
