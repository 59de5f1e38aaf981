"""Document URIs as local paths (the server reads config files and build contexts beside them).

The same paths pygls' ``uris.to_fs_path`` gives (``tests/lsp/test_uris.py``
compares them), without importing pygls: the front needs them before pygls
is loaded.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, unquote, urlparse, urlunparse

_DRIVE_LETTER = re.compile(r"/[a-zA-Z]:")


def file_path(uri: str) -> str | None:
    """The local path of a ``file:`` URI, else None: a UNC path for a URI with a host,
    the drive letter in lower case for a Windows one, the platform's separators."""
    if not uri.startswith("file:"):
        return None
    try:
        parts = urlparse(uri)
    except ValueError:
        return None
    if parts.scheme != "file":
        return None
    host, path = unquote(parts.netloc), unquote(parts.path)
    if host and path:
        path = f"//{host}{path}"
    elif _DRIVE_LETTER.match(path):
        path = path[1].lower() + path[2:]
    if os.name == "nt":
        path = path.replace("/", "\\")
    return path


def file_uri(path: str) -> str:
    """The ``file:`` URI of a local path (``rootPath``, from clients older than ``rootUri``)."""
    if os.name == "nt":
        path = path.replace("\\", "/")
    host = ""
    if path.startswith("//"):  # a UNC share: //host/share/...
        end = path.find("/", 2)
        host, path = (path[2:], "/") if end < 0 else (path[2:end], path[end:])
    if not path.startswith("/"):
        path = "/" + path
    if _DRIVE_LETTER.match(path):  # the drive letter in lower case, its colon not quoted
        path = "/" + path[1].lower() + ":" + quote(path[3:])
    else:
        path = quote(path)
    return urlunparse(("file", quote(host), path, "", "", ""))
