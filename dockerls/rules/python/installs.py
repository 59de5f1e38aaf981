"""The Python installers' invocations of a RUN: pip, uv and poetry.

Read with their profiles (``dockerls.profiles.python``) by the shared recogniser
(``dockerls.analysis.invocations``):
- pip: ``pip``, ``pip3``, ``pip3.12``, any path to them, ``python -m pip``,
  ``python3.12 -m pip`` (``-m`` after other interpreter switches too), with the
  subcommands ``install``, ``wheel`` and ``download``;
- uv: ``uv pip install``, ``uv pip sync`` and ``uv sync``;
- poetry: ``poetry install`` and ``poetry sync``;
behind ``sudo``, ``env``, ``xargs`` and the other wrappers, inside ``sh -c``.
"""

from __future__ import annotations

from dockerls.analysis.invocations import Invocation, invocations
from dockerls.profiles import PIP as PIP_PROFILE
from dockerls.profiles import POETRY as POETRY_PROFILE
from dockerls.profiles import UV as UV_PROFILE
from dockerls.syntax import Instruction

PIP = PIP_PROFILE.name
UV = UV_PROFILE.name
POETRY = POETRY_PROFILE.name
PROFILES = (PIP_PROFILE, UV_PROFILE, POETRY_PROFILE)


def find_installs(instruction: Instruction) -> list[Invocation]:
    """The pip, uv and poetry install commands of a RUN, in order."""
    found = [call for profile in PROFILES for call in invocations(instruction, profile)]
    return sorted(found, key=lambda call: call.site.command.span.start) if len(found) > 1 else found
