"""GEM: ``gem install`` on the generic package-manager rules (profile: ``dockerls.profiles.ruby.GEM``)."""

from __future__ import annotations

from dockerls.profiles import GEM
from dockerls.rules.managers.family import manager_rule

GEM_CACHE_NOT_MOUNTED = manager_rule("GEM001", "gem-cache-not-mounted", "cache-not-mounted", GEM, """\
`gem install` runs without a cache mount on the cache of the gem directory it installs into.

## What it does
Reports a RUN whose `gem install` or `gem update` has no `--mount=type=cache` on the
`cache/` directory of where it installs: `--install-dir DIR` (`DIR/cache`), then
`$GEM_HOME/cache`, then `/usr/local/bundle/cache` in the official `ruby` image (it sets
`GEM_HOME=/usr/local/bundle`). Also reports an `rm` of the cache in a RUN that has the
mount: it empties the mount on every build (or fails on the mount point itself).

## Why
RubyGems keeps each gem's downloaded `.gem` archive there and does not fetch one that
is already there: without the mount every build downloads every gem again. Only that
directory is a download cache: the rest of `GEM_HOME` is the installed gems, the
image's content.

## Example
```Dockerfile
FROM ruby:3.3 AS tools
RUN gem install --no-document rake && rm -rf /usr/local/bundle/cache
```
becomes
```Dockerfile
FROM ruby:3.3 AS tools
RUN --mount=type=cache,target=/usr/local/bundle/cache \\
    gem install --no-document rake
```

## Fix safety
Safe when the RUN already deletes the cache (`rm -rf $GEM_HOME/cache`, `$GEM_HOME` read
as the `ruby` image sets it when the Dockerfile does not; the fix drops that `rm`, which
would empty the mount on every build and fail on its mount point), or when the stage is
not part of the final image. An `rm` naming `$GEM_HOME` where its value is unknown gets
no fix. Unsafe otherwise: the `.gem` archives leave the image, which
`gem pristine` and `gem install --local` in a container would miss. `--no-document`
has nothing to do with caching; `gem cleanup` uninstalls old gem versions and is kept.
For a user other than root the mount carries its `uid=`/`gid=`. No fix when the
Dockerfile does not show where gems go (no `GEM_HOME` and not the `ruby` image: the
default gem directory depends on the Ruby build and version), with `--user-install`,
`--config-file` or `GEMRC`. Build-proven (tests/build/pairs/gem-*) against a local gem
repository.
""")

GEM_CACHE_MOUNT_MISPLACED = manager_rule("GEM005", "gem-cache-mount-misplaced", "cache-mount-misplaced", GEM, """\
A gem cache mount is not on the gem directory's `cache/`, hides the installed gems, or belongs to another user.

## What it does
Reports a `--mount=type=cache` meant for gems (its target is named gem, gems or
rubygems) that does not cover `$GEM_HOME/cache` at that RUN, a cache mount on a
directory above it (all of `GEM_HOME`, say), and one on it that the RUN's user cannot
write.

## Why
A mount elsewhere caches nothing. A mount on `GEM_HOME` itself is worse: the gems the
RUN installs land in the cache, not in the image, which then lacks them.

## Example
```Dockerfile
FROM ruby:3.3
RUN --mount=type=cache,target=/usr/local/bundle gem install rake
```

## Fix safety
Moving a misplaced mount is safe: only the cache mount changes. Narrowing a mount on
`GEM_HOME` to its `cache/` is unsafe: the installed gems then stay in the image, which
is what the RUN meant but changes the image.
""")

RULES = (GEM_CACHE_NOT_MOUNTED, GEM_CACHE_MOUNT_MISPLACED)
