"""NPM: npm installs on the generic package-manager rules (profile: ``dockerls.profiles.node.NPM``)."""

from __future__ import annotations

from dockerls.profiles import NPM
from dockerls.rules.managers.family import manager_rule

NPM_CACHE_NOT_MOUNTED = manager_rule("NPM001", "npm-cache-not-mounted", "cache-not-mounted", NPM, """\
`npm ci` or `npm install` runs without a cache mount on npm's cache.

## What it does
Reports a RUN whose `npm ci` or `npm install` (and their aliases: `npm i`,
`npm clean-install` …; also behind `sudo`, `env`, inside `sh -c`) has no
`--mount=type=cache` on the directory npm caches in at that point of the build:
`--cache`, then `npm_config_cache`, then `~/.npm` of the user the RUN runs as
(`/root/.npm` for root, `/home/node/.npm` for the `node` user of the official
images).

## Why
Without a cache mount every build downloads every package tarball again, and
`npm cache clean --force` is only there to keep them out of the image, which a
cache mount does by itself.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
RUN npm ci && npm cache clean --force
```
becomes
```Dockerfile
FROM node:22
WORKDIR /app
RUN --mount=type=cache,target=/root/.npm \\
    npm ci
```

## Fix safety
Safe: the cache never lands in the image. The fix removes `npm cache clean` and
`rm` of the cache directory in the same RUN (the mount makes them pointless). For
a user other than root the mount carries the user's `uid=`/`gid=` and the user
makes the mount points first; no fix when the Dockerfile does not show them, or
when `npm_config_userconfig`, an `.npmrc` copied next to the project, to `~/.npmrc`
or to the global npmrc (`/usr/local/etc/npmrc`, `/etc/npmrc`) that sets `cache` (or
may, with the build context unknown), or an earlier `npm config set cache` may move
the cache.
""")

NPM_FILES_NOT_BIND_MOUNTED = manager_rule("NPM002", "npm-files-not-bind-mounted", "files-not-bind-mounted", NPM, """\
`npm ci` reads `package.json` and its lockfile copied into the image only for it: bind-mount them.

## What it does
Reports `package.json`, `package-lock.json` and `npm-shrinkwrap.json` that a COPY
naming them brought into the image, when the `npm ci` after it is what reads them.

## Why
A bind mount gives npm the files without a layer that holds them; the layer cache
still follows their content. Only `npm ci` qualifies: it never writes the
manifest or the lockfile, while `npm install` rewrites `package-lock.json` and would
fail on a read-only bind.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
```

## Fix safety
Safe when the build context is known and holds the files (not excluded by
`.dockerignore`); unsafe when the context is unknown. The COPY stays (NPM003
removes it where nothing else reads the files).
""")

NPM_FILES_COPY_REMOVABLE = manager_rule("NPM003", "npm-files-copy-removable", "copy-removable", NPM, """\
A COPY brings `package.json`/`package-lock.json` that only `npm ci` reads.

## What it does
Reports a COPY of npm's manifest and lockfile when nothing but `npm ci` reads them
before a later COPY (typically `COPY . .`) brings them back.

## Why
The files then sit in a layer of their own for nothing: binding them where `npm ci`
reads them keeps the layer cache keyed on their content without the layer.

## Example
```Dockerfile
FROM node:22
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```

## Fix safety
Safe when a later COPY brings the files back before anything else reads them and
the build context holds them; unsafe when they would be missing from the final
image, or the context is unknown.
""")

NPM_CACHE_MOUNT_MISPLACED = manager_rule("NPM005", "npm-cache-mount-misplaced", "cache-mount-misplaced", NPM, """\
An npm cache mount is not where npm caches, or belongs to a user npm does not run as.

## What it does
Reports a `--mount=type=cache` meant for npm (its target names npm) that does not
cover the directory npm uses at that RUN (`/root/.npm` after `USER node`, or while
`npm_config_cache` points elsewhere), and a mount on the right directory that the
RUN's user cannot write (owned by root while npm runs as `node`).

## Why
npm then caches nothing (or fails with EACCES when it cannot write the cache).

## Example
```Dockerfile
FROM node:22
USER node
WORKDIR /home/node/app
RUN --mount=type=cache,target=/root/.npm npm ci
```

## Fix safety
Safe: only the cache mount changes. No fix when the Dockerfile does not show the
user's uid or home directory.
""")

RULES = (NPM_CACHE_NOT_MOUNTED, NPM_FILES_NOT_BIND_MOUNTED, NPM_FILES_COPY_REMOVABLE, NPM_CACHE_MOUNT_MISPLACED)
