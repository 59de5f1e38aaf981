"""Document URIs as paths (``dockerls.lsp.uris``) without pygls: the same answers as pygls' own."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pygls.uris import from_fs_path, to_fs_path

from dockerls.lsp.uris import file_path, file_uri

URIS = [
    "file:///a/b/Dockerfile",
    "file:///a%20b/%E6%97%A5%E6%9C%AC/Dockerfile",
    "file://server/share/Dockerfile",
    "file:///C%3A/work/Dockerfile",
    "file:///c:/work/Dockerfile",
    "file:///a;b?c#d",
    "file:",
    "untitled:Untitled-1",
    "vscode-notebook-cell:/x",
]
PATHS = ["/a/b", "/a b/日本", "/x%y", "//server/share/x", "relative/x", "/C:/x y", "/tmp/a;b?c#d", "/"]


@pytest.mark.parametrize("uri", URIS)
def test_paths_of_uris(uri):
    assert file_path(uri) == to_fs_path(uri)


@pytest.mark.parametrize("path", PATHS)
def test_uris_of_paths(path):
    assert file_uri(path) == from_fs_path(path)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("ab/ %;?#:日🐳\\.")), max_size=20))
def test_any_path_round_trips_as_pygls_does(tail):
    assume(not tail.startswith("/"))  # "//host" without a share: pygls raises (str.index), ours does not
    path = "/" + tail
    assert file_uri(path) == from_fs_path(path)
    assert file_path(file_uri(path)) == to_fs_path(from_fs_path(path))
