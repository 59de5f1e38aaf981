"""Where cargo keeps its downloads for a RUN, and who must own the cache mounts.

``CARGO_HOME`` comes from, in order: a ``CARGO_HOME=… cargo`` prefix, ``ENV
CARGO_HOME`` (or ARG) in effect, the official ``rust`` images (which set
``/usr/local/cargo``), and otherwise cargo's default ``$HOME/.cargo`` with
the home of the user the RUN runs as (:mod:`dockerls.analysis.users`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from dockerls.rules.cargo.invocations import CargoCall
from dockerls.analysis.stages import stage_tree
from dockerls.analysis.images import image_name
from dockerls.analysis.users import RunUser
from dockerls.syntax import Dockerfile, Instruction
from dockerls.syntax.state import state_of

OFFICIAL_CARGO_HOME = "/usr/local/cargo"
# Images that set CARGO_HOME=/usr/local/cargo and run as root: the official
# rust images (any registry or namespace) and cargo-chef's, built on them.
_RUST_IMAGE_NAMES = ("rust", "lukemathwalker/cargo-chef")
# Images whose default user is root and which set no CARGO_HOME: cargo's default applies.
_PLAIN_IMAGE_NAMES = frozenset(
    {"debian", "ubuntu", "alpine", "fedora", "centos", "rockylinux", "almalinux", "amazonlinux", "archlinux",
     "buildpack-deps", "gcc", "opensuse/leap", "opensuse/tumbleweed", "oraclelinux", "redhat/ubi8",
     "redhat/ubi9", "busybox", "clearlinux", "photon", "mageia", "gentoo/stage3"}
)




def is_rust_image(base: str) -> bool:
    name = image_name(base)
    return name in _RUST_IMAGE_NAMES or name.rsplit("/", 1)[-1] == "rust"


def base_image(document: Dockerfile, instruction: Instruction) -> str:
    """The image the instruction's stage chain starts from."""
    if instruction.stage < 0:
        return ""
    return document.stages[stage_tree(document).root[instruction.stage]].base


@dataclass(frozen=True, slots=True)
class CargoHome:
    path: str | None  # None: cannot be known from the Dockerfile
    source: str  # how it was found, for messages
    assumed: bool  # True when an unknown base image might set it elsewhere


def cargo_home(document: Dockerfile, instruction: Instruction, call: CargoCall, user: RunUser) -> CargoHome:
    state = state_of(instruction)
    if "CARGO_HOME" in call.assignments:
        value = state.expand_known(call.assignments["CARGO_HOME"]) if state else None
        return _resolved(value, call, "the command's CARGO_HOME")
    if state is not None and state.lookup("CARGO_HOME") is not None:
        # ENV values are stored expanded, as BuildKit expands them.
        return _resolved(state.lookup("CARGO_HOME"), call, "ENV CARGO_HOME")
    base = base_image(document, instruction)
    if is_rust_image(base):
        return CargoHome(OFFICIAL_CARGO_HOME, f"the {image_name(base)} image", False)
    if user.home is None:
        return CargoHome(None, f"the home of user {user.name or '?'} is unknown", False)
    home = posixpath.join(user.home, ".cargo")
    assumed = image_name(base) not in _PLAIN_IMAGE_NAMES and not _home_from_dockerfile(state)
    return CargoHome(home, "cargo's default $HOME/.cargo", assumed)


def _home_from_dockerfile(state) -> bool:
    return state is not None and state.lookup("HOME") is not None


def _resolved(value: str | None, call: CargoCall, source: str) -> CargoHome:
    if not value or "$" in value:
        return CargoHome(None, f"{source} depends on a variable the Dockerfile does not set", False)
    if not value.startswith("/"):
        if call.cwd is None:
            return CargoHome(None, f"{source} is relative to an unknown directory", False)
        value = posixpath.join(call.cwd, value)
    return CargoHome(posixpath.normpath(value), source, False)

