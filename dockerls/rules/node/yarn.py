"""YRN: yarn installs on the generic package-manager rules (profile: ``dockerls.profiles.node.YARN``),
and yarn berry's project cache, hand-written (``dockerls.analysis.yarn``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Finding, Severity, Violation
from dockerls.core.rule import rule
from dockerls.profiles import YARN
from dockerls.rules.managers.analysis import analyse
from dockerls.rules.managers.family import manager_rule
from dockerls.rules.managers.wording import command_label, command_span, enabled

YARN_CACHE_NOT_MOUNTED = manager_rule("YRN001", "yarn-cache-not-mounted", "cache-not-mounted", YARN, """\
`yarn install` (yarn classic) runs without a cache mount on yarn's cache.

## What it does
Reports a RUN whose `yarn`, `yarn install` or `yarn add` (also `yarnpkg`, Debian's
name for it) has no `--mount=type=cache` on the directory yarn classic caches in:
`--cache-folder`, then `YARN_CACHE_FOLDER`, then `$XDG_CACHE_HOME/yarn`, then
`<home>/.cache/yarn`, where yarn takes `/usr/local/share` as root's home
(`/usr/local/share/.cache/yarn` in the official node images).

Yarn 2+ (berry) is not reported here: see YRN006.

## Why
Without a cache mount every build downloads every package again, and
`yarn cache clean` only keeps the downloads out of the image, which a cache mount
does by itself.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
RUN yarn install --frozen-lockfile && yarn cache clean
```
becomes
```Dockerfile
FROM node:22
WORKDIR /app
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \\
    yarn install --frozen-lockfile
```

## Fix safety
Safe: the cache never lands in the image. The fix removes `yarn cache clean` in the
same RUN. For a user other than root the mount carries its `uid=`/`gid=`; no fix
when the Dockerfile does not show them, or when a `.yarnrc` copied next to the project
or to `~/.yarnrc` sets `cache-folder` (or may, with the build context unknown).
""")

YARN_FILES_NOT_BIND_MOUNTED = manager_rule("YRN002", "yarn-files-not-bind-mounted", "files-not-bind-mounted", YARN, """\
`yarn install --frozen-lockfile` reads `package.json`/`yarn.lock` copied into the image only for it.

## What it does
Reports `package.json` and `yarn.lock` that a COPY naming them brought into the
image for a `yarn install` with `--frozen-lockfile`, `--pure-lockfile` or
`--immutable`.

## Why
A bind mount gives yarn the files without a layer that holds them. Without one of
those flags yarn may rewrite `yarn.lock`, which a read-only bind forbids: such
installs are not reported.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
```

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

YARN_FILES_COPY_REMOVABLE = manager_rule("YRN003", "yarn-files-copy-removable", "copy-removable", YARN, """\
A COPY brings `package.json`/`yarn.lock` that only `yarn install` reads.

## What it does
Reports a COPY of yarn's manifest and lockfile when nothing but a frozen-lockfile
`yarn install` reads them before a later COPY brings them back.

## Why
The files sit in a layer of their own for nothing; a bind mount keeps the layer
cache keyed on them without it.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
CMD ["node", "server.js"]
```

## Fix safety
Safe when a later COPY brings the files back and the build context holds them;
unsafe when they would be missing from the final image, or the context is unknown.
""")

YARN_CACHE_MOUNT_MISPLACED = manager_rule("YRN005", "yarn-cache-mount-misplaced", "cache-mount-misplaced", YARN, """\
A yarn cache mount is not where yarn classic caches, or belongs to a user yarn does not run as.

## What it does
Reports a `--mount=type=cache` meant for yarn (its target names yarn) that does not
cover yarn classic's cache directory at that RUN (for example `/root/.cache/yarn`:
yarn running as root caches under `/usr/local/share/.cache/yarn`), and a mount the
RUN's user cannot write.

## Why
yarn then caches nothing, and every build downloads everything again.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/yarn yarn install --frozen-lockfile
```
becomes
```Dockerfile
FROM node:22
WORKDIR /app
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
```

## Fix safety
Safe: only the cache mount changes.
""")


@dataclass(frozen=True, slots=True)
class BerryCacheInProject(Violation):
    command: str
    reason: str

    @property
    def message(self) -> str:
        return (
            f"`{self.command}` runs yarn 2+ ({self.reason}): its cache is the project's .yarn/cache unless "
            "enableGlobalCache is on (the default from yarn 4, under ~/.yarn/berry/cache); "
            "dockerls mounts no cache for it"
        )


@rule("YRN006", "yarn-berry-cache-in-project", Severity.INFO, fix="none")
def YARN_BERRY_CACHE_IN_PROJECT(context: RuleContext) -> Iterator[Finding]:
    """yarn 2+ (berry) keeps its cache in the project: dockerls says so and mounts nothing.

    ## What it does
    Reports, as information, a `yarn install` that the Dockerfile shows to be yarn 2+:
    a berry-only flag (`--immutable`, `--immutable-cache`, `--check-cache`), `corepack`
    or `yarn set version` before it, a `.yarnrc.yml` copied into the project, or (with
    the build context known) `packageManager: yarn@2+` in `package.json`.

    ## Why
    Berry's cache is `.yarn/cache` inside the project (often committed: zero-installs)
    unless `enableGlobalCache` is true, which is the default from yarn 4 (then
    `~/.yarn/berry/cache`, or `YARN_GLOBAL_FOLDER/cache`). Which of these applies
    depends on the yarn version and `.yarnrc.yml`, so a mount at yarn classic's
    directory (YRN001) would do nothing, and a mount on `.yarn/cache` would hide the
    project's own cache. Mount `~/.yarn/berry/cache` yourself when you know global
    caching is on.

    ## Example
    ```Dockerfile
    FROM node:22
    WORKDIR /app
    COPY . .
    RUN corepack enable && yarn install --immutable
    ```

    ## Fix safety
    No fix.
    """
    if not enabled(context):
        return
    analysis = analyse(context.document, context.build_context)
    for install, reason in analysis.berry:
        violation = BerryCacheInProject(command_label(install), reason)
        yield YARN_BERRY_CACHE_IN_PROJECT.finding(violation, command_span(install))


RULES = (
    YARN_CACHE_NOT_MOUNTED, YARN_FILES_NOT_BIND_MOUNTED, YARN_FILES_COPY_REMOVABLE, YARN_CACHE_MOUNT_MISPLACED,
    YARN_BERRY_CACHE_IN_PROJECT,
)  # fmt: skip
