"""Apply fixes: non-overlapping edits, repeated to convergence, never making the file parse worse."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import Callable, Iterable

from dockerls.core.findings import Edit, Finding, Fix
from dockerls.engine.tracking import FindingLineage
from dockerls.syntax import Dockerfile, parse, parse_edited

MAX_ROUNDS = 10


def overlaps(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their ranges intersect or both insert at one point."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end or (a.start == a.end and b.start < a.start < b.end) or (
        b.start == b.end and a.start < b.start < a.end
    )


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; text outside them is untouched."""
    parts: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        parts.append(text[cursor : edit.start])
        parts.append(edit.content)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


class TakenEdits:
    """Edits that do not overlap one another, kept sorted so that whether a new edit overlaps
    any of them takes two binary searches (``overlaps`` semantics): selecting among n fixes is
    O(n log n) comparisons, where comparing each edit with every one taken was quadratic."""

    def __init__(self, meter: list[int] | None = None) -> None:
        self.starts: list[int] = []  # of the non-empty edits, which are disjoint
        self.ends: list[int] = []
        self.points: list[int] = []  # of the insertions
        self.exact: set[Edit] = set()  # every edit taken, to share one that a later fix repeats
        self.meter = meter  # [comparisons], for tests

    def _count(self, searched: list[int]) -> None:
        if self.meter is not None:
            self.meter[0] += max(1, len(searched).bit_length())

    def conflicts(self, edit: Edit) -> bool:
        start, end = edit.start, edit.end
        # The last non-empty edit starting before ``end`` (or before the point) is the only
        # one that can reach past ``start``: the others end before it begins.
        self._count(self.starts)
        before = bisect_left(self.starts, end if end > start else start) - 1
        if before >= 0 and self.ends[before] > start:
            return True
        self._count(self.points)
        if start == end:
            at = bisect_left(self.points, start)
            return at < len(self.points) and self.points[at] == start
        after = bisect_right(self.points, start)
        return after < len(self.points) and self.points[after] < end

    def add(self, edit: Edit) -> None:
        self.exact.add(edit)
        if edit.start == edit.end:
            insort(self.points, edit.start)
        else:
            at = bisect_left(self.starts, edit.start)
            self.starts.insert(at, edit.start)
            self.ends.insert(at, edit.end)

    def take(self, edits: Iterable[Edit]) -> bool:
        """Add ``edits`` if none overlaps another or one taken before; else add none.
        An edit equal to one taken before is shared, not a conflict (as ruff does): a fix
        that repeats another's edits (the bind mount that removing a COPY also adds) is
        taken, and the finding it belongs to is fixed by the same text."""
        own = TakenEdits(self.meter)
        for edit in edits:
            if own.conflicts(edit) or edit not in self.exact and self.conflicts(edit):
                return False
            own.add(edit)
        for edit in own.exact - self.exact:
            self.add(edit)
        return True


def select_fixes(fixes: Iterable[Fix], meter: list[int] | None = None) -> list[Fix]:
    """The fixes (in order) whose edits conflict with no fix taken before them; a fix
    whose own edits overlap is never applied. ``meter[0]`` counts comparisons."""
    taken: list[Fix] = []
    edits = TakenEdits(meter)
    for fix in fixes:
        if edits.take(fix.edits):
            taken.append(fix)
    return taken


def edits_of(fixes: Iterable[Fix]) -> list[Edit]:
    """The edits of fixes chosen together, each shared edit once."""
    return list(dict.fromkeys(edit for fix in fixes for edit in fix.edits))


@dataclass
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)  # in any round, also findings a fix brought
    remaining: list[Finding] = field(default_factory=list)
    rounds: int = 0
    found: list[Finding] = field(default_factory=list)  # the findings of the text before fixing
    fixed: list[Finding] = field(default_factory=list)  # those of ``found`` that were fixed
    new: list[Finding] = field(default_factory=list)  # those of ``remaining`` that ``found`` had not
    # Those of ``found`` that were not fixed and are not in ``remaining``: another fix made them
    # go away. ``found`` is exactly ``fixed`` + ``gone`` + the rest of ``remaining``.
    gone: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


CheckFunction = Callable[[Dockerfile], list[Finding]]


def fix_all(
    text: str,
    check: CheckFunction,
    *,
    wanted: Callable[[Finding], bool],
    max_rounds: int = MAX_ROUNDS,
    tree: Dockerfile | None = None,
) -> FixResult:
    """Apply the fixes of findings that ``wanted`` accepts until none is left.

    A round whose result has more syntax issues than its input is undone fix
    by fix: only the fixes that leave the file parsing as well are kept.
    ``tree`` is the caller's parse of ``text``, if it has one (an editor's open
    document): it is read, not parsed again, and left as it is.
    """
    result = FixResult(text)
    document = tree if tree is not None and tree.text == text else parse(text)
    findings = check(document)
    lineage = FindingLineage(findings)
    issues = len(document.issues)
    # A round needs its findings and issue count, not its tree's analyses: release() drops
    # them (and the tree's cycles) at once, and the tree is kept only as the previous version
    # the next round's text is parsed from (each round parses the lines its edits touched).
    if document is not tree:
        document.release()
    for _ in range(max_rounds):
        candidates = [f for f in findings if f.fix is not None and wanted(f)]
        chosen = select_fixes(f.fix for f in candidates if f.fix is not None)
        if not chosen:
            break
        new_text, new_document = _edited(result.text, document, chosen)
        if len(new_document.issues) > issues:
            new_document.release()
            chosen = _fixes_that_parse(result.text, chosen, issues)
            if not chosen:
                break
            new_text, new_document = _edited(result.text, document, chosen)
        if new_text == result.text:
            new_document.release()
            break
        document = new_document
        chosen_ids = {id(fix) for fix in chosen}
        applied = [f for f in candidates if id(f.fix) in chosen_ids]
        result.applied.extend(applied)
        result.text = new_text
        result.rounds += 1
        before, findings = findings, check(document)
        lineage.round(applied, edits_of(chosen), before, findings)
        issues = len(document.issues)
        document.release()
    result.remaining = findings
    result.found, result.fixed, result.gone = lineage.found, lineage.fixed, lineage.gone
    result.new = [finding for finding in findings if not lineage.is_original(finding)]
    return result


def _edited(text: str, document: Dockerfile, fixes: list[Fix]) -> tuple[str, Dockerfile]:
    """``text`` with the fixes applied, and its tree, parsed from ``document`` (``text``'s)."""
    edits = edits_of(fixes)
    new_text = apply_edits(text, edits)
    return new_text, parse_edited(document, new_text, [(e.start, e.end, len(e.content)) for e in edits])


def _issue_count(text: str) -> int:
    document = parse(text)
    document.release()
    return len(document.issues)


def _fixes_that_parse(text: str, fixes: list[Fix], baseline: int) -> list[Fix]:
    kept: list[Fix] = []
    for fix in fixes:
        trial = apply_edits(text, edits_of(kept + [fix]))
        if _issue_count(trial) <= baseline:
            kept.append(fix)
    return kept


def minimal_edits(old: str, new: str) -> list[Edit]:
    """Line-level edits that turn ``old`` into ``new`` (for editors: keeps cursors and folds)."""
    if old == new:
        return []
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    # Widen to whole lines so the diff below works on lines.
    start = old.rfind("\n", 0, prefix) + 1
    start = max(start, old.rfind("\r", 0, prefix) + 1)
    old_end, new_end = len(old) - suffix, len(new) - suffix
    old_mid, new_mid = old[start:old_end], new[start:new_end]
    old_lines, new_lines = old_mid.splitlines(keepends=True), new_mid.splitlines(keepends=True)
    if len(old_lines) * len(new_lines) > 250_000:
        return [Edit(start, old_end, new_mid)]
    import difflib  # here, not at the top: ~50 ms of every start-up otherwise
    edits: list[Edit] = []
    old_offsets = [0]
    for line in old_lines:
        old_offsets.append(old_offsets[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.append(Edit(start + old_offsets[i1], start + old_offsets[i2], "".join(new_lines[j1:j2])))
    return edits
