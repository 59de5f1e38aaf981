"""Check a document one group of connected stages at a time, and remember each group's findings.

The mount rules reason about a stage, the stages it is built on, and the stages
that read from it (``FROM``, ``COPY --from``, ``RUN --mount=from=``); never
about unrelated stages. So a document splits into *stage groups*, the
connected parts of that reference graph, and each group is checked on its own
text: the part of the file before the first ``FROM`` (directives, global
``ARG``s), then the group's stages in file order, each separated by a blank
line. A group that does not hold the last stage gets a trailing ``FROM
scratch``, so that none of its stages looks like the final image.

An edit in one stage then re-checks only its group: the other groups' texts are
unchanged and their findings come from a :class:`StageGroupCache`. On a file
of many independent stages this turns a whole-file check into a check of one
group (issue #7's didChange targets).

When the split could change a rule's answer, the document is checked whole:
a reference that cannot be resolved statically (``--from=$STAGE``), a stage
referenced by index (indices change in a group), duplicate stage names,
anything but ``ARG`` before the first ``FROM``, mixed line endings, Windows
files, or a finding whose text cannot be mapped back. Tests compare the
grouped check with the whole-file check on every fixture and on generated
and mangled documents.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable

from dockerls.core.buildcontext import BuildContext
from dockerls.core.context import LINE_NUMBERS
from dockerls.core.findings import INTERNAL_ERROR, Edit, Finding, Fix, Related
from dockerls.core.options import Options
from dockerls.core.rule import Rule
from dockerls.syntax import Dockerfile, Instruction, Span, parse

# Enough for every group of a few large documents; a group's findings are small.
CACHE_GROUPS = 1024
REMEMBERED_STAGE_TEXTS = 4096
REMEMBERED_GROUP_DOCUMENTS = 2
_SENTINEL_STAGE = "FROM scratch"


@dataclass(frozen=True, slots=True)
class _Piece:
    """``text[group_start : group_start + length]`` of the group is ``source[source_start : …]``."""

    group_start: int
    source_start: int
    length: int


class StageGroup:
    """The text one group of connected stages is checked on, and how it maps back."""

    __slots__ = ("text", "pieces", "stages", "_group_starts", "source_starts")

    def __init__(self, text: str, pieces: tuple[_Piece, ...], stages: tuple[int, ...] = ()) -> None:
        self.text, self.pieces, self.stages = text, pieces, stages
        self._group_starts = [piece.group_start for piece in pieces]
        self.source_starts = tuple(piece.source_start for piece in pieces)  # ascending too: file order

    def source_span(self, span: Span) -> Span | None:
        """The document span of a group span inside one piece, else None. A piece
        ends where its separator starts, so an offset at its end is still its own."""
        piece = self.pieces[bisect_right(self._group_starts, span.start) - 1]
        if not piece.group_start <= span.start <= span.end <= piece.group_start + piece.length:
            return None  # text the group added, or across a piece boundary
        start = piece.source_start + span.start - piece.group_start
        return Span(start, start + span.end - span.start)

    def group_span(self, span: Span) -> Span | None:
        """The group span of a document span inside one of the group's pieces, else None.
        Where two pieces meet in the document, a span starting there belongs to the later one."""
        index = bisect_right(self.source_starts, span.start) - 1
        if index < 0:
            return None
        piece = self.pieces[index]
        if span.end > piece.source_start + piece.length:
            return None
        start = piece.group_start + span.start - piece.source_start
        return Span(start, start + span.end - span.start)


class StageGroupCache:
    """Findings by (group text, rules, options, build context), least recently used first out.

    Findings whose messages name line numbers (see
    :func:`dockerls.core.context.line_number`) are valid only while their
    group's pieces start on the same lines; the entry remembers those lines."""

    def __init__(self, size: int = CACHE_GROUPS, *, whole_file_below: float = 0.5) -> None:
        self._size = size
        # Check the whole file (and remember its findings by group) when fewer
        # than this share of its groups are known; 0 always checks by group.
        self.whole_file_below = whole_file_below
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self.stage_references: dict[str, tuple[str, ...]] = {}  # for stage_groups
        # The last parse of a few groups, by their stages: an edited group is parsed incrementally.
        self.group_documents: OrderedDict[tuple[int, ...], Dockerfile] = OrderedDict()

    def get(self, key: tuple, line_starts: tuple[int, ...]) -> "_Entry | None":
        try:
            entry = self._entries.get(key)
        except TypeError:  # an unhashable build context or options: nothing is remembered
            return None
        if entry is None or entry.line_starts not in (None, line_starts):
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple, line_starts: tuple[int, ...], findings: list[Finding], names_lines: bool) -> "_Entry":
        entry = _Entry(findings, line_starts if names_lines else None)
        try:
            self._entries[key] = entry
        except TypeError:
            return entry
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)

    def checking_every_group(self) -> "StageGroupCache":
        """This cache (the same entries), but never checking a file whole."""
        view = copy.copy(self)
        view.whole_file_below = 0
        return view


class _Entry:
    """A group's findings (group positions) and, for the last place the group had
    in a document, the same findings at document positions."""

    __slots__ = ("findings", "line_starts", "placed_at", "placed")

    def __init__(self, findings: list[Finding], line_starts: tuple[int, ...] | None) -> None:
        self.findings, self.line_starts = findings, line_starts
        self.placed_at: tuple[int, ...] | None = None
        self.placed: list[Finding] | None = None

    def in_document(self, group: StageGroup, first_stage: int) -> list[Finding] | None:
        """The findings at document positions; None if one falls outside the group's stages."""
        if self.placed is not None and self.placed_at == group.source_starts:
            return self.placed
        placed = []
        for finding in self.findings:
            moved = _source_finding(group, finding)
            if moved is None or moved.span.start < first_stage or finding.code == INTERNAL_ERROR:
                return None
            placed.append(moved)
        self.placed_at, self.placed = group.source_starts, placed
        return placed


RunRules = Callable[[Dockerfile, tuple[Rule, ...], BuildContext, Options], list[Finding]]


def check_by_stage_group(
    document: Dockerfile,
    rules: tuple[Rule, ...],
    build_context: BuildContext,
    options: Options,
    cache: StageGroupCache,
    run: RunRules,
) -> list[Finding] | None:
    """The rules' findings on ``document``, checked group by group; None when it must be checked whole.

    When most groups are new to the cache (a document just opened), one
    whole-file check is cheaper than checking every group apart; its findings,
    split by group, are remembered for the next check."""
    groups = stage_groups(document, cache.stage_references)
    if groups is None:
        return None
    first_stage = document.stages[0].from_instruction.extent.start
    keys = [(group.text, rules, options, build_context) for group in groups]
    line_starts = [tuple(document.lines.position(p.source_start)[0] for p in group.pieces) for group in groups]
    known = [cache.get(key, starts) for key, starts in zip(keys, line_starts)]
    if sum(entry is not None for entry in known) < cache.whole_file_below * len(groups):
        findings = run(document, rules, build_context, options)
        _remember_by_group(cache, groups, keys, line_starts, findings, first_stage)
        return findings
    findings: list[Finding] = []
    for group, key, starts, entry in zip(groups, keys, line_starts, known):
        if entry is None:
            group_document = _parse_group(cache, group)
            numbers = _LineNumbers(group, starts)
            group_document.memo(LINE_NUMBERS, lambda: numbers)
            entry = cache.put(key, starts, run(group_document, rules, build_context, options), numbers.used)
            group_document.forget_analyses()  # kept only to parse the group's next version incrementally
        placed = entry.in_document(group, first_stage)
        if placed is None:
            return None  # outside the group's stages, or a failed rule: check the document whole
        findings.extend(placed)
    return findings


def _parse_group(cache: StageGroupCache, group: StageGroup) -> Dockerfile:
    previous = cache.group_documents.pop(group.stages, None)
    document = parse(group.text, previous)
    if previous is not None:
        previous.release()
    cache.group_documents[group.stages] = document
    if len(cache.group_documents) > REMEMBERED_GROUP_DOCUMENTS:
        cache.group_documents.popitem(last=False)[1].release()
    return document


def _remember_by_group(
    cache: StageGroupCache,
    groups: list[StageGroup],
    keys: list[tuple],
    line_starts: list[tuple[int, ...]],
    findings: list[Finding],
    first_stage: int,
) -> None:
    """Remember a whole-file check's findings as each group's own, where every
    position of a finding falls inside one group's stages."""
    if any(finding.code == INTERNAL_ERROR for finding in findings):
        return
    starts: list[int] = []
    owners: list[tuple[int, _Piece]] = []
    for number, group in enumerate(groups):
        for piece in group.pieces:
            if piece.source_start >= first_stage:
                starts.append(piece.source_start)
                owners.append((number, piece))
    order = sorted(range(len(starts)), key=starts.__getitem__)
    starts = [starts[i] for i in order]
    owners = [owners[i] for i in order]
    by_group: list[list[Finding] | None] = [[] for _ in groups]
    for finding in findings:
        index = bisect_right(starts, finding.span.start) - 1
        if index < 0:
            return  # before the first stage: nothing is remembered
        number = owners[index][0]
        local = _group_finding(groups[number], finding)
        if local is None:
            by_group[number] = None
        elif by_group[number] is not None:
            by_group[number].append(local)
    for key, starts_of_group, local_findings in zip(keys, line_starts, by_group):
        if local_findings is not None:
            # Whether a message names a line is not known here: valid only while lines stay put.
            cache.put(key, starts_of_group, local_findings, names_lines=True)


class _LineNumbers:
    """1-based document line numbers of a group's offsets; notes whether a rule asked."""

    def __init__(self, group: StageGroup, line_starts: tuple[int, ...]) -> None:
        self._group, self._line_starts, self.used = group, line_starts, False

    def __call__(self, group_lines, offset: int) -> int:
        self.used = True
        line = group_lines.position(offset)[0]
        for piece, first_line in zip(self._group.pieces, self._line_starts):
            if piece.group_start <= offset <= piece.group_start + piece.length:
                return first_line + line - group_lines.position(piece.group_start)[0] + 1
        return line + 1


def _source_finding(group: StageGroup, finding: Finding) -> Finding | None:
    return _moved_finding(finding, group.source_span)


def _group_finding(group: StageGroup, finding: Finding) -> Finding | None:
    return _moved_finding(finding, group.group_span)


def _moved_finding(finding: Finding, move: Callable[[Span], Span | None]) -> Finding | None:
    """``finding`` with every position moved by ``move``; None if one cannot be."""
    span = move(finding.span)
    fix = _moved_fix(finding.fix, move) if finding.fix else None
    unnecessary = tuple(move(s) for s in finding.unnecessary)
    alternatives = tuple(_moved_fix(f, move) for f in finding.alternatives)
    related = tuple(_moved_related(r, move) for r in finding.related)
    if span is None or (finding.fix and fix is None) or None in unnecessary or None in alternatives or None in related:
        return None
    # (The constructors, not dataclasses.replace: this runs for every finding on every check.)
    return Finding(
        finding.code, finding.name, finding.message, finding.severity, span, fix, unnecessary, alternatives, related
    )


def _moved_related(related: Related, move: Callable[[Span], Span | None]) -> Related | None:
    span = move(related.span)
    return None if span is None else Related(span, related.message)


def _moved_fix(fix: Fix, move: Callable[[Span], Span | None]) -> Fix | None:
    edits = []
    for edit in fix.edits:
        span = move(Span(edit.start, edit.end))
        if span is None:
            return None
        edits.append(Edit(span.start, span.end, edit.content))
    return Fix(fix.title, tuple(edits), fix.applicability)


def stage_groups(document: Dockerfile, references: dict[str, tuple[str, ...]] | None = None) -> list[StageGroup] | None:
    """The document split into groups of connected stages, or None when it must be checked whole.
    ``references`` remembers the stage references of a stage's text between calls."""
    stages = document.stages
    if len(stages) < 2 or not _splittable(document):
        return None
    text = document.text
    starts = [stage.from_instruction.extent.start for stage in stages] + [len(text)]
    links = _stage_links(document, starts, {} if references is None else references)
    if links is None:
        return None
    root = list(range(len(stages)))

    def find(index: int) -> int:
        while root[index] != index:
            root[index] = root[root[index]]
            index = root[index]
        return index

    for a, b in links:
        root[find(a)] = find(b)
    members: dict[int, list[int]] = {}
    for index in range(len(stages)):
        members.setdefault(find(index), []).append(index)
    if len(members) < 2:
        return None
    eol = document.eol
    last = len(stages) - 1
    groups = []
    for indices in members.values():
        segments = [(0, starts[0])] if starts[0] else []  # the part before the first FROM
        segments += [(starts[index], starts[index + 1]) for index in indices]
        parts: list[str] = []
        pieces: list[_Piece] = []
        length = 0
        for start, end in segments:
            chunk = text[start:end]
            parts.append(chunk)
            pieces.append(_Piece(length, start, len(chunk)))
            # Ending every piece with a blank line keeps the next piece's start
            # apart from this one's end (and ends a last line that had no break).
            separator = eol if chunk.endswith(eol) else eol + eol
            parts.append(separator)
            length += len(chunk) + len(separator)
        if last not in indices:
            parts.append(_SENTINEL_STAGE + eol)
        groups.append(StageGroup("".join(parts), tuple(pieces), tuple(indices)))
    return groups


def _splittable(document: Dockerfile) -> bool:
    if document.is_windows:
        return False
    first_from = document.stages[0].from_instruction.index
    if any(instruction.keyword != "ARG" for instruction in document.instructions[:first_from]):
        return False
    names = [stage.name for stage in document.stages if stage.name]
    if len(names) != len(set(names)):
        return False
    text = document.text
    line_feeds = text.count("\n")
    if document.eol == "\r\n":
        return text.count("\r\n") == line_feeds and text.count("\r") == line_feeds
    return "\r" not in text


def _stage_links(
    document: Dockerfile, starts: list[int], references: dict[str, tuple[str, ...]]
) -> list[tuple[int, int]] | None:
    """Pairs of stages one reads from the other; None when a reference is not static."""
    stages = document.stages
    by_name = {}
    for stage in reversed(stages):  # the first stage of a name wins, as in stage_by_reference
        if stage.name:
            by_name[stage.name] = stage.index
    if len(references) > REMEMBERED_STAGE_TEXTS:
        references.clear()
    text = document.text
    links = []
    for stage in stages:
        if stage.parent is not None:
            links.append((stage.index, stage.parent))
        elif _names_stage_by_index(document, stage.base):
            return None
        # (The escape character decides how the stage's text splits into instructions.)
        chunk = document.escape + text[starts[stage.index] : starts[stage.index + 1]]
        named = references.get(chunk)
        if named is None:
            named = references[chunk] = tuple(
                reference for instruction in stage.instructions for reference in _stage_references(instruction)
            )
        for reference in named:
            if "$" in reference or _names_stage_by_index(document, reference):
                return None
            source = by_name.get(reference.lower())
            if source is not None:
                links.append((stage.index, source))
    return links


def _stage_references(instruction: Instruction) -> Iterable[str]:
    for flag in instruction.flags:
        if flag.name == "from" and flag.value is not None:
            yield flag.value
        elif flag.name == "mount":
            source = flag.mount_get("from")
            if source is not None:
                yield source


def _names_stage_by_index(document: Dockerfile, reference: str) -> bool:
    return reference.isdigit() and int(reference) < len(document.stages)
