"""Parsing ``-r``/``-c`` references inside requirements files."""

from dockerls.rules.managers.requirements import referenced_files


def test_every_spelling_comments_and_continuations() -> None:
    text = (
        "-r base.txt\n--requirement=dev.txt\n-rfoo.txt\n-c  c.txt # pins\n"
        "flask # -r not-a-file.txt\n# -r commented.txt\n--constraint \\\n  continued.txt\n"
        "-r https://example.invalid/remote.txt\nrequests>=2\n--requirement other.txt\n"
    )
    assert referenced_files(text) == ["base.txt", "dev.txt", "foo.txt", "c.txt", "continued.txt", "other.txt"]


def test_nothing_referenced() -> None:
    assert referenced_files("") == []
    assert referenced_files("flask\n-e ./lib\n--index-url https://example.invalid/simple\n") == []
