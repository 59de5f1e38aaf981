"""Per-document memory for the Python rules: 15 rules ask the same questions of one document.

Entries are kept for the few most recent documents only (identity-keyed; a
new parse is a new document), so an editor's stream of versions cannot pile up.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Hashable

from dockerls.syntax import Dockerfile

_RECENT = 4
_lock = threading.Lock()
_memos: list[tuple[Dockerfile, dict[Hashable, Any]]] = []


def remembered(document: Dockerfile, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per document and key."""
    with _lock:
        memo = next((memo for cached, memo in _memos if cached is document), None)
        if memo is None:
            memo = {}
            _memos.insert(0, (document, memo))
            del _memos[_RECENT:]
        if key in memo:
            return memo[key]
    value = compute()
    with _lock:
        memo[key] = value
    return value
