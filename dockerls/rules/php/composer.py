"""CMP: Composer on the generic package-manager rules (profile: ``dockerls.profiles.php.COMPOSER``)."""

from __future__ import annotations

from dockerls.profiles import COMPOSER
from dockerls.rules.managers.family import manager_rule

COMPOSER_CACHE_NOT_MOUNTED = manager_rule("CMP001", "composer-cache-not-mounted", "cache-not-mounted", COMPOSER, """\
`composer install` runs without a cache mount on Composer's cache, or with `--no-cache`.

## What it does
Reports a RUN whose `composer install`, `update`, `require`, `remove`, `create-project`
or `global require` has no `--mount=type=cache` on Composer's cache directory:
`COMPOSER_CACHE_DIR`, then `$COMPOSER_HOME/cache`, then `/tmp/cache` in the official
`composer` image (it sets `COMPOSER_HOME=/tmp`), then `$XDG_CACHE_HOME/composer`, then
`~/.composer/cache` of the user the RUN runs as. Also reports `--no-cache`, and a
`COMPOSER_CACHE_DIR=/dev/null` the command inherits, which turn the cache off, and a
`composer clear-cache` (or an `rm` of the cache) in a RUN that has the mount: it empties
the mount on every build.

## Why
Without it every build downloads every package archive again. `composer clear-cache`
and `rm -rf ~/.composer/cache` are only there to keep the cache out of the image, which
a cache mount does by itself.

## Example
```Dockerfile
FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN composer install --no-dev --no-interaction && composer clear-cache

FROM php:8.3-fpm
COPY --from=vendor /app /var/www/html
```
becomes
```Dockerfile
FROM composer:2 AS vendor
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache \\
    composer install --no-dev --no-interaction

FROM php:8.3-fpm
COPY --from=vendor /app /var/www/html
```

## Fix safety
Safe: the cache never lands in the image, and `vendor/` (what the image needs) is
written where it was. The fix drops `composer clear-cache` and the `rm` of the cache
directory, and `--no-cache` (Composer's documentation: "Prevent use of the cache").
Where the Dockerfile does not set `COMPOSER_HOME` or `COMPOSER_CACHE_DIR`, the mount is
`~/.composer/cache`: Composer's `Factory` takes `~/.composer` as its home whenever that
directory exists (the mount makes it), so this is where it caches whether or not the
system follows XDG (where `~/.cache/composer` would be the default otherwise). An
inherited `COMPOSER_CACHE_DIR=/dev/null` is set back to empty for the command (an empty
value counts as unset). For a user other than root the mount carries its `uid=`/`gid=`;
no fix when the Dockerfile does not show them, with `COMPOSER` (another manifest),
after `composer config cache-dir`, or with a copied `composer.json` whose `config`
sets `cache-dir`. Build-proven (tests/build/pairs/composer-*) against a local
Composer repository.
""")

_LOCKED_INSTALL = """```Dockerfile
FROM composer:2 AS vendor
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts
COPY . .
```"""

COMPOSER_FILES_NOT_BIND_MOUNTED = manager_rule("CMP002", "composer-files-not-bind-mounted", "files-not-bind-mounted", COMPOSER, f"""\
`composer install` reads `composer.json`/`composer.lock` copied into the image only for it.

## What it does
Reports `composer.json` and `composer.lock` in the directory `composer install` runs in
(or its `--working-dir`) when a COPY brought them in only for that install.

## Why
A bind mount gives Composer the files without a layer that holds them. `install`
with a lock file installs what it lists and writes neither file (Composer's
documentation, "install"); without one it resolves and writes a new `composer.lock`
beside the bound `composer.json`, which a read-only bind does not stop. `update`,
`require` and `remove` rewrite both files: never reported.

## Example
{_LOCKED_INSTALL}

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

COMPOSER_FILES_COPY_REMOVABLE = manager_rule("CMP003", "composer-files-copy-removable", "copy-removable", COMPOSER, f"""\
A COPY brings `composer.json`/`composer.lock` that only `composer install` reads.

## What it does
Reports a COPY of the files `composer install` reads when nothing else reads them
before a later COPY brings them back.

## Why
The files sit in a layer of their own for nothing.

## Example
{_LOCKED_INSTALL}

## Fix safety
Safe when a later COPY brings the files back and the build context holds them; unsafe
when they would be missing from the final image, or the context is unknown.
""")

COMPOSER_CACHE_OFF_VARIABLE = manager_rule("CMP004", "composer-cache-dir-dev-null", "cache-off-variable", COMPOSER, """\
`COMPOSER_CACHE_DIR=/dev/null` is set by ENV or ARG: every later Composer command runs without its cache.

## What it does
Reports an ENV or ARG setting `COMPOSER_CACHE_DIR` to `/dev/null` (what `--no-cache`
does, per Composer's command-line documentation) that a Composer command sees.

## Why
A cache mount is the way to keep the cache out of the image; with the variable, the
mount stays empty and every build downloads everything again.

## Example
```Dockerfile
FROM composer:2
ENV COMPOSER_CACHE_DIR=/dev/null
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/tmp/cache composer install
```

## Fix safety
Safe when nothing after it reads the variable (the ENV or ARG is removed, or the
variable alone when it sets several); unsafe when a container of the final image would
see it (its Composer would then cache).
""")

COMPOSER_CACHE_MOUNT_MISPLACED = manager_rule("CMP005", "composer-cache-mount-misplaced", "cache-mount-misplaced", COMPOSER, """\
A Composer cache mount is not where Composer caches, or belongs to a user it does not run as.

## What it does
Reports a `--mount=type=cache` meant for Composer (its target names composer) that
does not cover Composer's cache directory at that RUN (`/root/.composer/cache` in the
`composer` image, whose `COMPOSER_HOME=/tmp` puts it in `/tmp/cache`), and one on it
that the RUN's user cannot write.

## Why
Composer then downloads every package again (or warns that its cache is not writable
and goes without).

## Example
```Dockerfile
FROM composer:2
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.composer/cache composer install
```

## Fix safety
Safe: only the cache mount changes. No fix when the Dockerfile does not show the user's
uid or home directory. A mount on `~/.cache/composer` is reported too: Composer uses it
only on systems following XDG (an `XDG_*` variable, or `/etc/xdg` in the image) while
`~/.composer` does not exist, which the Dockerfile does not show.
""")

RULES = (
    COMPOSER_CACHE_NOT_MOUNTED,
    COMPOSER_FILES_NOT_BIND_MOUNTED,
    COMPOSER_FILES_COPY_REMOVABLE,
    COMPOSER_CACHE_OFF_VARIABLE,
    COMPOSER_CACHE_MOUNT_MISPLACED,
)
