"""Which instructions may mention a directory by name, found without reading every
instruction again for every directory asked about.

``uses._mention_pattern(directory)`` (the textual safety net) only matches
text holding the directory's name as a whole word of path characters (no
word character, dot or dash on either side), or ``CARGO_TARGET_DIR``. So an
instruction whose text holds neither mentions nothing, and need not be read.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Generic, TypeVar

from dockerls.syntax import Instruction

Key = TypeVar("Key")

_WORD = re.compile(r"[\w.-]+")
VARIABLE = "CARGO_TARGET_DIR"
# Names looked for one at a time (one search of each instruction per name) before it
# pays to file every word of every instruction once: a few directories are the rule.
_SEARCHES_BEFORE_FILING = 4


@lru_cache(maxsize=256)
def name_pattern(name: str) -> re.Pattern[str] | None:
    """``name`` as a whole word of path characters; None when ``name`` holds other
    characters (then no word test can stand in for the safety net)."""
    if not _WORD.fullmatch(name):
        return None
    return re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])")


class Mentions(Generic[Key]):
    """For a list of instructions (each given a sortable key), which may mention a name."""

    def __init__(self, text: str, instructions: list[Instruction], key: Callable[[int, Instruction], Key]) -> None:
        self._text = text
        self._entries = [(key(place, instruction), instruction.span) for place, instruction in enumerate(instructions)]
        self._searched: dict[str, list[Key]] = {}
        self._filed: dict[str, list[Key]] | None = None
        self._variable: list[Key] | None = None

    def keys(self, name: str) -> tuple[list[Key], list[Key]]:
        """Sorted keys of the instructions holding ``name`` as a whole word, and of those
        holding ``CARGO_TARGET_DIR``. ``name`` must have a ``name_pattern``."""
        return self._holding(name), self._holding_variable()

    def _holding(self, name: str) -> list[Key]:
        if self._filed is not None:
            return self._filed.get(name, [])
        if name not in self._searched:
            if len(self._searched) >= _SEARCHES_BEFORE_FILING:
                self._filed = self._file_every_word()
                return self._filed.get(name, [])
            pattern, text = name_pattern(name), self._text
            self._searched[name] = [key for key, (start, end) in self._entries if pattern.search(text, start, end)]
        return self._searched[name]

    def _file_every_word(self) -> dict[str, list[Key]]:
        filed: dict[str, list[Key]] = {}
        for key, (start, end) in self._entries:
            for word in set(_WORD.findall(self._text, start, end)):
                filed.setdefault(word, []).append(key)
        return filed

    def _holding_variable(self) -> list[Key]:
        if self._variable is None:
            text = self._text
            self._variable = [key for key, (start, end) in self._entries if text.find(VARIABLE, start, end) != -1]
        return self._variable
