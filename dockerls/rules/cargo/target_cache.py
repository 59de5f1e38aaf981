"""CRG002: ``cargo build`` compiles into a target/ that lives in the image layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.rules.cargo.builds import analyse_build, copy_out_edits, copy_out_plan, output_readers
from dockerls.rules.cargo.home import cargo_home
from dockerls.rules.cargo.invocations import cargo_runs
from dockerls.rules.cargo.layout import cargo_cache_mount, insert_ranked, is_output_stage, shares_target_with, TARGET_CACHE
from dockerls.rules.cargo.uses import find_uses
from dockerls.rules.mounts import frontend_supports_mounts
from dockerls.analysis.caches import covering_cache


@dataclass(frozen=True, slots=True)
class TargetNotCached(Violation):
    command: str  # the cargo build, as written
    target: str | None  # its target directory
    moved: tuple[str, ...] = ()  # the artifacts the fix copies out of the cache
    exported: bool = False  # the stage is (the base of) the exported image: the fix is unsafe
    uncached_because: str | None = None  # why no cache mount is offered

    @property
    def message(self) -> str:
        if self.uncached_because is not None:
            return f"{self.command} compiles into target/ in the image; it is left uncached because {self.uncached_because}"
        message = f"{self.command} recompiles every dependency on each change: cache {self.target}"
        if self.moved:
            message += f", copying {', '.join(self.moved)} out of it in the same RUN"
        return message

    @property
    def fix_title(self) -> str:
        title = f"Cache {self.target}" + (f" and copy out {', '.join(self.moved)}" if self.moved else "")
        if self.exported:
            title += " (unsafe: the exported image no longer contains target/)"
        return title


@rule("CRG002", "cargo-target-cache", Severity.WARNING, fix="sometimes")
def CARGO_TARGET_CACHE(context: RuleContext) -> Iterator[Finding]:
    """`cargo build` compiles into a target/ that is thrown away with every layer.

    ## What it does
    Finds `cargo build` RUNs whose target directory (`target/` beside the
    manifest, `--target-dir`, or `CARGO_TARGET_DIR`) is not a cache mount, and
    offers to cache it together with what keeps the build working: every
    artifact a later instruction uses is copied out of the cache at the end of
    the same RUN, and each later use — `COPY --from=<stage>` in any stage, a
    later RUN, CMD or ENTRYPOINT of the stage or of stages built `FROM` it — is
    rewritten to the copy.

    ## Why
    Without the cache every source change recompiles every dependency. But a
    cache mount is not part of the image: a binary left in a cached target/ is
    gone for the next instruction, and `COPY --from=build /app/target/release/app`
    fails.

    ## Example
    ```Dockerfile
    FROM rust:1.81 AS build
    WORKDIR /app
    RUN cargo build --locked --release
    FROM debian:stable-slim
    COPY --from=build /app/target/release/app /usr/local/bin/app
    ```
    becomes
    ```Dockerfile
    FROM rust:1.81 AS build
    WORKDIR /app
    RUN --mount=type=cache,target=/app/target,sharing=locked \\
        cargo build --locked --release && \\
        cp /app/target/release/app /usr/local/bin/app
    FROM debian:stable-slim
    COPY --from=build /usr/local/bin/app /usr/local/bin/app
    ```

    Artifacts are copied to `cargo.artifact-dir` (`/usr/local/bin`). Where a later
    use cannot be resolved (a whole directory, a glob, a variable the build does
    not see, a name Cargo.toml does not build, a script that may read target/),
    target/ is left uncached and the finding says why. Stages that share target/
    between RUNs on purpose — the dummy `src/main.rs` pre-build, cargo-chef's
    `cook` then `build`, a later `cargo test` — are not reported.

    ## Fix safety
    Safe when the stage is only a builder. Unsafe when the stage (or one built on
    it) is the image the build exports: that image no longer contains target/.
    """
    document = context.document
    options = context.options.cargo
    if document.is_windows or not frontend_supports_mounts(document) or not options.cache_target:
        return
    for instruction in cargo_runs(document):
        build = analyse_build(context, instruction)
        if build is None or shares_target_with(document, instruction) is not None:
            continue
        yield from _check_build(context, build)


def _check_build(context: RuleContext, build) -> Iterator[Finding]:
    document = context.document
    run = build.run
    target = build.target.path
    if target is None:
        yield _uncached(build, f"its target directory is unknown: {build.target.reason}")
        return
    if covering_cache(run, target) is not None:
        return  # cached already: CRG004 checks its later uses
    uses = find_uses(document, run, target, build.layout)
    plan = copy_out_plan(context, build, target, uses)
    if not plan.ok:
        more = f" (and {len(plan.problems) - 1} more)" if len(plan.problems) > 1 else ""
        yield _uncached(build, plan.problems[0] + more)
        return
    ownership = build.user.mount_options()
    if ownership is None:
        yield _uncached(build, f"the RUN runs as user {build.user.name or '?'}, whose uid the Dockerfile does not show")
        return
    edits = copy_out_edits(context, build, plan)
    if isinstance(edits, str):
        yield _uncached(build, edits)
        return
    homes = {home.path for home in (cargo_home(document, run, call, build.user) for call in build.calls) if home.path}
    mount = cargo_cache_mount(context.options.cargo, target, ownership)
    edits.insert(0, insert_ranked(document, run, [mount], TARGET_CACHE, target=target, homes=homes))
    exported = is_output_stage(document, run.stage)
    violation = TargetNotCached(build.label, target, tuple(plan.moved()), exported)
    fix = violation.fix(edits, Applicability.UNSAFE if exported else Applicability.SAFE)
    yield CARGO_TARGET_CACHE.finding(violation, build.span, fix, related=output_readers(plan, run))


def _uncached(build, reason: str) -> Finding:
    violation = TargetNotCached(build.label, build.target.path, uncached_because=reason)
    return CARGO_TARGET_CACHE.finding(violation, build.span, severity=Severity.INFO)
