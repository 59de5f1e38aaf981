"""Shell-like words of instruction arguments (ENV, ARG, FROM, USER, LABEL), quotes removed."""

from __future__ import annotations

from functools import lru_cache


def split_words(text: str) -> list[str]:
    """Shell-like words with quotes removed (for ENV, ARG, FROM, USER)."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and index + 1 < len(text) and text[index + 1] in '"\\$':
                index += 1
                current.append(text[index])
            else:
                current.append(char)
        elif char in "\"'":
            quote = char
            in_word = True
        elif char == "\\" and index + 1 < len(text):
            index += 1
            current.append(text[index])
            in_word = True
        elif char in " \t\r\n":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(char)
            in_word = True
        index += 1
    if in_word:
        words.append("".join(current))
    return words


@lru_cache(maxsize=4096)
def parse_assignments(args: str, *, legacy_allowed: bool) -> tuple[tuple[str, str | None], ...]:
    """``KEY=value`` pairs of ENV/ARG/LABEL; ``ENV KEY value`` legacy form too."""
    return tuple(_assignments(args, legacy_allowed))


def _assignments(args: str, legacy_allowed: bool) -> list[tuple[str, str | None]]:
    words = split_words(args)
    if not words:
        return []
    if legacy_allowed and "=" not in words[0]:
        first, _, rest = args.strip().partition(" ")
        if not rest.strip():
            return [(first, None)]
        return [(first, " ".join(split_words(rest)))]
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        key, equals, value = word.partition("=")
        pairs.append((key, value if equals else None))
    return pairs
