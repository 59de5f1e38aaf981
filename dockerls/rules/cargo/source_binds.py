"""CRG003: sources are COPYed into the image only for cargo to read them once."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Edit, Finding, Related, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.cargo.home import cargo_home
from dockerls.rules.cargo.invocations import SOURCE_READING, CargoCall, cargo_calls, cargo_runs
from dockerls.rules.cargo.layout import BIND, insert_ranked, is_output_stage, shares_target_with
from dockerls.rules.cargo.outputs import target_dir
from dockerls.rules.cargo.paths import PathRef, consumers, named_paths, references
from dockerls.analysis.context_copies import CopiedSource, copied_sources
from dockerls.rules.cargo.manifest import project_at
from dockerls.analysis.stages import SMALL_REGION, in_range, keys_where, small_region_after, stage_tree
from dockerls.rules.cargo.uses import TREE_TOOLS, line_of
from dockerls.rules.mounts import frontend_supports_mounts, render_mount
from dockerls.analysis.paths import is_inside
from dockerls.analysis.users import effective_user
from dockerls.syntax import Dockerfile, Instruction
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

# Where a bind mount would hide what the image already has, instead of adding to it as COPY does.
_SYSTEM_DIRECTORIES = frozenset(
    {"/", "/usr", "/usr/local", "/usr/src", "/usr/lib", "/usr/bin", "/usr/share", "/etc", "/bin", "/sbin",
     "/lib", "/lib64", "/var", "/opt", "/root", "/home", "/srv", "/tmp", "/run"}
)
# What COPY . . is assumed to bring for cargo when the build context cannot be seen.
_ASSUMED_SOURCES = (("src", True), ("Cargo.toml", False), ("Cargo.lock", False))
# Programs that run code dockerls cannot see into, which might read anything.
_INTERPRETERS = frozenset({"sh", "bash", "ash", "dash", "zsh", "python", "python3", "perl", "ruby", "node", "make",
                           "just", "cmake", "ninja", "xargs"})


@dataclass
class _Conversion:
    copies: list[Instruction]
    binds: list[CopiedSource]
    unsafe: list[str]
    no_fix: str = ""  # why no fix is offered at all


@rule("CRG003", "cargo-sources-copied", Severity.WARNING, fix="sometimes")
def CARGO_SOURCES_COPIED(context: RuleContext) -> Iterator[Finding]:
    """Sources are COPYed into the image only for cargo to read them.

    ## What it does
    Finds `COPY Cargo.toml Cargo.lock ./`, `COPY src src`, `COPY . .` and the like
    before a cargo RUN, when nothing else reads the copied files, and offers bind
    mounts in their place: the files are read straight from the build context,
    and no layer holds them. It is one finding, at the cargo command, with the
    COPYs as its related places (its fix edits them all).

    ## Why
    A COPYed source tree is a layer that every source change invalidates, and it
    is shipped with the stage. Bind mounts cost nothing and are gone after the RUN.

    ## Example
    ```Dockerfile
    FROM rust:1.81 AS build
    WORKDIR /app
    COPY Cargo.toml Cargo.lock ./
    COPY src src
    RUN cargo build --locked --release
    FROM debian:stable-slim
    COPY --from=build /app/target/release/app /usr/local/bin/app
    ```
    becomes
    ```Dockerfile
    FROM rust:1.81 AS build
    WORKDIR /app
    RUN --mount=type=bind,source=src,target=src \\
        --mount=type=bind,source=Cargo.toml,target=Cargo.toml \\
        --mount=type=bind,source=Cargo.lock,target=Cargo.lock \\
        cargo build --locked --release
    FROM debian:stable-slim
    COPY --from=build /app/target/release/app /usr/local/bin/app
    ```
    `COPY . .` becomes one bind mount per top-level entry of the build context
    that `.dockerignore` keeps (except `target`), so build scripts and macros that
    read other files (`proto/`, templates, `.git`) still find them.

    A bind mount is read-only: `Cargo.lock` is bound read-only only when every
    cargo command passes `--locked` or `--frozen`, and `rw` otherwise (cargo may
    rewrite it; the change is dropped with the RUN, as nothing later reads it).
    Not offered when another instruction reads the copied files (a later RUN, a
    cargo command in another RUN, `COPY --from` of the stage, a stage built on
    it), when the RUN itself writes them (the dummy `src/main.rs` trick), in
    cargo-chef stages, or when the COPY is not a plain copy of context paths.

    ## Fix safety
    Safe when the build context shows every path, `.dockerignore` keeps them, and
    the stage is only a builder. Unsafe — the title says why — without a build
    context, when the stage is the exported image (which then lacks the sources),
    or when a build script looks like it writes outside `OUT_DIR`.
    """
    document = context.document
    if document.is_windows or not frontend_supports_mounts(document) or not context.options.cargo.bind_sources:
        return
    for instruction in cargo_runs(document):
        calls = cargo_calls(instruction)
        if not any(call.subcommand in SOURCE_READING for call in calls):
            continue
        if _chef_stage(document, instruction) or shares_target_with(document, instruction) is not None:
            continue
        conversion = _conversion(context, instruction, calls)
        if conversion is not None:
            yield from _findings(context, instruction, calls, conversion)


def _chef_stage(document: Dockerfile, run: Instruction) -> bool:
    """Whether a RUN of the stage's chain (the stage and those it is built on) runs cargo-chef."""
    if run.stage < 0:
        return False
    return document.memo(("cargo", "chef chains"), lambda: _chef_chains(document))[run.stage]


def _chef_chains(document: Dockerfile) -> list[bool]:
    chef_stages = {
        run.stage for run in cargo_runs(document) if any(call.subcommand.startswith("chef") for call in cargo_calls(run))
    }
    chains: list[bool] = []
    for stage in document.stages:  # a stage comes after the stage it is built on
        chains.append(stage.index in chef_stages or (stage.parent is not None and chains[stage.parent]))
    return chains


def _conversion(context: RuleContext, run: Instruction, calls: list[CargoCall]) -> _Conversion | None:
    document = context.document
    build_context = context.build_context
    stage = document.stages[run.stage]
    candidates: list[tuple[Instruction, list[CopiedSource]]] = []
    for instruction in _context_copies(document, stage.index):
        if instruction.index >= run.index:
            break
        copied = copied_sources(instruction, build_context)
        if isinstance(copied, str) or not copied:
            continue
        candidates.append((instruction, copied))
    if not candidates:
        return None
    excluded = _written_by_cargo(document, run, calls, context)
    conversion = _Conversion([], [], [])
    for copy, copied in candidates:
        unseen = [item for item in copied if item.context_path == "."]
        if unseen:
            # The whole context, unseen: anything under the destination counts as copied,
            # and only what a cargo build surely reads is bound.
            watched = [unseen[0].image_path]
            copied = [CopiedSource(copy, name, posixpath.join(watched[0], name), is_dir)
                      for name, is_dir in _ASSUMED_SOURCES
                      if not unseen[0].unknown or build_context.exists(name)]
        else:
            copied = [item for item in copied if item.image_path not in excluded and not _holds_any(item, excluded)]
            watched = [item.image_path for item in copied]
        if not copied or _blocked(document, run, copy, copied, watched, excluded, calls, build_context, bool(unseen)):
            continue
        if unseen and unseen[0].unknown:
            conversion.no_fix = conversion.no_fix or unseen[0].unknown
        elif unseen:
            conversion.unsafe.append("binds only src, Cargo.toml and Cargo.lock in place of the whole context")
        conversion.copies.append(copy)
        conversion.binds.extend(copied)
    if not conversion.copies:
        return None
    _assess(context, run, calls, conversion)
    return conversion


def _context_copies(document: Dockerfile, stage: int) -> list[Instruction]:
    """The stage's COPYs from the build context (no ``--from``), in order."""
    copies = document.memo(("cargo", "context copies"), dict)
    if stage not in copies:
        copies[stage] = [
            instruction
            for instruction in document.stages[stage].instructions
            if instruction.keyword == "COPY" and instruction.flag("from") is None
        ]
    return copies[stage]


def _written_by_cargo(document: Dockerfile, run: Instruction, calls: list[CargoCall], context: RuleContext) -> set[str]:
    """Paths cargo writes in the RUN: its target directories (never bound read-only)."""
    written = set()
    project = project_at(document, run, calls[0].cwd, context.build_context)
    for call in calls:
        found = target_dir(run, call, project).path
        if found is not None:
            written.add(found)
        if call.cwd is not None:
            written.add(posixpath.join(call.cwd, "target"))
    return written


def _holds_any(item: CopiedSource, paths: set[str]) -> bool:
    return item.is_dir and any(is_inside(path, item.image_path) for path in paths)


def _blocked(document, run, copy, copied, paths, written, calls, build_context, into_directory=False) -> bool:
    """Whether something other than the RUN's cargo commands reads or changes the copied files
    (``paths`` in the image; what lies in ``written``, cargo's output, does not count)."""
    if any(posixpath.dirname(item.image_path) in _SYSTEM_DIRECTORIES for item in copied):
        return True  # the image has files there already: a bind would hide them where COPY merges
    if build_context.known and any(build_context.available(item.context_path) is False for item in copied):
        return True  # the COPY itself would fail: leave it to fail visibly
    if any(call.subcommand not in SOURCE_READING or call.has("--fix") for call in calls):
        return True  # cargo update, fmt, fix… write into the sources
    # After the COPY (in the stage and the stages built on it), another cargo RUN or a
    # script dockerls cannot see into may read the files. (`run` itself is one of them.)
    tree = stage_tree(document)
    readers = keys_where(document, run.stage, ("cargo or opaque runs",), _cargo_or_opaque)
    if len(readers[in_range(readers, tree.after(run.stage, copy.index))]) > 1:
        return True
    # Something already there would be hidden by a bind where COPY merges. (A WORKDIR
    # making the directory COPY . copies into is not something in it.)
    for instruction in _naming_before(document, run.stage, copy.index, paths):
        if _touches(instruction, paths, written, strictly_inside=into_directory):
            return True
    if _run_touches_sources(run, paths, written):
        return True
    later = small_region_after(document, run.stage, copy.index)
    if later is None:
        later = _naming(document, run.stage, tree.after(run.stage, copy.index), paths)
    for instruction in later:
        if instruction is not run and _touches(instruction, paths, written):
            return True
    found = consumers(document)
    if found.unknown:
        return True
    return any(
        ref.path is None or _overlaps(ref, paths, written) for ref in found.refs_touching(document, run.stage, paths)
    )


def _cargo_or_opaque(instruction: Instruction) -> bool:
    return instruction.keyword == "RUN" and bool(cargo_calls(instruction) or _runs_opaque(instruction))


def _naming(document: Dockerfile, stage: int, bounds, paths: list[str]) -> list[Instruction]:
    """The instructions within ``bounds`` (of ``stage``'s tree) that name a path inside
    one of ``paths`` or above one, in file order: the only ones ``_touches`` can accept."""
    named = named_paths(document, stage)
    found: set[int] = set()
    for path in paths:
        for keys in (*named.inside(path), *named.lists_for(path)):
            found.update(index for _, index in keys[in_range(keys, bounds)])
    return [document.instructions[index] for index in sorted(found)]


def _naming_before(document: Dockerfile, stage: int, before: int, paths: list[str]) -> list[Instruction]:
    """What runs before instruction ``before`` of ``stage``, oldest first: the stages it is
    built on, and its own instructions before that one. All of it when that is little,
    else only what ``_naming`` picks."""
    tree = stage_tree(document)
    chain = list(reversed(document.stage_chain(stage)))
    if sum(len(earlier.instructions) for earlier in chain) <= SMALL_REGION:
        return [instruction for earlier in chain for instruction in earlier.instructions if instruction.index < before]
    found: list[Instruction] = []
    for earlier in chain:
        found.extend(_naming(document, stage, tree.within(earlier.index, before if earlier.index == stage else None), paths))
    return found


def _touches(instruction: Instruction, paths: list[str], written: set[str], strictly_inside: bool = False) -> bool:
    """Whether the instruction names a copied path, or hands a directory above one to a tree-wide tool."""
    for ref in references(instruction):
        if ref.role in ("context-source", "source", "mount-source") or ref.path is None:
            continue  # paths in the build context or in another stage
        if strictly_inside and ref.path in paths:
            continue
        if _overlaps(ref, paths, written):
            return True
    return False


def _overlaps(ref: PathRef, paths: list[str], written: set[str]) -> bool:
    if any(is_inside(ref.path, output) for output in written):
        return False  # cargo's output, not the sources
    if any(is_inside(ref.path, copied) for copied in paths):
        return True
    if not any(is_inside(copied, ref.path) for copied in paths):
        return False
    if ref.role in ("source", "mount-source"):
        return True  # COPY --from=stage /app takes the sources along
    program = posixpath.basename(ref.command.argv[0].text) if ref.command is not None and ref.command.argv else ""
    return program in TREE_TOOLS


def _run_touches_sources(run: Instruction, paths: list[str], written: set[str]) -> bool:
    """The RUN itself does more with the sources than cargo reading them (e.g. writes src/main.rs)."""
    cargo_commands = {id(call.command) for call in cargo_calls(run)}
    for ref in references(run):
        if ref.command is None or id(ref.command) in cargo_commands or ref.path is None:
            continue
        program = posixpath.basename(ref.command.argv[0].text) if ref.command.argv else ""
        if program in ("cd", "pushd"):
            continue
        if _overlaps(ref, paths, written):
            return True
    return False


def _runs_opaque(instruction: Instruction) -> bool:
    """A RUN that runs a script or tool whose reads dockerls cannot see."""
    script = shell_of(instruction)
    if script is None or script.kind == "exec" and not script.commands:
        return True
    for command in script.commands:
        if not command.argv:
            continue
        program = command.argv[0].text
        if "/" in program or posixpath.basename(program) in _INTERPRETERS and len(command.argv) > 1:
            return True
    return False


def _assess(context: RuleContext, run: Instruction, calls: list[CargoCall], conversion: _Conversion) -> None:
    document = context.document
    build_context = context.build_context
    if not build_context.known:
        conversion.unsafe.append("the build context is unknown; the bound paths must exist")
    elif build_context.unknown_reason is not None:
        conversion.no_fix = conversion.no_fix or build_context.unknown_reason
    if is_output_stage(document, run.stage):
        conversion.unsafe.append("the exported image no longer contains the copied files")
    project = project_at(document, run, calls[0].cwd, build_context)
    if project is not None and project.build_script_may_write_sources:
        conversion.unsafe.append("a build script looks like it writes outside OUT_DIR, into a read-only bind")
    user = effective_user(document, run)
    if not user.is_root and _lock_bound_rw(conversion, calls):
        conversion.unsafe.append("Cargo.lock becomes root-owned, and the build (not --locked) may rewrite it")
    if not user.is_root and any(copy.flag("chown") is not None for copy in conversion.copies):
        conversion.unsafe.append(f"cargo runs as {user.name or 'another user'}, who may need what COPY --chown owned")


def _lock_bound_rw(conversion: _Conversion, calls: list[CargoCall]) -> bool:
    locked = all(call.is_locked for call in calls if call.subcommand in SOURCE_READING)
    return not locked and any(posixpath.basename(item.context_path) == "Cargo.lock" for item in conversion.binds)


def _findings(context: RuleContext, run: Instruction, calls: list[CargoCall], conversion: _Conversion) -> Iterator[Finding]:
    document = context.document
    state = state_of(run)
    workdir = state.workdir if state.workdir_known else None
    lock_rw = _lock_bound_rw(conversion, calls)
    ordered = [item for item in conversion.binds if item.is_dir] + [item for item in conversion.binds if not item.is_dir]
    mounts, seen = [], set()
    for item in ordered:
        if item.image_path in seen:
            continue
        seen.add(item.image_path)
        target = item.image_path
        if workdir is not None and is_inside(target, workdir) and target != workdir:
            target = posixpath.relpath(target, workdir)
        options = {"source": item.context_path, "target": target}
        if lock_rw and posixpath.basename(item.context_path) == "Cargo.lock":
            options["rw"] = None
        mounts.append(render_mount("bind", **options))
    user = effective_user(document, run)
    homes = {home.path for home in (cargo_home(document, run, call, user) for call in calls) if home.path}
    edits = [Edit.delete(copy.extent) for copy in conversion.copies]
    edits.append(insert_ranked(document, run, mounts, BIND, homes=homes))
    bound = BoundSources(
        ", ".join(sorted({item.context_path for item in conversion.binds}, key=str.lower)),
        lock_rw,
        conversion.unsafe[0] if conversion.unsafe else None,
        conversion.no_fix or None,
    )
    applicability = Applicability.UNSAFE if conversion.unsafe else Applicability.SAFE
    label = next(call.label for call in calls if call.subcommand in SOURCE_READING)
    violation = SourcesCopied(bound, label, tuple(line_of(copy) for copy in conversion.copies))
    fix = None if bound.no_fix else violation.fix(sorted(edits, key=lambda edit: edit.start), applicability)
    # One problem, one finding at the RUN: the COPYs its fix removes are its related places.
    related = tuple(
        Related(copy.span, f"COPY of {_copied_by(conversion, copy)}: the fix removes it and bind-mounts them")
        for copy in conversion.copies
    )
    unnecessary = tuple(copy.span for copy in conversion.copies)
    yield CARGO_SOURCES_COPIED.finding(violation, calls[0].span, fix, unnecessary=unnecessary, related=related)


def _copied_by(conversion: _Conversion, copy: Instruction) -> str:
    return ", ".join(item.context_path for item in conversion.binds if item.instruction is copy) or "the sources"


@dataclass(frozen=True, slots=True)
class BoundSources:
    """The words of the fix, shared by the findings of one conversion."""

    names: str  # the context paths bound, comma-separated
    lock_rw: bool  # Cargo.lock is bound read-write: the build does not pass --locked
    unsafe: str | None  # what makes the fix unsafe
    no_fix: str | None = None  # why no fix is offered at all

    @property
    def why_not(self) -> str:
        return f" (no fix: {self.no_fix})" if self.no_fix else ""

    @property
    def title(self) -> str:
        title = f"Bind-mount {self.names} instead of copying"
        if self.lock_rw:
            title += " (Cargo.lock read-write: the build does not pass --locked)"
        if self.unsafe:
            title += f" (unsafe: {self.unsafe})"
        return title


@dataclass(frozen=True, slots=True)
class SourcesCopied(Violation):
    bound: BoundSources
    command: str  # the cargo command that reads the copies, as written
    copy_lines: tuple[int, ...]

    @property
    def message(self) -> str:
        lines = ", ".join(map(str, self.copy_lines))
        where = f"line{'s' if len(self.copy_lines) > 1 else ''} {lines}"
        return f"`{self.command}` reads {self.bound.names} from COPYs ({where}) that put them into the image only for it: bind-mount them{self.bound.why_not}"

    @property
    def fix_title(self) -> str:
        return self.bound.title
