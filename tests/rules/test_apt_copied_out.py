"""APT001 is not safe when another stage copies the stage's apt state out (issue 18)."""

from __future__ import annotations

import pytest

from dockerls.core.findings import Applicability
from tests.linting import lint

BASE = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"


def _apt001(text: str):
    return next(f for f in lint(text) if f.code == "APT001")


@pytest.mark.parametrize(
    "later",
    [
        "FROM debian:12\nCOPY --from=base /var/lib/apt /var/lib/apt\n",
        "FROM debian:12\nCOPY --from=0 /var/lib/apt/lists/ /var/lib/apt/lists/\n",
        "FROM scratch\nCOPY --from=base / /\n",
        "FROM debian:12\nCOPY --from=base /var/cache/apt /cache\n",
        "FROM debian:12\nCOPY --from=base /var/lib/* /var/lib/\n",
        "FROM debian:12\nCOPY --from=base /etc/apt /etc/apt\n",  # docker-clean's removal shows there
        "FROM debian:12\nRUN --mount=from=base,source=/var/lib/apt,target=/mnt ls /mnt\n",
        "FROM base AS child\nRUN true\nFROM debian:12\nCOPY --from=child /var /var\n",
    ],
)
def test_a_stage_copying_apt_state_out_makes_the_fix_unsafe(later):
    finding = _apt001(BASE + later)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "copies" in finding.fix.title and "out of this stage" in finding.fix.title


@pytest.mark.parametrize(
    "later",
    [
        "FROM debian:12\nCOPY --from=base /usr/bin/curl /usr/bin/curl\n",
        "FROM debian:12\nCOPY --from=debian:12 / /\n",  # an image, not the stage
        "FROM debian:12 AS other\nRUN true\nFROM debian:12\nCOPY --from=other / /\n",
    ],
)
def test_copies_of_other_paths_or_stages_keep_the_fix_safe(later):
    finding = _apt001(BASE + later)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
