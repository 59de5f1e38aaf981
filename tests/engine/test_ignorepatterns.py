""".dockerignore patterns as BuildKit has them (issue 18): syntax, exceptions, malformed lines, linear time.

The table is derived from BuildKit's documentation of .dockerignore (Go's
filepath.Match per path element, ``**``, ``!`` exceptions with the last match
winning, cleaning of ``/`` and ``./``) and from what its matcher answers
(``test_ignore_oracle.py`` replays every row against it).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.buildcontext import DirectoryContext, MemoryContext
from dockerls.core.ignorepatterns import Meter, compile_pattern, parse_ignore_file
from tests.engine.ignore_properties import check_ignore_file

# (ignore file, path, excluded)
DOCUMENTED = [
    # the documentation's own example
    ("*/temp*", "somedir/temporary.txt", True),
    ("*/temp*", "somedir/temp", True),
    ("*/temp*", "temp", False),
    ("*/temp*", "a/b/temp", False),
    ("*/*/temp*", "somedir/subdir/temporary.txt", True),
    ("*/*/temp*", "somedir/temporary.txt", False),
    ("temp?", "tempa", True),
    ("temp?", "tempab", False),
    ("temp?", "temp/", False),
    # the root is both the working and the root directory
    ("/foo/bar", "foo/bar", True),
    ("foo/bar", "foo/bar", True),
    ("foo/bar", "x/foo/bar", False),
    ("./foo", "foo", True),
    ("foo/", "foo/x", True),
    ("foo/../bar", "bar", True),
    # ** matches any number of directories, including none
    ("**/*.go", "main.go", True),
    ("**/*.go", "a/b/c.go", True),
    ("**/*.go", "a/b/c.gox", False),
    ("a/**/b", "a/b", True),
    ("a/**/b", "a/x/y/b", True),
    ("a/**", "a/x/y", True),
    ("a/**", "a", False),
    ("**", "anything/at/all", True),
    # BuildKit's short cuts: a leading ** before literal text compares a suffix
    ("**foo", "a/xfoo", True),
    ("**/foo", "foo", True),
    ("**/foo", "xfoo", False),
    ("a**b", "axb", False),
    ("a**b", "ax/b", True),
    # * and ? stop at /
    ("*", "a/b", True),  # through its parent a
    ("a*", "ab/c", True),
    ("a*c", "ab/c", False),
    ("?", "/", False),
    # character classes: ^ negates, ! is a member, \ escapes
    ("[a-c].txt", "b.txt", True),
    ("[^a-c].txt", "b.txt", False),
    ("[^a-c].txt", "d.txt", True),
    ("[!]", "!", True),
    ("[!]", "a", False),
    ("[\\]]", "]", True),
    ("\\*", "*", True),
    ("\\*", "x", False),
    # exceptions: the last matching line wins
    ("*.md\n!README.md", "README.md", False),
    ("*.md\n!README.md", "CHANGES.md", True),
    ("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", True),
    ("*.md\n!README*.md\nREADME-secret.md", "README-public.md", False),
    ("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", False),
    # a directory excludes what is in it; an exception brings back what it names
    ("src", "src/main.rs", True),
    ("src\n!src/main.rs", "src/main.rs", False),
    ("src\n!src/main.rs", "src/lib.rs", True),
    ("*\n!src", "src/deep/file.rs", False),
    ("*\n!src", "target/debug/app", True),
    # what the walk hands down: `!d` does not bring back d/f once d/* excluded it
    ("d/*\n!d", "d/f", True),
    ("d/*\n!d", "d", False),
    # lines: comments in column 1 only, white space trimmed, \n ends a line
    ("# comment\n\n", "a", False),
    ("#a", "#a", False),
    (" #a", "#a", True),
    ("  foo  ", "foo", True),
    ("foo\r\nbar", "foo", True),
    ("foo\rbar", "foo", False),  # a lone CR is no line break
    ("foo\rbar", "foo\rbar", True),
    ("\ufefffoo", "foo", True),  # the BOM before the first line
    ("\x1cfoo", "foo", False),  # not white space to Go
    ("! foo\nfoo\n!foo", "foo", False),
    ("/", "a", False),
    (".", "a", False),
    # literal text that looks like a regular expression
    ("a.b", "axb", False),
    ("a.b", "a.b", True),
    ("(x)", "(x)", True),
    ("^foo", "^foo", True),  # literal pattern: compared as is
    ("^foo*", "foobar", True),  # BuildKit's expression anchors it
    ("^foo*", "^foobar", False),
]


@pytest.mark.parametrize("text, path, excluded", DOCUMENTED)
def test_documented_cases(text, path, excluded):
    rules = parse_ignore_file(text)
    assert not rules.problems
    assert rules.excluded(path) is excluded


def test_a_memory_context_answers_the_same():
    context = MemoryContext({"src/main.rs": "", "src/lib.rs": "", "target/x": ""}, dockerignore="*\n!src/main.rs")
    assert context.excluded("src/main.rs") is False
    assert context.excluded("src/lib.rs") is True
    assert context.available("src") is True  # excluded, but main.rs is brought back
    assert context.available("target") is False


MALFORMED = ["[]", "[^]", "[\\]", "[]a]", "[z-a]", "!", "! ", "a\\", "[a", "[a-", "x[-a]", "!/"]


@pytest.mark.parametrize("line", MALFORMED)
def test_malformed_patterns_are_problems_not_exceptions(line, tmp_path):
    (tmp_path / ".dockerignore").write_text(f"target\n{line}\n")
    context = DirectoryContext(str(tmp_path))
    assert context.excluded("anything") is None
    assert context.unknown_reason is not None and "BuildKit refuses it" in context.unknown_reason
    problems = [problem for problem in context.problems if problem.problem is not None]
    assert len(problems) == 1 and problems[0].problem.malformed
    assert problems[0].text[problems[0].problem.start : problems[0].problem.end] == line.strip()


@pytest.mark.parametrize("line", ["[!]", "[\\]]", "[]]"[0:0] + "[a-z]"])
def test_valid_classes_are_not_problems(line):
    assert not parse_ignore_file(line).problems


@pytest.mark.parametrize("line", ["[a*]", "[?]", "[[:alpha:]]", "\\d", "[\\w]"])
def test_patterns_buildkit_reads_otherwise_leave_exclusions_unknown(line):
    rules = parse_ignore_file(line)
    assert rules.problems and not rules.problems[0].malformed
    assert rules.excluded("a") is None


def test_a_line_buildkit_cannot_read_leaves_exclusions_unknown():
    rules = parse_ignore_file("target\n" + "x" * 70_000)
    assert rules.problems and rules.excluded("target") is None


def _steps(pattern: str, path: str) -> int:
    meter = Meter()
    compiled = compile_pattern(pattern)
    assert compiled is not None
    compiled.prefix_matches(path, meter)
    return meter.steps


@pytest.mark.parametrize(
    "pattern, path_of",
    [
        ("*" * 30 + "x", lambda n: "a" * n),  # took 12 s at n=30 as a backtracking expression
        ("**/" * 8 + "nomatch", lambda n: "/".join(["d"] * n)),  # took 25 s
        ("a*a*a*a*a*a*a*a*a*a*b", lambda n: "a" * n),
    ],
)
def test_matching_is_linear_in_the_path(pattern, path_of):
    """Steps (states looked at per character) grow linearly with the path, and never
    exceed (2 * tokens + 2) per character: no backtracking."""
    tokens = len(compile_pattern(pattern).tokens)
    small, large = _steps(pattern, path_of(100)), _steps(pattern, path_of(1000))
    assert large <= (2 * tokens + 2) * (len(path_of(1000)) + 1)
    assert large <= 11 * small


def test_matching_is_linear_in_the_pattern():
    path = "a" * 200
    small = _steps("*" * 50 + "x", path)
    large = _steps("*" * 500 + "x", path)
    assert large <= 11 * small


def test_ignore_rules_read_a_deep_path_once_per_pattern():
    """BuildKit matches every leading directory of a path; each pattern here reads the
    path once for all of them, so a deep path costs linear time too."""
    patterns = ["**/" * 8 + "nomatch", "*" * 40 + "x"]
    rules = parse_ignore_file("\n".join(patterns))
    bound = sum(2 * len(compile_pattern(p).tokens) + 2 for p in patterns)
    for depth in (100, 1000):
        meter = Meter()
        path = "/".join(["d"] * depth)
        assert rules.excluded(path, meter) is False
        assert meter.steps <= bound * (len(path) + 1)


_GLOBBY = st.text(alphabet="ab/*?[]^!-\\.# \t\r\n\ufeff\x00\udcff", max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_GLOBBY, st.text(max_size=200)), paths=st.lists(st.text(max_size=30), max_size=5))
def test_any_ignore_file_and_path_fuzzed(text, paths):
    """The fuzz target's property, run in the suite: bounded by the number of examples."""
    check_ignore_file(text, paths)
