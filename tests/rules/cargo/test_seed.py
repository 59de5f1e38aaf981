"""The seed article's cargo example: the old-style Dockerfile fixes to the article's mounts."""

from __future__ import annotations


from dockerls.core.buildcontext import MemoryContext
from tests.linting import lint

from .helpers import buildkit_mounts, fixed, parses_cleanly
from tests.paths import SEED_EXAMPLES

EXAMPLES = SEED_EXAMPLES
BEFORE = (EXAMPLES / "cargo.before.Dockerfile").read_text()
AFTER = (EXAMPLES / "cargo.after.Dockerfile").read_text()
CONTEXT = MemoryContext(
    {
        "Cargo.toml": '[package]\nname = "hello_rust"\nversion = "0.1.0"\n',
        "Cargo.lock": "version = 3\n",
        "src/main.rs": "fn main() {}\n",
    },
    dockerignore="target\n",
)


def test_before_fixes_to_the_mounts_of_the_after_file():
    result = fixed(BEFORE, CONTEXT)
    assert parses_cleanly(result)
    assert buildkit_mounts(result) == buildkit_mounts(AFTER)
    assert buildkit_mounts(AFTER) == [
        {
            ("bind", "/app/src", "src"),
            ("bind", "/app/Cargo.toml", "Cargo.toml"),
            ("bind", "/app/Cargo.lock", "Cargo.lock"),
            ("cache", "/app/target", ""),
            ("cache", "/usr/local/cargo/git/db", ""),
            ("cache", "/usr/local/cargo/registry", ""),
        }
    ]


def test_before_copies_the_binary_out_and_the_final_stage_reads_the_copy():
    result = fixed(BEFORE, CONTEXT)
    assert "cargo build --locked --release && \\\n    cp /app/target/release/hello_rust /usr/local/bin/hello_rust" in result
    assert "COPY --from=build /usr/local/bin/hello_rust /bin/hello_rust" in result
    assert "target/release" not in result.split("FROM debian", 1)[1]


def test_after_file_reports_nothing():
    assert lint(AFTER, build_context=CONTEXT) == []
    assert lint(AFTER) == []


def test_fixed_file_reports_nothing_and_fixing_again_changes_nothing():
    result = fixed(BEFORE, CONTEXT)
    assert lint(result, build_context=CONTEXT) == []
    assert fixed(result, CONTEXT) == result
