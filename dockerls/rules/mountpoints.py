"""Mount points a non-root user's cache mount needs, made by that user first.

BuildKit creates a cache mount's target, and every missing directory above
it, before the RUN starts: as root, mode 0755, and (in the BuildKit of Docker
20.10) leaves them in the image. Under a non-root user's home that turns
``~/.cache`` or ``~/.cargo`` into a root-owned directory the user can no
longer write when the container runs (tests/build, pairs ``pip-non-root-user``
and ``cargo-non-root-user``, shows it). Made by the user beforehand, the
directories are theirs, as the tool would have made them without a mount.

API:
    prepare_mount_points(document, instruction, user, targets) -> MountPoints
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from dockerls.core.findings import Edit
from dockerls.analysis.users import RunUser
from dockerls.syntax import Dockerfile, Instruction


@dataclass(frozen=True, slots=True)
class MountPoints:
    """``edit`` inserts ``RUN mkdir -p …`` before the RUN (None when nothing is needed);
    ``risk`` says what the mounts change when the directories cannot be made safely."""

    edit: Edit | None
    risk: str | None


NOTHING_NEEDED = MountPoints(None, None)


def _inside(path: str, directory: str) -> bool:
    return path != directory and path.startswith(directory.rstrip("/") + "/")


def prepare_mount_points(
    document: Dockerfile, instruction: Instruction, user: RunUser, targets: list[str]
) -> MountPoints:
    """What cache mounts at ``targets`` (absolute) need so that no directory of ``user``'s
    home changes owner. Root's mounts and mounts outside the home need nothing: a directory
    made there by root is what root (or nobody) would have made. A user whose home the
    Dockerfile does not show may own any directory: the fix is then unsafe."""
    if user.is_root:
        return NOTHING_NEEDED
    if not user.home:
        # A variable put the cache somewhere absolute, but whose directories lie above it is
        # unknown: the user may own them (found by a real build: /home/bun/.cache became root's).
        who = user.name if user.name and not user.name.isdigit() else f"uid {user.uid or user.name}"
        return MountPoints(
            None,
            f"BuildKit creates the missing directories of {', '.join(targets)} owned by root, "
            f"and the Dockerfile does not show the home of {who}, who may own them",
        )
    in_home = [target for target in targets if _inside(posixpath.normpath(target), posixpath.normpath(user.home))]
    if not in_home:
        return NOTHING_NEEDED
    who = user.name or f"uid {user.uid}"
    if not user.home_created:
        return MountPoints(
            None,
            f"BuildKit creates the missing directories of {', '.join(in_home)} owned by root, "
            f"and the Dockerfile does not show {user.home} made for {who}",
        )
    # On its own line before the RUN, indented as the RUN is: the RUN keeps its text.
    line_start = document.text.rfind("\n", 0, instruction.span.start) + 1
    indent = document.text[line_start : instruction.span.start]
    line = f"{indent}RUN mkdir -p {' '.join(in_home)}{document.eol}"
    return MountPoints(Edit.insert(line_start, line), None)
