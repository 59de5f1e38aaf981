"""Which findings after a round of fixes are the findings before it, moved by the edits.

``check --fix`` reports what it fixed among the findings ``check`` reports, and
apart from them what the fixes brought (a finding that only the fixed text has):
so the two commands count the same findings. A finding is the same one when its
code is the same and its span is where the round's edits moved it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import Iterable, Sequence

from dockerls.core.findings import Edit, Finding
from dockerls.syntax import Span


class EditMap:
    """Offsets in a text before disjoint ``edits`` → offsets after them."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
        self.starts = [edit.start for edit in ordered]
        self.ends = [edit.end for edit in ordered]
        self.shifts = [0]  # shifts[i]: how far the first i edits move the text after them
        for edit in ordered:
            self.shifts.append(self.shifts[-1] + len(edit.content) - (edit.end - edit.start))

    def position(self, offset: int, *, after_insertion: bool) -> int | None:
        """Where ``offset`` is after the edits; None when an edit replaced the text around it.
        Text inserted at ``offset`` comes before it when ``after_insertion`` (a span's start)."""
        index = bisect_left(self.ends, offset)  # the edits before it end before ``offset``
        while index < len(self.ends) and self.ends[index] == offset and (
            self.starts[index] < offset or after_insertion
        ):
            index += 1
        if index < len(self.starts) and self.starts[index] < offset < self.ends[index]:
            return None
        return offset + self.shifts[index]

    def span(self, span: Span) -> Span | None:
        start = self.position(span.start, after_insertion=True)
        end = start if span.start == span.end else self.position(span.end, after_insertion=False)
        return None if start is None or end is None else Span(start, end)


class FindingLineage:
    """The findings of the text as it was first checked (``found``), followed through rounds
    of fixes: which of them were fixed, which remain, and which findings are new."""

    def __init__(self, found: Sequence[Finding]) -> None:
        self.found = list(found)
        self._original = {id(finding) for finding in found}  # of the findings current now
        self.fixed: list[Finding] = []  # found before fixing, and fixed (by their own fix or an equal one)
        self.gone: list[Finding] = []  # found before fixing, not fixed, and not found after another fix

    def is_original(self, finding: Finding) -> bool:
        return id(finding) in self._original

    def round(self, applied: Sequence[Finding], edits: Iterable[Edit], before: Sequence[Finding],
              after: Sequence[Finding]) -> None:
        """One round: ``applied`` of ``before`` were fixed by ``edits``; ``after`` is the next check."""
        self.fixed.extend(finding for finding in applied if self.is_original(finding))
        fixed = {id(finding) for finding in applied}
        moved = EditMap(edits)
        waiting: defaultdict[tuple[str, Span], list[Finding]] = defaultdict(list)
        for finding in before:
            if id(finding) not in fixed and self.is_original(finding):
                span = moved.span(finding.span)
                if span is None:  # an edit replaced the text around it
                    self.gone.append(finding)
                else:
                    waiting[(finding.code, span)].append(finding)
        original = set()
        for finding in after:
            same = waiting.get((finding.code, finding.span))
            if same:
                same.pop(0)
                original.add(id(finding))
        self.gone.extend(finding for left in waiting.values() for finding in left)
        self._original = original
