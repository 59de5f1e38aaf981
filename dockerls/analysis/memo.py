"""Per-document memory for the analyses: many rules ask the same questions of one document."""

from __future__ import annotations

from typing import Any, Callable, Hashable

from dockerls.syntax import Dockerfile


def remembered(document: Dockerfile, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per document and key (kept on the document, gone with it)."""
    return document.memo(("analysis", key), compute)
