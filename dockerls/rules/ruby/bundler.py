"""BDL: ``bundle install`` on the generic package-manager rules (profile: ``dockerls.profiles.ruby.BUNDLER``)."""

from __future__ import annotations

from dockerls.profiles import BUNDLER
from dockerls.rules.managers.family import manager_rule

BUNDLER_CACHE_NOT_MOUNTED = manager_rule("BDL001", "bundler-cache-not-mounted", "cache-not-mounted", BUNDLER, """\
`bundle install` runs without a cache mount on the gem cache of where it installs.

## What it does
Reports a RUN whose `bundle install` (or `bundle` alone, `bundle update`, `bundle add`)
has no `--mount=type=cache` on `$GEM_HOME/cache` (`/usr/local/bundle/cache` in the
official `ruby` image, which sets `GEM_HOME=/usr/local/bundle` and no `BUNDLE_PATH`).
Also reports an `rm` of the cache in a RUN that has the mount: it empties the mount on
every build (or fails on the mount point itself).

## Why
Bundler downloads each gem's `.gem` archive into the `cache/` of the gem directory it
installs into and skips the download when the archive is there: without the mount every
build downloads every gem again. Only that directory is a download cache; the installed
gems beside it are the image's content.

## Example
```Dockerfile
FROM ruby:3.3
WORKDIR /app
COPY . .
RUN bundle install && rm -rf /usr/local/bundle/cache
CMD ["bundle", "exec", "rackup"]
```
becomes
```Dockerfile
FROM ruby:3.3
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/bundle/cache \\
    bundle install
CMD ["bundle", "exec", "rackup"]
```

## Fix safety
Safe when the RUN already deletes the cache (the fix drops that `rm`, which would empty
the mount on every build) or the stage is not part of the final image; unsafe
otherwise: the `.gem` archives leave the image. `bundle install --no-cache` only skips
copying gems into the app's `vendor/cache` (bundle-install(1)): the download cache is
used either way. For a user other than root the mount carries its `uid=`/`gid=`. No
fix with `BUNDLE_PATH`, `--path`, `--deployment` or `BUNDLE_DEPLOYMENT` (Bundler then
installs under `<path>/ruby/<ABI version>`, which the Dockerfile does not show), after
`bundle config set path`, with a copied `.bundle/config` that sets them, with
`--gemfile`/`BUNDLE_GEMFILE`, or without `GEM_HOME` outside the `ruby` image.
Build-proven (tests/build/pairs/bundler-*) against a local gem repository.
""")

_FROZEN_INSTALL = """```Dockerfile
FROM ruby:3.3
ENV BUNDLE_FROZEN=true
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install
COPY . .
```"""

BUNDLER_FILES_NOT_BIND_MOUNTED = manager_rule("BDL002", "bundler-files-not-bind-mounted", "files-not-bind-mounted", BUNDLER, f"""\
A frozen `bundle install` reads `Gemfile`/`Gemfile.lock` copied into the image only for it.

## What it does
Reports `Gemfile` and `Gemfile.lock` in the directory a frozen `bundle install` runs in
(`BUNDLE_FROZEN` or `BUNDLE_DEPLOYMENT` true, or `--frozen`/`--deployment`) when a COPY
brought them in only for that install.

## Why
A bind mount gives Bundler the files without a layer that holds them. Unfrozen, Bundler
may rewrite `Gemfile.lock` (it adds the platform it runs on, for one: bundle-install(1),
bundle-lock(1)), which fails on a read-only bind: not reported.

## Example
{_FROZEN_INSTALL}

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

BUNDLER_FILES_COPY_REMOVABLE = manager_rule("BDL003", "bundler-files-copy-removable", "copy-removable", BUNDLER, f"""\
A COPY brings `Gemfile`/`Gemfile.lock` that only a frozen `bundle install` reads.

## What it does
Reports a COPY of the files a frozen `bundle install` reads when nothing else reads
them before a later COPY brings them back.

## Why
The files sit in a layer of their own for nothing.

## Example
{_FROZEN_INSTALL}

## Fix safety
Safe when a later COPY brings the files back and the build context holds them; unsafe
when they would be missing from the final image, or the context is unknown.
""")

BUNDLER_CACHE_MOUNT_MISPLACED = manager_rule("BDL005", "bundler-cache-mount-misplaced", "cache-mount-misplaced", BUNDLER, """\
A Bundler cache mount is not on the gem cache, hides the installed gems, or belongs to another user.

## What it does
Reports a `--mount=type=cache` meant for Bundler (its target is named bundler,
bundle-cache, gem or gems) that does not cover `$GEM_HOME/cache` at that RUN, a cache
mount on a directory above it (all of `/usr/local/bundle`, a common pattern), and one
on it that the RUN's user cannot write.

## Why
A mount elsewhere caches nothing. A mount on `GEM_HOME` itself keeps the installed
gems in the cache, not in the image: `bundle exec` in a container of it finds none.
`~/.bundle/cache` (`BUNDLE_USER_CACHE`) holds gems only with `global_gem_cache` on
(bundle-config(1)), so a mount there alone spares no download either.

## Example
```Dockerfile
FROM ruby:3.3
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/bundle bundle install
```

## Fix safety
Moving a misplaced mount is safe: only the cache mount changes. Narrowing a mount on
`GEM_HOME` to its `cache/` is unsafe: the installed gems then stay in the image, which
is what the RUN meant but changes the image.
""")

RULES = (
    BUNDLER_CACHE_NOT_MOUNTED,
    BUNDLER_FILES_NOT_BIND_MOUNTED,
    BUNDLER_FILES_COPY_REMOVABLE,
    BUNDLER_CACHE_MOUNT_MISPLACED,
)
