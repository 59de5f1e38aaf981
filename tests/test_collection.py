"""Every folder of tests is collected: pytest's default ``norecursedirs`` holds "build" and
silently left the build tier (tests/build) out of every run."""

from fnmatch import fnmatch
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_folder_with_tests_is_skipped_by_norecursedirs(pytestconfig):
    patterns = pytestconfig.getini("norecursedirs")
    folders = {path.parent for path in TESTS.rglob("test_*.py") if "node_modules" not in path.parts}
    assert TESTS / "build" in folders
    skipped = [
        folder
        for folder in folders
        if any(fnmatch(part, pattern) for part in folder.relative_to(TESTS).parts for pattern in patterns)
    ]
    assert not skipped
