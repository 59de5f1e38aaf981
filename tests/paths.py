"""Where the tests find their inputs."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The seed article's examples, kept in the repo so the suite needs nothing beside it;
# tests/test_seed_copies.py checks they still match ../shared/examples.
SEED_EXAMPLES = REPO / "tests" / "seed_examples"
SHARED_EXAMPLES = REPO.parent / "shared" / "examples"
