"""``include``/``exclude`` patterns: a pattern without ``/`` matches a file or directory
name anywhere below the config's directory; one with ``/`` matches the path relative to it.
``*`` and ``?`` stay within one path segment, ``**`` spans segments, ``[…]`` is a class."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable


def matches_any(patterns: Iterable[str], relative_path: str) -> bool:
    relative_path = relative_path.replace("\\", "/").strip("/")
    name = relative_path.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.replace("\\", "/").strip("/")
        if pattern.startswith("./"):
            pattern = pattern[2:]
        subject = relative_path if "/" in pattern else name
        if _compile(pattern).fullmatch(subject):
            return True
    return False


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        char = pattern[index]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in pattern[index + 2 :]:
            close = pattern.index("]", index + 2)
            body = pattern[index + 1 : close]
            negated = body[:1] in ("!", "^")
            body = body[1:] if negated else body
            out.append("[" + ("^" if negated else "") + body.replace("\\", "\\\\").replace("[", "\\[") + "]")
            index = close
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out))
