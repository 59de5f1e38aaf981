"""CRG001: cargo downloads crates without cache mounts on its registry and git database."""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Edit, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.mountpoints import prepare_mount_points
from dockerls.rules.cargo.home import cargo_home, image_name, base_image
from dockerls.rules.cargo.invocations import CargoCall, cargo_calls, cargo_runs
from dockerls.core.options import CargoOptions
from dockerls.profiles import CARGO
from dockerls.rules.cargo.layout import cargo_cache_mount, HOME_CACHE, insert_ranked
from dockerls.rules.cargo.uses import line_of
from dockerls.rules.mounts import frontend_supports_mounts, set_mount_option
from dockerls.analysis.caches import covering_cache, mount_target
from dockerls.analysis.paths import is_inside
from dockerls.analysis.users import RunUser, effective_user
from dockerls.syntax import Dockerfile, Flag, Instruction
from dockerls.syntax.state import state_of

# Under CARGO_HOME: the crates index and downloads, and git checkouts' databases.
# Not $CARGO_HOME/bin, where `cargo install` puts binaries that must stay in the image.
CACHED_DIRECTORIES = tuple(cache.name for cache in CARGO.caches)


@dataclass(frozen=True, slots=True)
class CratesDownloadedIntoImage(Violation):
    command: str  # the first downloading cargo command, as written
    who: str  # the user it runs as
    missing: tuple[str, ...] = ()  # directories to mount as caches; none: the existing mounts need uid/gid
    uncached_because: str | None = None  # why no cache mount is offered
    risk: str | None = None  # what makes the fix unsafe

    @property
    def message(self) -> str:
        if self.uncached_because is not None:
            return f"{self.command} downloads crates into the image; no cache mount is offered because {self.uncached_because}"
        if self.missing:
            return f"{self.command} downloads crates into the image on every build: cache {', '.join(self.missing)}"
        return f"{self.command} runs as {self.who}, who cannot write cache mounts owned by root"

    @property
    def fix_title(self) -> str:
        if self.missing:
            title = f"Cache cargo's downloads: {', '.join(self.missing)}"
        else:
            title = f"Give the cargo cache mounts uid/gid of {self.who}"
        if self.risk:
            title += f" (unsafe: {self.risk})"
        return title


@rule("CRG001", "cargo-dependency-cache", Severity.WARNING, fix="sometimes")
def CARGO_DEPENDENCY_CACHE(context: RuleContext) -> Iterator[Finding]:
    """cargo downloads crates into the image instead of a cache mount.

    ## What it does
    Finds RUNs with `cargo build`, `install`, `test`, `fetch`, `check`, `clippy`,
    `doc`, `run`, `bench`, `rustc`, `zigbuild`, `chef cook` or `auditable build`
    that lack cache mounts on `$CARGO_HOME/registry` and `$CARGO_HOME/git/db`,
    and mounts that lack the `uid`/`gid` a non-root user needs.

    ## Why
    Without them every build downloads and unpacks every crate again, and the
    downloads end up in the image layer. `CARGO_HOME` is taken from the state in
    effect: a `CARGO_HOME=` prefix, `ENV CARGO_HOME`, the official `rust` images
    (`/usr/local/cargo`), or cargo's default `$HOME/.cargo`.

    ## Example
    ```Dockerfile
    FROM rust:1.81 AS build
    RUN cargo build --locked --release
    ```
    becomes
    ```Dockerfile
    FROM rust:1.81 AS build
    RUN --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \\
        --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \\
        cargo build --locked --release
    ```

    The mounts are `sharing=locked` (option `cargo.sharing`): the platforms of a
    multi-platform build share one cache, and cargo's package lock lives outside
    the mounts, so concurrent unpacking into a shared registry mount races.

    ## Fix safety
    Safe: the mounts hold only downloads, never `$CARGO_HOME/bin`. Unsafe when
    an offline build (`--offline`, `--frozen`, `CARGO_NET_OFFLINE`) relies on crates
    another RUN downloaded into the image (a cache mount would hide them, or keep
    them only in a cache that a layer-cache hit skips filling), or when the base
    image is not known to leave `CARGO_HOME` at its default. No fix when the RUN's
    user is not root and the Dockerfile does not show its uid, or when `CARGO_HOME`
    cannot be known. BuildKit makes a mount's missing directories as root and
    leaves them in the image: under a non-root user's home the fix first runs
    `mkdir -p` on the mount targets as that user, and is unsafe when the
    Dockerfile does not show that home made for the user.
    Build-proven (`tests/build/pairs/cargo-registry-deps`, as root, as uid 1001 and with
    `CARGO_HOME` moved): crates from a local registry on 127.0.0.1, the same image, and
    the rebuild downloads neither of the two crates the first build downloaded.
    """
    document = context.document
    if document.is_windows or not frontend_supports_mounts(document):
        return
    for instruction in cargo_runs(document):
        calls = [call for call in cargo_calls(instruction) if call.downloads]
        if calls:
            yield from _check_run(document, instruction, calls, context.options.cargo)


def _check_run(document: Dockerfile, run: Instruction, calls: list[CargoCall], options: CargoOptions) -> Iterator[Finding]:
    user = effective_user(document, run)
    first = calls[0]
    homes = []
    for call in calls:
        home = cargo_home(document, run, call, user)
        if home.path is None:
            if not _looks_cached(run):
                because = f"CARGO_HOME is unknown ({home.source})"
                yield CARGO_DEPENDENCY_CACHE.finding(CratesDownloadedIntoImage(first.label, _who(user), uncached_because=because), first.span)
            return
        if home not in homes:
            homes.append(home)
    missing: list[str] = []
    incomplete: list[Flag] = []
    for home in homes:
        for directory in CACHED_DIRECTORIES:
            wanted = posixpath.join(home.path, directory)
            existing = _covered(run, wanted)
            if existing is None:
                missing.append(wanted)
            elif not user.is_root and existing.mount_get("uid") is None and existing not in incomplete:
                incomplete.append(existing)
    if not missing and not incomplete:
        return
    ownership = user.mount_options()
    if ownership is None:
        because = (
            f"it runs as {_who(user)}, whose uid the Dockerfile does not show (a cache mount needs uid= to be writable)"
        )
        yield CARGO_DEPENDENCY_CACHE.finding(CratesDownloadedIntoImage(first.label, _who(user), uncached_because=because), first.span)
        return
    edits: list[Edit] = []
    if missing:
        mounts = [cargo_cache_mount(options, path, ownership) for path in missing]
        edits.append(insert_ranked(document, run, mounts, HOME_CACHE, homes={home.path for home in homes}))
    for flag in incomplete:
        edits.extend(set_mount_option(flag, key, value) for key, value in ownership.items())
    risks = _risks(document, run, calls, homes)
    if missing:
        points = prepare_mount_points(document, run, user, missing)
        if points.edit is not None:
            edits.append(points.edit)
        if points.risk:
            risks.append(points.risk)
    violation = CratesDownloadedIntoImage(first.label, _who(user), tuple(missing), risk=risks[0] if risks else None)
    fix = violation.fix(edits, Applicability.UNSAFE if risks else Applicability.SAFE)
    yield CARGO_DEPENDENCY_CACHE.finding(violation, first.span, fix)


def _who(user: RunUser) -> str:
    return f"user {user.name}" if user.name else "a user the Dockerfile does not name"




def _covered(run: Instruction, wanted: str) -> Flag | None:
    """The cache mount ``wanted`` is under (the one meaning of covered: its target or a directory above)."""
    mount = covering_cache(run, wanted)
    return mount.flag if mount is not None else None


def _looks_cached(run: Instruction) -> bool:
    """Mounts that look like cargo caches, when CARGO_HOME itself cannot be known."""
    targets = [mount_target(flag, run) or flag.mount_get("target") or "" for flag in run.mounts if flag.mount_type == "cache"]
    return any(target.rstrip("/").endswith("/registry") for target in targets)


def _risks(document: Dockerfile, run: Instruction, calls: list[CargoCall], homes) -> list[str]:
    risks = []
    env = state_of(run).env
    registries = [posixpath.join(home.path, "registry") for home in homes]
    if any(call.is_offline(env) for call in calls):
        earlier = _first_download_into_image(document, run, registries)
        if earlier is not None:
            risks.append(f"the offline build relies on crates line {line_of(earlier)} downloads into the image")
    else:
        later = _OfflineBuildsWithoutCache.of(document, tuple(registries)).first_after(run)
        if later is not None:
            risks.append(f"line {line_of(later)} builds offline from the crates this RUN downloads")
    for home in homes:
        if home.assumed:
            base = image_name(base_image(document, run)) or "the base image"
            risks.append(f"assumes CARGO_HOME={home.path}; {base} may set it elsewhere")
            break
    return risks


class _OfflineBuildsWithoutCache:
    """The RUNs that build offline without cache mounts on ``registries`` (so from crates
    an earlier RUN left in the image): per stage, and the first of them in the stages
    built on each stage. Found once per document and set of registries."""

    def __init__(self, document: Dockerfile, registries: tuple[str, ...]) -> None:
        self.document = document
        self.in_stage: dict[int, list[int]] = {}
        for run in cargo_runs(document):
            if _builds_offline(run) and not all(_covered(run, registry) for registry in registries):
                self.in_stage.setdefault(run.stage, []).append(run.index)
        self.below: dict[int, int] = {}  # the first in the stages built on a stage, directly or not
        for stage in reversed(document.stages):  # a stage comes after the stage it is built on
            own = self.in_stage.get(stage.index, [])
            firsts = own[:1] + ([self.below[stage.index]] if stage.index in self.below else [])
            if stage.parent is not None and firsts:
                self.below[stage.parent] = min(firsts + ([self.below[stage.parent]] if stage.parent in self.below else []))

    @classmethod
    def of(cls, document: Dockerfile, registries: tuple[str, ...]) -> "_OfflineBuildsWithoutCache":
        return document.memo(("cargo", "offline builds without cache", registries), lambda: cls(document, registries))

    def first_after(self, run: Instruction) -> Instruction | None:
        """The first of them after ``run`` in its stage or in a stage built on it."""
        stage = self.document.stages[run.stage]  # (a RUN before the first FROM looks at the last stage)
        own = self.in_stage.get(stage.index, [])
        position = bisect_right(own, run.index)
        if position < len(own):
            return self.document.instructions[own[position]]
        below = self.below.get(stage.index)
        return self.document.instructions[below] if below is not None else None


def _builds_offline(instruction: Instruction) -> bool:
    env = state_of(instruction).env
    return any(call.downloads and call.is_offline(env) for call in cargo_calls(instruction))


def _first_download_into_image(document: Dockerfile, run: Instruction, registries: list[str]) -> Instruction | None:
    """The oldest RUN of the stage chain before ``run`` whose cargo commands download
    crates into the image (no cache mount on one of ``registries``)."""
    if run.stage < 0:
        return None
    chains = _UncachedDownloads.of(document, tuple(registries))
    parent = document.stages[run.stage].parent
    inherited = chains.oldest_in_chain(parent) if parent is not None else None
    return inherited if inherited is not None else chains.first_in_stage(run.stage, before=run.index)


class _UncachedDownloads:
    """The RUNs that download crates into the image (without cache mounts on
    ``registries``): the first of each stage, and the oldest of each stage's chain,
    each found once per document and set of registries, not once per RUN."""

    def __init__(self, document: Dockerfile, registries: tuple[str, ...]) -> None:
        self.document = document
        self.registries = list(registries)
        self._oldest: dict[int, Instruction | None] = {}

    @classmethod
    def of(cls, document: Dockerfile, registries: tuple[str, ...]) -> "_UncachedDownloads":
        return document.memo(("cargo", "uncached downloads", registries), lambda: cls(document, registries))

    def first_in_stage(self, stage: int, before: int | None = None) -> Instruction | None:
        """The first of them in ``stage`` (before instruction ``before``, if given)."""
        for instruction in _downloading_runs(self.document).get(stage, ()):
            if before is not None and instruction.index >= before:
                return None
            if _downloads_without_cache(instruction, self.registries):
                return instruction
        return None

    def oldest_in_chain(self, stage: int) -> Instruction | None:
        """The oldest of them in ``stage`` and the stages it is built on (each stage walked once)."""
        pending = []
        current: int | None = stage
        while current is not None and current not in self._oldest:
            pending.append(current)
            current = self.document.stages[current].parent
        for index in reversed(pending):  # oldest stage first
            parent = self.document.stages[index].parent
            inherited = self._oldest[parent] if parent is not None else None
            self._oldest[index] = inherited if inherited is not None else self.first_in_stage(index)
        return self._oldest[stage]


def _downloading_runs(document: Dockerfile) -> dict[int, list[Instruction]]:
    """Per stage, its RUNs with cargo commands that download (the only ones that can
    download into the image), in order."""

    def collect() -> dict[int, list[Instruction]]:
        found: dict[int, list[Instruction]] = {}
        for run in cargo_runs(document):
            if any(call.downloads for call in cargo_calls(run)):
                found.setdefault(run.stage, []).append(run)
        return found

    return document.memo(("cargo", "downloading runs"), collect)


def _downloads_without_cache(instruction: Instruction, registries: list[str]) -> bool:
    if not any(call.downloads for call in cargo_calls(instruction)):
        return False
    return not all(_covered(instruction, registry) for registry in registries)
