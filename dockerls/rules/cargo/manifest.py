"""What the build context says about a Cargo project: packages, artifacts, build scripts, config.

Read through the :class:`BuildContext` view only. Everything is optional: a
missing or unreadable file gives None or an incomplete answer, never an error.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from dockerls.analysis.context_copies import context_directory
from dockerls.analysis.memo import remembered
from dockerls.core.buildcontext import BuildContext
from dockerls.syntax import Dockerfile, Instruction

# Writes a build script may do outside OUT_DIR (a read-only bind mount would refuse them).
_BUILD_SCRIPT_WRITES = re.compile(r"\b(?:fs::write|File::create|create_dir(?:_all)?|fs::copy|\.out_dir\s*\()")


@dataclass
class Project:
    """A Cargo project found in the build context at ``root`` (context-relative)."""

    root: str
    artifact_names: set[str] = field(default_factory=set)
    complete: bool = True  # False when some package or binary could not be listed
    build_scripts: list[str] = field(default_factory=list)  # context paths of build.rs files
    build_script_may_write_sources: bool = False
    member_dirs: list[str] = field(default_factory=list)  # context paths of workspace members
    config_target_dir: str | None = None  # build.target-dir from .cargo/config.toml
    config_targets: tuple[str, ...] = ()  # build.target from .cargo/config.toml

    def produces(self, name: str) -> bool | None:
        """Whether a build of this project writes an artifact called ``name``; None if unknown."""
        if name in self.artifact_names:
            return True
        return False if self.complete else None


def load_project(context: BuildContext, root: str = ".") -> Project | None:
    """The project whose Cargo.toml is at ``root`` in the context, or None."""
    if not context.known:
        return None
    manifest = _toml(context, _join(root, "Cargo.toml"))
    if manifest is None:
        return None
    project = Project(root=root)
    if isinstance(manifest.get("package"), dict):
        _add_package(context, project, root, manifest)
    workspace = manifest.get("workspace")
    if isinstance(workspace, dict):
        for member in _members(context, project, root, workspace):
            member_manifest = _toml(context, _join(member, "Cargo.toml"))
            if member_manifest is None or not isinstance(member_manifest.get("package"), dict):
                project.complete = False
                continue
            project.member_dirs.append(member)
            _add_package(context, project, member, member_manifest)
    _read_config(context, project, root)
    return project


def project_at(document: Dockerfile, run: Instruction, image_dir: str | None, context: BuildContext) -> Project | None:
    """The Cargo project the build context holds for the directory cargo runs in
    (found once per RUN and directory, and loaded once per context directory: several rules ask)."""
    if image_dir is None or not context.known:
        return None

    def find() -> Project | None:
        directory = context_directory(document, run, image_dir, "Cargo.toml", context)
        if directory is None:
            return None
        return remembered(document, ("cargo-project", directory, context), lambda: load_project(context, directory))

    return remembered(document, ("cargo-project-at", run.index, image_dir, context), find)


def _join(directory: str, name: str) -> str:
    return name if directory in ("", ".") else posixpath.join(directory, name)


def _toml(context: BuildContext, path: str) -> dict | None:
    text = context.read_text(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return None


def _members(context: BuildContext, project: Project, root: str, workspace: dict) -> list[str]:
    members = workspace.get("members", [])
    excluded = {posixpath.normpath(_join(root, item)) for item in workspace.get("exclude", []) if isinstance(item, str)}
    found: list[str] = []
    if not isinstance(members, list):
        project.complete = False
        return found
    for pattern in members:
        if not isinstance(pattern, str):
            continue
        if not any(char in pattern for char in "*?["):
            found.append(posixpath.normpath(_join(root, pattern)))
            continue
        parent, _, leaf = pattern.rstrip("/").rpartition("/")
        if any(char in parent for char in "*?[") or leaf != "*":
            project.complete = False  # only `dir/*` globs are expanded
            continue
        names = context.entries(_join(root, parent))
        if names is None:
            project.complete = False
            continue
        for name in names:
            member = posixpath.normpath(_join(root, _join(parent, name)))
            if context.exists(_join(member, "Cargo.toml")):
                found.append(member)
    return [member for member in found if member not in excluded]


def _add_package(context: BuildContext, project: Project, directory: str, manifest: dict) -> None:
    package = manifest["package"]
    name = package.get("name")
    if not isinstance(name, str):
        project.complete = False
        return
    bins = manifest.get("bin", [])
    for entry in bins if isinstance(bins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            project.artifact_names.add(entry["name"])
    if package.get("autobins", True) is not False:
        if context.exists(_join(directory, "src/main.rs")):
            project.artifact_names.add(name)
        bin_dir = _join(directory, "src/bin")
        if context.is_dir(bin_dir):
            names = context.entries(bin_dir)
            if names is None:
                project.complete = False
            for entry in names or []:
                project.artifact_names.add(entry[:-3] if entry.endswith(".rs") else entry)
    _add_library(context, project, directory, manifest, name)
    build = package.get("build")
    script = build if isinstance(build, str) else ("build.rs" if build is not False else None)
    if script is not None and context.exists(_join(directory, script)):
        path = _join(directory, script)
        project.build_scripts.append(path)
        text = context.read_text(path) or ""
        if _BUILD_SCRIPT_WRITES.search(text) and "OUT_DIR" not in text:
            project.build_script_may_write_sources = True


def _add_library(context: BuildContext, project: Project, directory: str, manifest: dict, package_name: str) -> None:
    library = manifest.get("lib") if isinstance(manifest.get("lib"), dict) else {}
    if not library and not context.exists(_join(directory, "src/lib.rs")):
        return
    crate = str(library.get("name") or package_name).replace("-", "_")
    kinds = library.get("crate-type") or ["lib"]
    for kind in kinds if isinstance(kinds, list) else []:
        if kind in ("lib", "rlib"):
            project.artifact_names.add(f"lib{crate}.rlib")
        elif kind in ("cdylib", "dylib"):
            project.artifact_names.update({f"lib{crate}.so", f"lib{crate}.dylib", f"{crate}.dll"})
        elif kind == "staticlib":
            project.artifact_names.update({f"lib{crate}.a", f"{crate}.lib"})


def _read_config(context: BuildContext, project: Project, root: str) -> None:
    for name in (".cargo/config.toml", ".cargo/config"):
        config = _toml(context, _join(root, name))
        if config is None:
            continue
        build = config.get("build") if isinstance(config.get("build"), dict) else {}
        target_dir = build.get("target-dir")
        if isinstance(target_dir, str):
            project.config_target_dir = target_dir
        targets = build.get("target")
        if isinstance(targets, str):
            project.config_targets = (targets,)
        elif isinstance(targets, list):
            project.config_targets = tuple(item for item in targets if isinstance(item, str))
        return
