"""Where a cargo build RUN writes, and which of its outputs are in the right place for a build artifact.

``target_dir`` follows cargo's precedence: ``--target-dir``, then
``CARGO_TARGET_DIR``/``CARGO_BUILD_TARGET_DIR`` (the command's own, then
ENV), then ``build.target-dir`` of ``.cargo/config.toml`` (which makes it
unknown here), then ``target/`` beside the manifest. Artifacts live directly
in ``<target>/<profile>/`` or ``<target>/<triple>/<profile>/``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.rules.cargo.invocations import CargoCall
from dockerls.rules.cargo.manifest import Project
from dockerls.syntax import Instruction
from dockerls.syntax.state import state_of

_PROFILE_DIRS = {"dev": "debug", "test": "debug", "release": "release", "bench": "release"}
# cargo-zigbuild accepts `<triple>.<glibc version>` and writes to `target/<triple>/`.
_GLIBC_SUFFIX = re.compile(r"\.\d+(?:\.\d+)*$")
GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class TargetDir:
    path: str | None
    reason: str  # why it is unknown, or how it was found


def target_dir(instruction: Instruction, call: CargoCall, project: Project | None) -> TargetDir:
    state = state_of(instruction)
    explicit = call.values("--target-dir")
    if explicit:
        return _absolute(instruction, call, explicit[-1], "--target-dir")
    for name in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"):
        if name in call.assignments:
            return _absolute(instruction, call, call.assignments[name], name)
        if state is not None and state.lookup(name) is not None:
            return _absolute(instruction, call, state.lookup(name) or "", f"ENV {name}")
    if project is not None and project.config_target_dir is not None:
        return TargetDir(None, "build.target-dir in .cargo/config.toml moves it")
    if call.cwd is None:
        return TargetDir(None, "the directory cargo runs in is unknown")
    manifest = call.values("--manifest-path")
    if manifest:
        value = state.expand_known(manifest[-1]) if state else None
        if value is None:
            return TargetDir(None, "--manifest-path depends on an unknown variable")
        root = posixpath.dirname(posixpath.normpath(posixpath.join(call.cwd, value)))
        return TargetDir(posixpath.join(root, "target"), "beside --manifest-path")
    return TargetDir(posixpath.join(call.cwd, "target"), "beside Cargo.toml")


def _absolute(instruction: Instruction, call: CargoCall, value: str, source: str) -> TargetDir:
    expanded = state_of(instruction).expand_known(value)
    if expanded is None or "$" in expanded or not expanded:
        return TargetDir(None, f"{source} depends on an unknown variable")
    if not expanded.startswith("/"):
        if call.cwd is None:
            return TargetDir(None, f"{source} is relative to an unknown directory")
        expanded = posixpath.join(call.cwd, expanded)
    return TargetDir(posixpath.normpath(expanded), source)


@dataclass(frozen=True, slots=True)
class OutputLayout:
    """The directories under target/ where a RUN's builds put their artifacts."""

    profiles: frozenset[str]  # empty: some profile is unknown
    triples: frozenset[str] | None  # None: any triple (chosen by the image, config or at build time)
    host: bool  # artifacts may also be right under <profile>/

    def artifact(self, relative: str) -> tuple[str, str] | None:
        """``(directory, name)`` when ``relative`` (to target/) is an artifact path."""
        parts = relative.split("/")
        if not self.profiles or any(not part or part in (".", "..") for part in parts):
            return None
        if any(char in GLOB_CHARACTERS or char == "$" for part in parts for char in part):
            return None
        name = parts[-1]
        directory = parts[:-1]
        if len(directory) == 1 and self.host and directory[0] in self.profiles:
            return directory[0], name
        if len(directory) == 2 and directory[1] in self.profiles:
            if self.triples is None or directory[0] in self.triples:
                return "/".join(directory), name
        return None


def output_layout(instruction: Instruction, builds: list[CargoCall], project: Project | None) -> OutputLayout:
    profiles: set[str] = set()
    triples: set[str] | None = set()
    host = False
    unknown_profile = False
    state = state_of(instruction)
    for call in builds:
        profile = _profile_dir(call, state)
        if profile is None:
            unknown_profile = True
        else:
            profiles.add(profile)
        explicit = [state.expand_known(value) if state else None for value in call.values("--target")]
        environment = call.setting("CARGO_BUILD_TARGET", state.env if state else {})
        if environment:
            explicit.append(state.expand_known(environment) if state else None)
        if not explicit and project is not None:
            explicit.extend(project.config_targets)
        if call.program == "xx-cargo" or any(value is None or "$" in value for value in explicit):
            triples = None  # chosen at build time
            host = True
        elif explicit:
            if triples is not None:
                triples.update(_triple_dir(value) for value in explicit if value)
        else:
            # No --target: the host layout, unless the image sets CARGO_BUILD_TARGET unseen.
            host = True
            triples = None
    return OutputLayout(frozenset() if unknown_profile else frozenset(profiles), triples, host)


def _profile_dir(call: CargoCall, state) -> str | None:
    named = call.values("--profile")
    if named:
        value = state.expand_known(named[-1]) if state else None
        if value is None or "$" in value or "/" in value:
            return None
        return _PROFILE_DIRS.get(value, value)
    if call.has("--release", "-r"):
        return "release"
    return "debug"


def _triple_dir(value: str) -> str:
    """The directory name cargo uses for a ``--target`` value (a triple or a target spec file)."""
    name = posixpath.basename(value)
    if name.endswith(".json"):
        return name[: -len(".json")]
    return _GLIBC_SUFFIX.sub("", name)
