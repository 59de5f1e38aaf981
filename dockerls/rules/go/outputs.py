"""GOL006: a Go build output written inside a cache mount, read later: copied out as cargo's are.

Uses cargo's copy-out machinery (``dockerls.rules.cargo.copyout`` and ``uses``): the
later uses of the cached directory are found and rewritten the same way, and the copy
is appended to the RUN the same way.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Iterator

from dockerls.analysis.caches import cache_mount_targets, covering_cache
from dockerls.analysis.images import image_name, root_image
from dockerls.analysis.invocations import Invocation, invocations
from dockerls.analysis.sites import site_user
from dockerls.core.context import RuleContext
from dockerls.core.findings import Edit, Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.profiles import GO
from dockerls.rules.cargo.builds import output_readers
from dockerls.rules.cargo.copyout import append_to_script, copy_command, plan_copy_out
from dockerls.rules.cargo.outputs import OutputLayout
from dockerls.rules.cargo.uses import find_uses, line_of
from dockerls.rules.mounts import frontend_supports_mounts
from dockerls.syntax import Instruction, SimpleCommand


@dataclass(frozen=True, slots=True)
class _BuildStep:
    """A Go build as cargo's copy-out machinery reads a build step."""

    command: SimpleCommand
    index: int
    label: str
    builds: bool = True

    def values(self, *names: str) -> list[str]:
        return []


@dataclass(frozen=True, slots=True)
class OutputInCache(Violation):
    command: str
    output: str
    cache: str
    moved: tuple[str, ...] = ()
    no_fix: str | None = None

    @property
    def message(self) -> str:
        message = f"`{self.command}` writes {self.output} inside the cache mount {self.cache}: later instructions do not see it"
        return message + (f"; no fix: {self.no_fix}" if self.no_fix else "")

    @property
    def fix_title(self) -> str:
        return f"Copy {', '.join(self.moved)} out of the cache mount at the end of the RUN"


@rule("GOL006", "go-output-in-cache-mount", Severity.ERROR, fix="sometimes")
def GO_OUTPUT_IN_CACHE_MOUNT(context: RuleContext) -> Iterator[Finding]:
    """A `go build -o`/`go install` output lands inside a cache mount, and a later instruction reads it.

    ## What it does
    Finds `go build -o PATH` and `go install` (output in `GOBIN`, else `$GOPATH/bin`,
    `/go/bin` in the official image) whose output lies under a cache mount of the same
    RUN (a mount of `/go`, of the project's `bin/` …) while a later instruction — a
    RUN, CMD or ENTRYPOINT of the stage or of stages built on it, or a `COPY --from`
    anywhere — reads it.

    ## Why
    A cache mount is not part of the image: the binary is gone for the next
    instruction, and `COPY --from=build /go/bin/app` fails. This is cargo's target/
    trap (CRG004), and it is fixed with cargo's machinery.

    ## Example
    ```Dockerfile
    FROM golang:1.23 AS build
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/go \\
        go install ./cmd/app
    FROM debian:bookworm-slim
    COPY --from=build /go/bin/app /usr/local/bin/app
    ```
    becomes
    ```Dockerfile
    FROM golang:1.23 AS build
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/go \\
        go install ./cmd/app && \\
        cp /go/bin/app /usr/local/bin/app
    FROM debian:bookworm-slim
    COPY --from=build /usr/local/bin/app /usr/local/bin/app
    ```

    ## Fix safety
    Safe: it makes a failing build work (the binary is copied to `cargo.artifact-dir`,
    `/usr/local/bin`, at the end of the RUN, and every later use points at the copy).
    No fix when a use cannot be resolved to the one binary, the output sits directly
    in the cached directory, or the RUN's commands after the build could hide its failure.
    """
    document = context.document
    if document.is_windows or not frontend_supports_mounts(document):
        return
    for instruction in document.instructions:
        if instruction.keyword != "RUN" or instruction.stage < 0 or not instruction.mounts:
            continue
        for call in invocations(instruction, GO):
            found = _check(context, instruction, call)
            if found is not None:
                yield from found


def _output(context: RuleContext, call: Invocation) -> str | None:
    """The absolute path of the binary the call writes, when the Dockerfile shows it."""
    words = call.spec.words
    if words == ("build",):
        option = call.option("output")
        if option is None or option[0] is None or option[0].endswith("/"):
            return None
        value = option[0]
        if not value.startswith("/"):
            if call.cwd is None:
                return None
            value = posixpath.join(call.cwd, value)
        return posixpath.normpath(value)
    if words == ("install",) and len(call.positionals) == 1:
        package = call.site.expand(call.positionals[0].text)
        if not package or package in (".", "./...") or "@" in package or "..." in package:
            return None
        name = posixpath.basename(package.rstrip("/"))
        gobin = call.lookup("GOBIN")
        if gobin:
            directory = call.site.expand(gobin)
        else:
            gopath = call.lookup("GOPATH")
            if gopath:
                directory = posixpath.join(call.site.expand(gopath.split(":", 1)[0]) or "", "bin")
            elif image_name(root_image(context.document, call.instruction)) == "golang":
                directory = "/go/bin"
            else:
                user = site_user(call.site)
                directory = posixpath.join(user.home, "go", "bin") if user.home else None
        if not directory or not directory.startswith("/"):
            return None
        return posixpath.normpath(posixpath.join(directory, name))
    return None


def _check(context: RuleContext, run: Instruction, call: Invocation) -> list[Finding] | None:
    output = _output(context, call)
    if output is None:
        return None
    mount = covering_cache(run, output)
    if mount is None or mount.target is None:
        return None
    cache = mount.target
    relative = posixpath.relpath(posixpath.dirname(output), cache)
    parts = [] if relative == "." else relative.split("/")
    label = f"go {' '.join(call.spec.words)}"
    if not parts or len(parts) > 2:
        layout = OutputLayout(frozenset(), None, False)
    elif len(parts) == 1:
        layout = OutputLayout(frozenset(parts), frozenset(), True)
    else:
        layout = OutputLayout(frozenset(parts[1:]), frozenset(parts[:1]), False)
    document = context.document
    uses = find_uses(document, run, cache, layout, skip=lambda other: other.keyword == "RUN" and covering_cache(other, output) is not None)
    if not uses:
        return None
    span = call.site.span
    if not layout.profiles:
        violation = OutputInCache(label, output, cache, no_fix="the output sits directly in the cached directory")
        return [GO_OUTPUT_IN_CACHE_MOUNT.finding(violation, span)]
    steps = [_BuildStep(call.command, call.site.position, label)]
    plan = plan_copy_out(
        document, run, steps, cache, uses, project=None, user=site_user(call.site),
        artifact_dir=context.options.cargo.artifact_dir, cache_targets=cache_mount_targets(run),
        known_outputs=frozenset({posixpath.basename(output)}),
    )
    if not plan.ok:
        violation = OutputInCache(label, output, cache, no_fix=plan.problems[0])
        return [GO_OUTPUT_IN_CACHE_MOUNT.finding(violation, span)]
    edits = []
    if plan.copies:
        appended = append_to_script(document, run, steps, copy_command(plan.copies))
        if isinstance(appended, str):
            violation = OutputInCache(label, output, cache, no_fix=appended)
            return [GO_OUTPUT_IN_CACHE_MOUNT.finding(violation, span)]
        edits.append(appended)
    edits.extend(Edit(ref.span.start, ref.span.end, replacement) for ref, replacement in plan.rewrites)
    violation = OutputInCache(label, output, cache, tuple(plan.moved()))
    fix = violation.fix(edits)
    return [GO_OUTPUT_IN_CACHE_MOUNT.finding(violation, span, fix, related=output_readers(plan, run))]
