"""dockerls' .dockerignore matcher against BuildKit's own (moby/patternmatcher, the Go
package BuildKit matches with), built from Debian's golang-github-moby-patternmatcher-dev.

``scripts/install-test-oracles.sh`` installs Go and that package; the program is
``tests/oracles/patternmatcher.go``, built once into the test cache. Without them the
tests skip locally and fail in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.core.ignorepatterns import clean_line, parse_ignore_file
from tests.engine.test_ignorepatterns import DOCUMENTED, MALFORMED

SOURCE = Path(__file__).parent.parent / "oracles" / "patternmatcher.go"
GOPATH = "/usr/share/gocode"
PACKAGE = Path(GOPATH) / "src/github.com/moby/patternmatcher"


def _cache() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "dockerls-tests" / "patternmatcher-oracle"


class Oracle:
    def __init__(self, program: Path) -> None:
        self.process = subprocess.Popen(
            [str(program)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def ask(self, patterns: list[str], paths: list[str]) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"patterns": patterns, "paths": paths}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def oracle():
    go = shutil.which("go")
    if go is None or not PACKAGE.is_dir():
        message = "BuildKit's matcher is not installed: run scripts/install-test-oracles.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cache = _cache()
    cache.mkdir(parents=True, exist_ok=True)
    program = cache / "oracle"
    stamp = cache / "source"
    if not program.exists() or not stamp.exists() or stamp.read_text() != SOURCE.read_text():
        build = cache / "build"
        build.mkdir(exist_ok=True)
        shutil.copy(SOURCE, build / "main.go")
        environment = dict(os.environ, GO111MODULE="off", GOPATH=GOPATH, GOCACHE=str(cache / "gocache"))
        subprocess.run([go, "build", "-o", str(program), "main.go"], cwd=build, env=environment, check=True)
        stamp.write_text(SOURCE.read_text())
    running = Oracle(program)
    yield running
    running.close()


def _patterns(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return [cleaned for cleaned in map(clean_line, lines) if cleaned is not None]


@pytest.mark.parametrize("text, path, excluded", DOCUMENTED)
def test_the_documented_table_is_what_buildkit_answers(oracle, text, path, excluded):
    answer = oracle.ask(_patterns(text), [path])
    assert answer == {"excluded": [excluded]}


@pytest.mark.parametrize("line", MALFORMED)
def test_malformed_patterns_are_refused_by_buildkit(oracle, line):
    answer = oracle.ask(_patterns(line), ["x", "a/b"])
    assert "error" in answer or None in answer["excluded"]


_PATTERN = st.text(alphabet="ab/*?[]^!-\\.", min_size=1, max_size=8)
_NAME = st.text(alphabet="ab.!^-*[", min_size=1, max_size=3).filter(lambda name: name not in (".", ".."))
_PATH = st.lists(_NAME, min_size=1, max_size=4).map("/".join)


@settings(max_examples=int(os.environ.get("ORACLE_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_PATTERN, min_size=1, max_size=4), paths=st.lists(_PATH, min_size=1, max_size=5))
def test_random_patterns_match_as_buildkit_matches(oracle, lines, paths):
    """Where dockerls understands the file, it answers what BuildKit answers; where BuildKit
    refuses it, dockerls reports a problem and knows nothing."""
    text = "\n".join(lines)
    rules = parse_ignore_file(text)
    answer = oracle.ask(_patterns(text), paths)
    refused = "error" in answer or None in answer["excluded"]
    if refused:
        assert rules.problems, (text, answer)  # dockerls never claims to know a file BuildKit refuses
    if rules.problems:
        # Malformed by filepath.Match's syntax (which some Go versions check only in part:
        # BuildKit then refuses the file or reads the line its own way), or read otherwise
        # by BuildKit's expression: dockerls does not guess.
        assert all(rules.excluded(path) is None for path in paths)
        return
    assert [rules.excluded(path) for path in paths] == answer["excluded"], (text, paths)
