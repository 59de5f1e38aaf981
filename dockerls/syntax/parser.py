"""Text → lossless :class:`Dockerfile`, following BuildKit's own rules.

BuildKit's parser (moby/buildkit, ``frontend/dockerfile/parser``) decides what
a directive, a continuation and a heredoc are; this module reproduces those
decisions with exact spans. It never raises: text it cannot make sense of
becomes a :class:`SyntaxIssue`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from sys import intern
from typing import Iterable

from dockerls.syntax.flags import parse_flags
from dockerls.syntax.lines import LineIndex, first_line_break
from dockerls.syntax.model import (
    Directive,
    Dockerfile,
    Heredoc,
    Instruction,
    SourceMap,
    Span,
    SyntaxIssue,
    Trivia,
)
from dockerls.syntax.stages import resolve_stages

KNOWN_INSTRUCTIONS = frozenset(
    "ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER "
    "ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR".split()
)
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
EXEC_FORM_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK"})
DIRECTIVE_NAMES = frozenset({"syntax", "escape", "check"})

_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$")
_KEYWORD = re.compile(r"[ \t]*([^ \t]+)")
_NOT_BLANK = re.compile(r"[^ \t]")
_HEREDOC_MARKER = re.compile(
    r"<<(-?)[ \t]*(?:\"([^\"\n]+)\"|'([^'\n]+)'|([A-Za-z0-9_][A-Za-z0-9_.\-]*))"
)


def _physical_lines(text: str, start: int) -> list[tuple[int, int, int]]:
    """(start, content_end, end_with_break) for every line from ``start``.

    BuildKit splits lines on \\n alone and drops a \\r before it; a lone \\r is
    line content to BuildKit (though a line break to LSP clients and LineIndex).
    """
    lines = []
    find = text.find
    length = len(text)
    position = start
    while True:
        newline = find("\n", position)
        if newline == -1:
            if position < length or not lines:
                lines.append((position, length, length))
            return lines
        content_end = newline - 1 if newline > position and text[newline - 1] == "\r" else newline
        lines.append((position, content_end, newline + 1))
        position = newline + 1
        if position == length:
            return lines


class _LazyLines:
    """The physical lines from an offset on, split only as far as they are read.

    Incremental parsing usually stops a few lines after the change, so the
    rest of a long file is never split.
    """

    __slots__ = ("text", "lines", "position", "count")

    def __init__(self, text: str, start: int, newlines: int | None = None) -> None:
        self.text = text
        self.lines: list[tuple[int, int, int]] = []
        self.position = start
        if newlines is None:  # (the caller may know: counting to the end is O(text))
            newlines = text.count("\n", start)
        self.count = newlines + (1 if not text.endswith("\n") or start == len(text) else 0)
        if start == len(text) and text:
            self.count = 0

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> tuple[int, int, int]:
        if not 0 <= index < self.count:
            raise IndexError(index)
        lines, text = self.lines, self.text
        while len(lines) <= index:
            position = self.position
            newline = text.find("\n", position)
            if newline == -1:
                lines.append((position, len(text), len(text)))
                self.position = len(text)
                continue
            content_end = newline - 1 if newline > position and text[newline - 1] == "\r" else newline
            lines.append((position, content_end, newline + 1))
            self.position = newline + 1
        return lines[index]


def _continuation_at(text: str, start: int, end: int, escape: str) -> int:
    """Where the line continuation of ``text[start:end]`` begins, or -1."""
    index = end
    while index > start and text[index - 1] in " \t":
        index -= 1
    if index > start and text[index - 1] == escape:
        return index - 1
    return -1


def parse(text: str, previous: Dockerfile | None = None) -> Dockerfile:
    """Parse any text into a :class:`Dockerfile`. Never raises.

    With ``previous`` (the parse of an earlier version of the same document)
    only the lines around the change are parsed again: items before it are
    reused and items after it are reused shifted.
    """
    try:
        if previous is not None:
            document = _Parser(text).reparse(previous)
            if document is not None:
                return document
        return _Parser(text).run()
    except RecursionError:  # pragma: no cover - pathological nesting
        return _fallback(text)


def parse_edited(previous: Dockerfile, text: str, changes: Iterable[tuple[int, int, int]]) -> Dockerfile:
    """Parse ``text``, which is ``previous.text`` with ``changes`` made: ``(start, end,
    new_length)`` replacements at ``previous.text`` offsets, disjoint. Never raises.

    What ``parse(text, previous)`` does for one change, for many at once (a fix-all
    round's edits, spread over the file): items between the changes are reused
    shifted, only the lines around each change are parsed again, and the result is
    what a full parse gives. ``previous`` is read, not changed."""
    try:
        regions = _merged(changes)
        if regions:
            document = _Parser(text).reparse_regions(previous, regions)
            if document is not None:
                return document
        return _Parser(text).run()
    except RecursionError:  # pragma: no cover - pathological nesting
        return _fallback(text)


# Changes closer than this are one region: the line index rescans a character either side.
_REGION_GAP = 3


def _merged(changes: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The changes sorted, and those that touch or nearly touch merged into one."""
    regions: list[tuple[int, int, int]] = []
    for start, end, length in sorted(changes):
        if regions and start < regions[-1][1] + _REGION_GAP:
            last_start, last_end, last_length = regions[-1]
            if start < last_end:
                raise ValueError("overlapping changes")
            regions[-1] = (last_start, end, last_length + (start - last_end) + length)
        else:
            regions.append((start, end, length))
    return regions


def _fallback(text: str) -> Dockerfile:
    lines = LineIndex(text)
    span = Span(0, len(text))
    return Dockerfile(
        text=text,
        lines=lines,
        eol=first_line_break(text),
        escape="\\",
        directives=(),
        items=(Trivia("comment", span, span),) if text else (),
        instructions=(),
        stages=(),
        issues=[SyntaxIssue("SYN001", "The file could not be parsed", span)],
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.issues: list[SyntaxIssue] = []
        self.items: list = []
        self.instructions: list[Instruction] = []
        self.escape = "\\"
        self.line_index: LineIndex | None = None

    def _lines_and_directives(self, *, lazy: bool = False):
        begin = 1 if self.text.startswith("\ufeff") else 0
        lines = _LazyLines(self.text, begin) if lazy else _physical_lines(self.text, begin)
        if begin and len(lines):
            first = lines[0]
            # The BOM belongs to the first item, so that items tile the text.
            (lines.lines if lazy else lines)[0] = (0, first[1], first[2])
        return lines, self._directives(lines)

    def run(self) -> Dockerfile:
        lines, directives = self._lines_and_directives()
        position = len(directives)
        while position < len(lines):
            position = self._item(lines, position)
        return self._document(directives)

    def reparse(self, previous: Dockerfile) -> Dockerfile | None:
        """Parse reusing ``previous``: the text between the common prefix and suffix is the
        one changed region. None when the change is too close to the top (directives, escape
        character) for reuse to be sound."""
        text, old = self.text, previous.text
        prefix = _common_prefix(old, text)
        suffix = _common_suffix(old, text, min(len(old), len(text)) - prefix)
        return self.reparse_regions(previous, [(prefix, len(old) - suffix, len(text) - prefix - suffix)])

    def reparse_regions(self, previous: Dockerfile, regions: list[tuple[int, int, int]]) -> Dockerfile | None:
        """``reparse`` for many changed regions (sorted, disjoint ``(start, end, new_length)``
        at ``previous.text`` offsets), by the same rules around each: items that end, line
        break included, before a region are kept; parsing resumes at the first item that does
        not, and stops at a line where an item of the unchanged text after the region starts
        (shifted). None when a change is too close to the top for reuse to be sound."""
        text, old = self.text, previous.text
        _, directives = self._lines_and_directives(lazy=True)
        directive_end = directives[-1].extent.end if directives else 0
        if (
            regions[0][0] <= directive_end
            or self.escape != previous.escape
            or [d.extent for d in directives] != [d.extent for d in previous.directives]
        ):
            return None
        self.line_index = LineIndex.after_edits(previous.lines, text, regions)
        old_items = previous.items[len(previous.directives) :]
        count = len(old_items)
        newlines_total = text.count("\n")
        newlines_before, counted_to = 0, 0  # line breaks in text[:counted_to]
        synced = 0  # the old item parsing stands at (when it reaches a region, the items before it are kept)
        shift = 0  # how far the old text before the next region has moved
        region = 0
        while region < len(regions):
            start, end, length = regions[region]
            kept = bisect_left(old_items, start, synced, count, key=_extent_end)
            while kept > synced and not _ends_a_line(old, old_items[kept - 1].extent):
                kept -= 1  # only the last item of a file can fail this
            self._reuse_all(old_items[synced:kept], shift)
            if kept < count:
                resume = old_items[kept].extent[0] + shift
            else:
                resume = (old_items[-1].extent.end if old_items else directive_end) + shift
            newlines_before += text.count("\n", counted_to, resume)
            counted_to = resume
            lines = _LazyLines(text, resume, newlines_total - newlines_before)
            # The first old item after the region, and the shift of the regions before it.
            candidate = max(bisect_left(old_items, end, key=_extent_start), kept)
            after, after_shift = region, shift
            position = 0
            synced = count
            while position < len(lines):
                line_start = lines[position][0]
                while candidate < count:  # the next old item in unchanged text at or after this line
                    item_start = old_items[candidate].extent[0]
                    while after < len(regions) and regions[after][1] <= item_start:
                        after_start, after_end, after_length = regions[after]
                        after_shift += after_length - (after_end - after_start)
                        after += 1
                    inside = after < len(regions) and regions[after][0] <= item_start
                    if not (item_start == 0 or inside or item_start + after_shift < line_start):
                        break
                    candidate += 1
                if candidate < count and item_start + after_shift == line_start:
                    synced, region, shift = candidate, after, after_shift
                    break
                position = self._item(lines, position)
            else:
                region = len(regions)  # parsed to the end of the text
        self._reuse_all(old_items[synced:], shift)
        return self._document(directives)

    def _reuse_all(self, items, delta: int) -> None:
        moved = [item.moved(delta) for item in items]
        self.items.extend(moved)
        instructions = [item for item in moved if item.__class__ is Instruction]
        self.instructions.extend(instructions)
        for instruction in instructions:
            if instruction.syntax_issues:
                self.issues.extend(instruction.syntax_issues)

    def _document(self, directives: list[Directive]) -> Dockerfile:
        text = self.text
        index = self.line_index or LineIndex(text)
        document = Dockerfile(
            text=text,
            lines=index,
            eol=first_line_break(text),
            escape=self.escape,
            directives=tuple(directives),
            items=tuple(self.items),
            instructions=tuple(self.instructions),
            stages=(),
            issues=self.issues,
        )
        resolve_stages(document)
        return document

    def _directives(self, lines: list[tuple[int, int, int]]) -> list[Directive]:
        directives: list[Directive] = []
        seen: set[str] = set()
        for line_start, content_end, line_end in lines:
            content_start = line_start + (1 if self.text.startswith("\ufeff", line_start) else 0)
            match = _DIRECTIVE.match(self.text, content_start, content_end)
            if not match:
                break
            name = match.group(1).lower()
            if name not in DIRECTIVE_NAMES or name in seen:
                break
            seen.add(name)
            value = match.group(2)
            directive = Directive(
                name=name,
                value=value,
                span=Span(content_start, content_end),
                value_span=Span(match.start(2), match.end(2)),
                extent=Span(line_start, line_end),
            )
            if name == "escape":
                if value in ("\\", "`"):
                    self.escape = value
                else:
                    self.issues.append(
                        SyntaxIssue("SYN003", f"Invalid escape character {value!r}: use \\ or `", directive.value_span)
                    )
            directives.append(directive)
            self.items.append(directive)
        return directives

    def _item(self, lines: list[tuple[int, int, int]], position: int) -> int:
        line_start, content_end, line_end = lines[position]
        stripped = self.text[line_start:content_end].lstrip(" \t\ufeff")
        if not stripped or stripped.startswith("#"):
            kind = "comment" if stripped else "blank"
            self.items.append(Trivia(kind, Span(content_end - len(stripped), content_end), Span(line_start, line_end)))
            return position + 1
        return self._instruction(lines, position)

    def _instruction(self, lines: list[tuple[int, int, int]], position: int) -> int:
        text = self.text
        issues_before = len(self.issues)
        line_start, content_end, _ = lines[position]
        keyword_match = _KEYWORD.match(text, line_start + (1 if text.startswith("\ufeff", line_start) else 0), content_end)
        assert keyword_match is not None  # the line is not blank
        keyword_span = Span(keyword_match.start(1), keyword_match.end(1))
        keyword = intern(keyword_match.group(1).upper())

        pieces: list[tuple[int, int, int]] = []
        logical: list[str] = []
        inner_comments: list[Span] = []
        logical_length = 0
        piece_start = keyword_span.end
        last = position
        escape = self.escape
        line_count = len(lines)
        while True:
            start, end, _ = lines[last]
            segment_start = piece_start if last == position else start
            # Most lines end in the escape character or in neither it nor a blank.
            final = text[end - 1] if end > segment_start else ""
            if final == escape:
                continued = end - 1
            elif final == " " or final == "\t":
                continued = _continuation_at(text, segment_start, end, escape)
            else:
                continued = -1
            segment_end = continued if continued != -1 else end
            pieces.append((logical_length, segment_start, segment_end - segment_start))
            logical.append(text[segment_start:segment_end])
            logical_length += segment_end - segment_start
            if continued == -1:
                break
            # Comment and blank lines inside a continuation are dropped, as BuildKit does.
            following = last + 1
            while following < line_count:
                f_start, f_end, _ = lines[following]
                content = _NOT_BLANK.search(text, f_start, f_end)
                if content is None:
                    following += 1
                    continue
                if text[content.start()] != "#":
                    break
                inner_comments.append(Span(content.start(), f_end))
                following += 1
            if following >= line_count:
                self.issues.append(
                    SyntaxIssue("SYN002", "Line continuation at the end of the file", Span(continued, end))
                )
                last = following - 1
                break
            last = following
        args_text = "".join(logical) if len(logical) > 1 else logical[0]

        if keyword not in KNOWN_INSTRUCTIONS:
            self.issues.append(SyntaxIssue("SYN001", f"Unknown instruction {keyword_match.group(1)!r}", keyword_span))

        args_map = SourceMap(pieces)
        if args_text.lstrip(" \t").startswith("--"):
            flags, args_offset, flag_issues = parse_flags(args_text, args_map)
            self.issues.extend(flag_issues)
        else:
            flags, args_offset = [], 0
        rest = args_text[args_offset:] if args_offset else args_text
        args = rest.strip(" \t")
        args_start = args_offset + len(rest) - len(rest.lstrip(" \t"))
        if len(pieces) == 1:  # one line: no seams to map across
            source_start = pieces[0][1] + args_start
            args_span = Span(source_start, source_start + len(args))
            if args:
                args_map = SourceMap([(0, source_start, pieces[0][2] - args_start)])
        else:
            args_span = args_map.span(args_start, args_start + len(args))
            if args:
                args_map = SourceMap(_shift(pieces, args_start))
        if not args and keyword in KNOWN_INSTRUCTIONS and keyword not in ("RUN", "CMD", "ENTRYPOINT"):
            self.issues.append(SyntaxIssue("SYN004", f"{keyword} needs arguments", keyword_span))

        exec_args = _exec_form(args) if keyword in EXEC_FORM_INSTRUCTIONS else None

        heredocs: list[Heredoc] = []
        end_line = last
        if keyword in HEREDOC_INSTRUCTIONS and exec_args is None and "<<" in args:
            heredocs, end_line = self._heredocs(args, args_map, lines, last)

        _, span_end, extent_end = lines[end_line]
        instruction = Instruction(
            keyword=keyword,
            keyword_span=keyword_span,
            span=Span(keyword_span.start, span_end),
            extent=Span(line_start, extent_end),
            flags=tuple(flags),
            args=args,
            args_span=args_span,
            args_map=args_map,
            is_exec_form=exec_args is not None,
            exec_args=exec_args,
            heredocs=tuple(heredocs),
            inner_comments=tuple(inner_comments),
            line_start=line_start,
        )
        instruction.syntax_issues = tuple(self.issues[issues_before:])
        self.items.append(instruction)
        self.instructions.append(instruction)
        return end_line + 1

    def _heredocs(self, args: str, args_map: SourceMap, lines, last: int) -> tuple[list[Heredoc], int]:
        """Read the heredoc bodies that follow the instruction's last line."""
        text = self.text
        heredocs: list[Heredoc] = []
        next_line = last + 1
        for marker in _heredoc_markers(args):
            strip_tabs = marker.group(1) == "-"
            name = marker.group(2) or marker.group(3) or marker.group(4)
            body_start = lines[next_line][0] if next_line < len(lines) else len(text)
            terminator: Span | None = None
            while next_line < len(lines):
                start, end, _ = lines[next_line]
                candidate = text[start:end]
                next_line += 1
                if (candidate.lstrip("\t") if strip_tabs else candidate) == name:
                    terminator = Span(start, end)
                    break
            marker_span = args_map.span(marker.start(), marker.end())
            if terminator is None:
                self.issues.append(SyntaxIssue("SYN005", f"Heredoc {name!r} is never terminated", marker_span))
            body_end = terminator.start if terminator else len(text)
            heredocs.append(
                Heredoc(name, strip_tabs, marker.group(4) is None, marker_span, Span(body_start, body_end), terminator)
            )
        return heredocs, max(next_line - 1, last)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by binary search over C-speed slice compares."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, max(limit, 0)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _heredoc_markers(args: str):
    """Heredoc markers outside quotes, skipping ``<<<`` here-strings."""
    quote = ""
    index = 0
    length = len(args)
    while index < length:
        char = args[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "\"'":
            quote = char
        elif char == "\\":
            index += 1
        elif args.startswith("<<", index) and not args.startswith("<<<", index) and (index == 0 or args[index - 1] != "<"):
            match = _HEREDOC_MARKER.match(args, index)
            if match:
                yield match
                index = match.end()
                continue
        index += 1


def _shift(pieces: list[tuple[int, int, int]], offset: int) -> list[tuple[int, int, int]]:
    """The pieces of a logical string with its first ``offset`` characters cut off."""
    shifted = []
    for logical_start, source_start, length in pieces:
        end = logical_start + length
        if end <= offset and not (end == offset and not shifted and length == 0):
            continue
        cut = max(offset - logical_start, 0)
        shifted.append((logical_start + cut - offset, source_start + cut, length - cut))
    return shifted


def _ends_a_line(text: str, extent: Span) -> bool:
    return extent[1] > extent[0] and text[extent[1] - 1] == "\n"


def _extent_start(item) -> int:
    return item.extent[0]


def _extent_end(item) -> int:
    return item.extent[1]


def _exec_form(args: str) -> tuple[str, ...] | None:
    if not args.startswith("["):
        return None
    try:
        value = json.loads(args)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None
