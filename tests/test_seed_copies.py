"""The repo's copies of the seed examples match the shared originals, where those are present."""

import pytest

from tests.paths import SEED_EXAMPLES, SHARED_EXAMPLES

NAMES = sorted(path.name for path in SEED_EXAMPLES.glob("*.Dockerfile"))


def test_all_six_examples_are_kept():
    assert len(NAMES) == 6


@pytest.mark.parametrize("name", NAMES)
def test_copy_matches_the_shared_original(name):
    original = SHARED_EXAMPLES / name
    if not original.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert (SEED_EXAMPLES / name).read_bytes() == original.read_bytes()
