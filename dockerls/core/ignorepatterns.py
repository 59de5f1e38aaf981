""".dockerignore patterns as BuildKit reads and matches them, in linear time.

What BuildKit does (facts from its documentation and behaviour, checked against
its own matcher in ``tests/engine/test_ignore_oracle.py``):

- The file is split at ``\\n``; a UTF-8 BOM before the first line is dropped; a
  line starting with ``#`` in column 1 is a comment; a line is then trimmed of
  (Go) white space and skipped when empty. A leading ``!`` (space allowed after
  it) makes an exception. The rest is cleaned like Go's ``filepath.Clean`` and
  one leading ``/`` is dropped, so ``/foo``, ``./foo`` and ``foo/`` all mean
  ``foo``. A line of 64 KiB or more makes BuildKit refuse the whole file.
- The pattern syntax is Go's ``filepath.Match`` (``*`` and ``?`` stop at ``/``,
  ``[...]`` negated by ``^`` only (``!`` is a member), ``\\`` escapes) plus
  ``**``: ``**/`` (or ``**`` before more pattern) matches any number of
  directories including none, a trailing ``**`` matches anything. A pattern
  that ``filepath.Match`` calls malformed (``[]``, ``[^]``, ``[\\]``, ``[]a]``,
  a lone ``!``), or whose class range runs backwards (``[z-a]``), makes the
  build fail.
- A path is excluded when the last pattern that matches it, or one of its
  parent directories, is not an exception. BuildKit walks the context from the
  root and hands each directory's results to its entries: a pattern that
  matched a parent keeps matching, and a pattern is evaluated on a path only
  when it could change the answer so far (an exception once excluded, an
  exclusion once included).
- A pattern of only literal characters compares the path exactly; one ending in
  ``**`` after literal characters compares a prefix; one starting with ``**``
  and otherwise literal compares a suffix (so ``**foo`` matches ``xfoo``).
  Others become a regular expression (where ``**`` does not cross a newline).

Matching is a set-of-states walk over the path (no backtracking): at most
``2 * len(tokens) + 2`` states per character of the path, counted by ``Meter``.
Constructs whose meaning in BuildKit's regular-expression translation differs
from ``filepath.Match`` (``*``, ``?`` or ``[:`` inside a class, ``\\`` before a
letter or digit) are reported as not understood: the file's exclusions are
then unknown rather than guessed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Iterable

BOM = "\ufeff"
# BuildKit reads the file with a line scanner whose longest line is 64 KiB.
MAX_LINE_BYTES = 64 * 1024 - 1
# Go's unicode.IsSpace (Python's str.isspace also counts \x1c-\x1f).
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# Tokens of a pattern that is matched as a regular expression.
LITERAL, ONE, CLASS, STAR, DOUBLE_STAR, REST, START = range(7)
# How a pattern compares a path (BuildKit's own short cuts, which differ from the
# regular expression in corner cases, e.g. ``**foo`` matching ``xfoo``).
EXACT, PREFIX, SUFFIX, AUTOMATON = "exact", "prefix", "suffix", "automaton"


class Meter:
    """Counts matching steps (a state looked at for one character), for tests."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0


@dataclass(frozen=True, slots=True)
class IgnoreProblem:
    """Something wrong in an ignore file, at ``start:end`` of its text."""

    start: int
    end: int
    message: str
    malformed: bool  # BuildKit refuses the file (the build fails); else dockerls cannot tell its meaning


class PatternError(ValueError):
    def __init__(self, message: str, malformed: bool = True) -> None:
        super().__init__(message)
        self.malformed = malformed


@dataclass(frozen=True, slots=True)
class Token:
    kind: int
    char: str = ""
    negated: bool = False
    ranges: tuple[tuple[str, str], ...] = ()

    def accepts(self, char: str) -> bool:
        if self.kind == LITERAL:
            return char == self.char
        if self.kind == ONE:
            return char != "/"
        inside = any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


@dataclass(frozen=True, slots=True)
class Pattern:
    """One cleaned pattern of an ignore file."""

    text: str  # as BuildKit keeps it (cleaned, without the ``!``)
    exception: bool
    how: str  # EXACT, PREFIX, SUFFIX or AUTOMATON
    tokens: tuple[Token, ...] = ()
    line: int = 0  # 0-based line of the ignore file

    def matches(self, path: str, meter: Meter | None = None) -> bool:
        return self.prefix_matches(path, meter)[-1]

    def prefix_matches(self, path: str, meter: Meter | None = None) -> list[bool]:
        """Whether the pattern matches each of ``path``'s leading directories and the path
        itself (``a``, ``a/b``, ``a/b/c`` for ``a/b/c``), in one pass over the path."""
        if self.how != AUTOMATON:
            ends = [index for index, char in enumerate(path) if char == "/"] + [len(path)]
            if meter is not None:
                meter.steps += len(path) + len(ends)
            return [self._compare(path[:end]) for end in ends]
        return _run(self.tokens, path, meter)

    def _compare(self, path: str) -> bool:
        if self.how == EXACT:
            return path == self.text
        if self.how == PREFIX:
            return path.startswith(self.text[:-2])
        suffix = self.text[2:]
        return path.endswith(suffix) or (suffix[:1] == "/" and path == suffix[1:])


def _run(tokens: tuple[Token, ...], path: str, meter: Meter | None) -> list[bool]:
    """The automaton: state ``2*i`` is before token ``i``, ``2*i+1`` inside the ``**`` at ``i``;
    ``2*len(tokens)`` accepts. Each state enters a step's set at most once."""
    accept = 2 * len(tokens)
    results: list[bool] = []
    current = _closure(tokens, [0], at_start=True)
    steps = 0
    for char in path:
        if char == "/":
            results.append(accept in current)
        following: list[int] = []
        for state in current:
            steps += 1
            if state == accept:
                continue
            index = state >> 1
            token = tokens[index]
            kind = token.kind
            if kind == DOUBLE_STAR:
                if char != "\n":
                    following.append(2 * index + 1)
                if char == "/":
                    following.append(2 * index + 2)
            elif kind == STAR:
                if char != "/":
                    following.append(state)
            elif kind == REST:
                if char != "\n":
                    following.append(state)
            elif kind != START and token.accepts(char):
                following.append(2 * index + 2)
        current = _closure(tokens, following, at_start=False)
        if not current:
            break
    else:
        results.append(accept in current)
    if meter is not None:
        meter.steps += steps
    # A dead automaton matches no longer prefix.
    expected = path.count("/") + 1
    results.extend([False] * (expected - len(results)))
    return results


def _closure(tokens: tuple[Token, ...], states: Iterable[int], at_start: bool) -> list[int]:
    """``states`` and every state reached from them without reading a character."""
    seen: set[int] = set()
    out: list[int] = []
    stack = list(states)
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        out.append(state)
        index, inside = divmod(state, 2)
        if index >= len(tokens) or inside:
            continue
        kind = tokens[index].kind
        if kind in (STAR, REST, DOUBLE_STAR) or (kind == START and at_start):
            stack.append(2 * index + 2)
    return out


# --- reading the file -------------------------------------------------------------------


def go_trim(text: str) -> str:
    start, end = 0, len(text)
    while start < end and text[start] in _GO_SPACE:
        start += 1
    while end > start and text[end - 1] in _GO_SPACE:
        end -= 1
    return text[start:end]


def go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` on a slash-separated path."""
    cleaned = posixpath.normpath(path) if path else "."
    if cleaned.startswith("//"):  # POSIX keeps two leading slashes; Go does not
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def clean_line(line: str) -> str | None:
    """What BuildKit's ignore-file reader makes of one line (None: nothing)."""
    if line.startswith("#"):
        return None
    pattern = go_trim(line)
    if not pattern:
        return None
    exception = pattern.startswith("!")
    if exception:
        pattern = go_trim(pattern[1:])
    if pattern:
        pattern = go_clean(pattern)
        if len(pattern) > 1 and pattern.startswith("/"):
            pattern = pattern[1:]
    return "!" + pattern if exception else pattern


def compile_pattern(text: str, line: int = 0) -> Pattern | None:
    """The pattern of one cleaned line (None: it is empty); raises PatternError."""
    text = go_clean(go_trim(text)) if go_trim(text) else ""
    if not text:
        return None
    exception = text.startswith("!")
    if exception:
        if len(text) == 1:
            raise PatternError('"!" alone excludes nothing: BuildKit refuses it')
        text = text[1:]
    check_syntax(text)
    how, tokens = _translate(text)
    return Pattern(text, exception, how, tokens, line)


def check_syntax(pattern: str) -> None:
    """Raise PatternError where Go's ``filepath.Match`` calls the pattern malformed,
    or BuildKit's translation gives a class range that runs backwards."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if index + 1 >= len(pattern):
                raise PatternError("a trailing \\ escapes nothing")
            index += 2
            continue
        if char != "[":
            index += 1
            continue
        start = index
        index += 1
        if index < len(pattern) and pattern[index] == "^":
            index += 1
        ranges = 0
        while True:
            if index < len(pattern) and pattern[index] == "]" and ranges:
                index += 1
                break
            low, index = _class_char(pattern, index, start)
            high = low
            if pattern[index] == "-":
                high, index = _class_char(pattern, index + 1, start)
            if low > high:
                raise PatternError(f"the range {low}-{high} in {pattern[start:index + 1]} runs backwards")
            ranges += 1


def _class_char(pattern: str, index: int, start: int) -> tuple[str, int]:
    """One member of a character class (filepath.Match's getEsc)."""
    if index >= len(pattern) or pattern[index] in "-]":
        raise PatternError(_class_problem(pattern, start))
    if pattern[index] == "\\":
        index += 1
        if index >= len(pattern):
            raise PatternError(_class_problem(pattern, start))
    char = pattern[index]
    index += 1
    if index >= len(pattern):
        raise PatternError(_class_problem(pattern, start))
    return char, index


def _class_problem(pattern: str, start: int) -> str:
    return f"the character class at {pattern[start:start + 12]!r} is empty, unclosed or has a bare - or ]"


def _translate(pattern: str) -> tuple[str, tuple[Token, ...]]:
    """How BuildKit compares paths with ``pattern`` and, for a regular expression, its tokens."""
    tokens: list[Token] = []
    how = EXACT
    index = 0
    while index < len(pattern):
        char = pattern[index]
        first = index == 0
        index += 1
        if char == "*":
            if index < len(pattern) and pattern[index] == "*":
                index += 1
                if index < len(pattern) and pattern[index] == "/":
                    index += 1
                if index >= len(pattern):
                    if how == EXACT:
                        how = PREFIX
                    else:
                        tokens.append(Token(REST))
                        how = AUTOMATON
                else:
                    tokens.append(Token(DOUBLE_STAR))
                    how = AUTOMATON
                if first:
                    how = SUFFIX
            else:
                tokens.append(Token(STAR))
                how = AUTOMATON
        elif char == "?":
            tokens.append(Token(ONE))
            how = AUTOMATON
        elif char == "\\":
            escaped = pattern[index]
            if escaped.isascii() and escaped.isalnum():
                raise PatternError(
                    f"\\{escaped} is a regular-expression escape to BuildKit, not the letter {escaped}", malformed=False
                )
            tokens.append(Token(LITERAL, escaped))
            index += 1
            how = AUTOMATON
        elif char == "[":
            token, index = _class(pattern, index)
            tokens.append(token)
            how = AUTOMATON
        elif char == "]":
            tokens.append(Token(LITERAL, char))
            how = AUTOMATON
        elif char == "^":
            tokens.append(Token(START))  # an anchor in the regular expression, unless the pattern is literal
        else:
            tokens.append(Token(LITERAL, char))
    if how == AUTOMATON:
        return how, tuple(tokens)
    return how, ()


def _class(pattern: str, index: int) -> tuple[Token, int]:
    """The class starting after ``[`` at ``index`` (syntax already checked)."""
    negated = index < len(pattern) and pattern[index] == "^"
    if negated:
        index += 1
    ranges: list[tuple[str, str]] = []
    while not (pattern[index] == "]" and ranges):
        low, index = _member(pattern, index)
        high = low
        if pattern[index] == "-":
            high, index = _member(pattern, index + 1)
        ranges.append((low, high))
    return Token(CLASS, negated=negated, ranges=tuple(ranges)), index + 1


def _member(pattern: str, index: int) -> tuple[str, int]:
    char = pattern[index]
    if char in "*?" or pattern.startswith("[:", index):
        raise PatternError(
            f"{char} inside a character class means something else to BuildKit than to filepath.Match",
            malformed=False,
        )
    if char == "\\":
        index += 1
        char = pattern[index]
        if char.isascii() and char.isalnum():
            raise PatternError(f"\\{char} is a regular-expression class to BuildKit, not {char}", malformed=False)
    return char, index + 1


# --- the whole file ---------------------------------------------------------------------


@dataclass
class IgnoreRules:
    """An ignore file's patterns, or why its exclusions are not known."""

    patterns: tuple[Pattern, ...] = ()
    problems: tuple[IgnoreProblem, ...] = ()
    unknown: str | None = None  # why exclusions are not known (None: they are)
    _cache: dict[str, tuple[bool, tuple[bool, ...]]] = field(default_factory=dict, repr=False)

    @property
    def has_exceptions(self) -> bool:
        return any(pattern.exception for pattern in self.patterns)

    def excluded(self, path: str, meter: Meter | None = None) -> bool | None:
        """Whether BuildKit leaves ``path`` (clean, relative, ``/``-separated) out of the
        context; None when the file's exclusions are not known."""
        if self.unknown is not None:
            return None
        if path in ("", ".") or not self.patterns:
            return False
        return self._walk(path, meter)[0]

    def _walk(self, path: str, meter: Meter | None) -> tuple[bool, tuple[bool, ...]]:
        """(excluded, which patterns matched) for ``path``, each directory on the way handing
        its answer to the next, as BuildKit's context walk does. Each pattern reads the
        path once, for all its leading directories at a time: linear in the path."""
        found = self._cache.get(path)
        if found is not None:
            return found
        ends = [index for index, char in enumerate(path) if char == "/"] + [len(path)]
        depth = len(ends)
        while depth > 1 and path[: ends[depth - 2]] not in self._cache:
            depth -= 1
        answer = self._cache[path[: ends[depth - 2]]] if depth > 1 else None
        along: dict[int, list[bool]] = {}  # pattern number → matches of each leading directory

        def matches(number: int, level: int) -> bool:
            if number not in along:
                along[number] = self.patterns[number].prefix_matches(path, meter)
            return along[number][level]

        for level in range(depth - 1, len(ends)):
            answer = self._step(level, answer[1] if answer else None, matches)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[path[: ends[level]]] = answer
        assert answer is not None
        return answer

    def _step(self, level: int, parent_matched: tuple[bool, ...] | None, matches) -> tuple[bool, tuple[bool, ...]]:
        excluded = False
        matched: list[bool] = []
        for number, pattern in enumerate(self.patterns):
            if parent_matched is not None and parent_matched[number]:
                match = True
            elif pattern.exception != excluded:
                matched.append(False)  # cannot change the answer: BuildKit does not evaluate it
                continue
            else:
                match = matches(number, level)
            matched.append(match)
            if match:
                excluded = not pattern.exception
        return excluded, tuple(matched)

    def may_include_below(self, directory: str) -> bool:
        """Whether an exception could bring back something below the excluded ``directory``
        (BuildKit walks into it then); False means nothing below it is in the context."""
        prefix = directory + "/"
        for pattern in self.patterns:
            if not pattern.exception:
                continue
            if pattern.how != EXACT or (pattern.text + "/").startswith(prefix):
                return True
        return False


def parse_ignore_file(text: str) -> IgnoreRules:
    """The rules of an ignore file's text; never raises. Problems carry offsets into ``text``."""
    patterns: list[Pattern] = []
    problems: list[IgnoreProblem] = []
    offset = 0
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        start, end = offset, offset + len(raw)
        offset = end + 1
        line = raw[1:] if number == 0 and raw.startswith(BOM) else raw
        if len(line.encode("utf-8", "surrogatepass")) >= MAX_LINE_BYTES:
            problems.append(
                IgnoreProblem(start, end, "a line of 64 KiB or more: BuildKit refuses the whole file", True)
            )
            continue
        cleaned = clean_line(line)
        if cleaned is None:
            continue
        try:
            pattern = compile_pattern(cleaned, number)
        except PatternError as error:
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw.rstrip())
            problems.append(IgnoreProblem(start + lead, start + max(trail, lead), str(error), error.malformed))
            continue
        if pattern is not None:
            patterns.append(pattern)
    rules = IgnoreRules(tuple(patterns), tuple(problems))
    if problems:
        first = problems[0]
        line = text.count("\n", 0, first.start) + 1
        verdict = "BuildKit refuses it" if first.malformed else "dockerls cannot tell what it excludes"
        rules.unknown = f"line {line}: {first.message} ({verdict})"
    return rules
