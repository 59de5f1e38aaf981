"""BUN: bun installs on the generic package-manager rules (profile: ``dockerls.profiles.node.BUN``)."""

from __future__ import annotations

from dockerls.profiles import BUN
from dockerls.rules.managers.family import manager_rule

BUN_CACHE_NOT_MOUNTED = manager_rule("BUN001", "bun-cache-not-mounted", "cache-not-mounted", BUN, """\
`bun install` runs without a cache mount on bun's cache, or with `--no-cache`.

## What it does
Reports a RUN whose `bun install` or `bun add` has no `--mount=type=cache` on bun's
install cache: `BUN_INSTALL_CACHE_DIR`, then `--cache-dir`, then
`$BUN_INSTALL/install/cache`, then `$XDG_CACHE_HOME/.bun/install/cache`, then
`~/.bun/install/cache` of the RUN's user; or that turns the cache off with `--no-cache`.

## Why
Without it every build downloads every package again.

## Example
```Dockerfile
FROM oven/bun:1
WORKDIR /app
RUN bun install --frozen-lockfile --no-cache
```
becomes
```Dockerfile
FROM oven/bun:1
WORKDIR /app
RUN --mount=type=cache,target=/root/.bun/install/cache \\
    bun install --frozen-lockfile
```

## Fix safety
Safe: the cache never lands in the image (bun copies from a cache on another file
system instead of hard-linking). The fix drops `--no-cache` and `bun pm cache rm`.
No fix when a `bunfig.toml` copied next to the project, or a `~/.bunfig.toml`
(`$XDG_CONFIG_HOME/.bunfig.toml`), sets the cache (or may). Built for real (build
tier, pairs `bun-install` and `bun-install-own-user`): same image, and the rebuild
fetches no package again.
""")

BUN_FILES_NOT_BIND_MOUNTED = manager_rule("BUN002", "bun-files-not-bind-mounted", "files-not-bind-mounted", BUN, """\
`bun install --frozen-lockfile` reads `package.json` and `bun.lock` copied into the image only for it.

## What it does
Reports `package.json`, `bun.lock` and `bun.lockb` that a COPY naming them brought in
for a `bun install --frozen-lockfile`.

## Why
A bind mount gives bun the files without a layer that holds them. Without
`--frozen-lockfile` bun may rewrite the lockfile: not reported.

## Example
```Dockerfile
FROM oven/bun:1
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
```

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

BUN_FILES_COPY_REMOVABLE = manager_rule("BUN003", "bun-files-copy-removable", "copy-removable", BUN, """\
A COPY brings `package.json`/`bun.lock` that only `bun install` reads.

## What it does
Reports a COPY of bun's manifest and lockfile when nothing but a frozen
`bun install` reads them before a later COPY brings them back.

## Why
The files sit in a layer of their own for nothing.

## Example
```Dockerfile
FROM oven/bun:1
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
CMD ["bun", "run", "index.ts"]
```

## Fix safety
Safe when a later COPY brings the files back and the build context holds them;
unsafe when they would be missing from the final image, or the context is unknown.
""")

BUN_CACHE_MOUNT_MISPLACED = manager_rule("BUN005", "bun-cache-mount-misplaced", "cache-mount-misplaced", BUN, """\
A bun cache mount is not where bun caches, or belongs to a user bun does not run as.

## What it does
Reports a `--mount=type=cache` meant for bun (its target names bun) that does not
cover bun's install cache at that RUN, and a mount the RUN's user cannot write.

## Why
bun then caches nothing.

## Example
```Dockerfile
FROM oven/bun:1
ENV BUN_INSTALL_CACHE_DIR=/cache/packages
WORKDIR /app
RUN --mount=type=cache,target=/root/.bun/install/cache bun install
```

## Fix safety
Safe: only the cache mount changes.
""")

RULES = (BUN_CACHE_NOT_MOUNTED, BUN_FILES_NOT_BIND_MOUNTED, BUN_FILES_COPY_REMOVABLE, BUN_CACHE_MOUNT_MISPLACED)
