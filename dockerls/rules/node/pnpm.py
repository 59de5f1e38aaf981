"""PNP: pnpm installs on the generic package-manager rules (profile: ``dockerls.profiles.node.PNPM``)."""

from __future__ import annotations

from dockerls.profiles import PNPM
from dockerls.rules.managers.family import manager_rule

PNPM_STORE_NOT_MOUNTED = manager_rule("PNP001", "pnpm-store-not-mounted", "cache-not-mounted", PNPM, """\
`pnpm install` or `pnpm fetch` runs without cache mounts on pnpm's store and metadata cache.

## What it does
Reports a RUN whose `pnpm install`, `pnpm i`, `pnpm add` or `pnpm fetch` has no
`--mount=type=cache` on pnpm's store at that point of the build: `--store-dir`, then
`npm_config_store_dir`, then `$PNPM_HOME/store` when `PNPM_HOME` is set, then
`$XDG_DATA_HOME/pnpm/store`, then `~/.local/share/pnpm/store` of the RUN's user; and
its metadata cache (`--cache-dir`, `$XDG_CACHE_HOME/pnpm`, `~/.cache/pnpm`).

## Why
Without it every build downloads every package into a store that ends up in the
image layer. From a store on a cache mount (another file system) pnpm copies
packages into `node_modules` instead of hard-linking them, so the image holds the
same files.

## Example
```Dockerfile
FROM node:22
ENV PNPM_HOME=/pnpm
WORKDIR /app
RUN pnpm install --frozen-lockfile
```
becomes
```Dockerfile
FROM node:22
ENV PNPM_HOME=/pnpm
WORKDIR /app
RUN --mount=type=cache,target=/pnpm/store \\
    --mount=type=cache,target=/root/.cache/pnpm \\
    pnpm install --frozen-lockfile
```

## Fix safety
Safe: the store never lands in the image. The fix removes `pnpm store prune` in the
same RUN. For a user other than root the mount carries its `uid=`/`gid=`; no fix
when the Dockerfile does not show them, or when an `.npmrc` (next to the project or
`~/.npmrc`) or `~/.config/pnpm/rc` copied in sets `store-dir` (or may), or an earlier `pnpm config set store-dir` moves it. pnpm itself comes
from npm here (`npm i -g pnpm`): the build tier cannot prove this rule with a
Debian package.
""")

PNPM_FILES_NOT_BIND_MOUNTED = manager_rule("PNP002", "pnpm-files-not-bind-mounted", "files-not-bind-mounted", PNPM, """\
`pnpm fetch` or a frozen `pnpm install` reads files copied into the image only for it: bind-mount them.

## What it does
Reports `pnpm-lock.yaml` (and `package.json` for `pnpm install --frozen-lockfile`)
that a COPY naming them brought in only for pnpm to read.

## Why
`pnpm fetch` needs only the lockfile: binding it keeps the layer cache keyed on the
lockfile without a layer that holds it. A `pnpm install` without
`--frozen-lockfile` may rewrite the lockfile and is not reported.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY pnpm-lock.yaml ./
RUN pnpm fetch
```

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

PNPM_FILES_COPY_REMOVABLE = manager_rule("PNP003", "pnpm-files-copy-removable", "copy-removable", PNPM, """\
A COPY brings `pnpm-lock.yaml` that only `pnpm fetch` reads.

## What it does
Reports a COPY of pnpm's lockfile (and manifest) when nothing but pnpm reads it
before a later COPY brings it back.

## Why
The file sits in a layer of its own for nothing.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY pnpm-lock.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
```

## Fix safety
Safe when a later COPY brings the file back and the build context holds it; unsafe
when it would be missing from the final image, or the context is unknown.
""")

PNPM_STORE_MOUNT_MISPLACED = manager_rule("PNP005", "pnpm-store-mount-misplaced", "cache-mount-misplaced", PNPM, """\
A pnpm store mount is not where pnpm keeps its store, or belongs to a user pnpm does not run as.

## What it does
Reports a `--mount=type=cache` meant for pnpm (its target names pnpm) that does not
cover the store at that RUN (for example `/pnpm/store` while `PNPM_HOME` is not
set), and a mount the RUN's user cannot write.

## Why
pnpm then fills a store in the image layer and the mount stays empty.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
RUN --mount=type=cache,target=/pnpm/store pnpm install --frozen-lockfile
```

## Fix safety
Safe: only the cache mount changes.
""")

RULES = (PNPM_STORE_NOT_MOUNTED, PNPM_FILES_NOT_BIND_MOUNTED, PNPM_FILES_COPY_REMOVABLE, PNPM_STORE_MOUNT_MISPLACED)
