"""BuildKit's own parser (the `dockerfile` package) as the tests' oracle."""

from __future__ import annotations

import dockerfile


def buildkit_parse(text: str):
    """BuildKit's commands for ``text``; None when BuildKit rejects it.

    A file on disk is bytes, so text that cannot be UTF-8 encoded (lone
    surrogates) never reaches BuildKit; the Go extension would crash on it.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    try:
        return dockerfile.parse_string(text.lstrip("\ufeff"))
    except dockerfile.GoParseError:
        return None
