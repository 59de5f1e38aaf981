"""ZYP: zypper on the generic package-manager rules (profile: ``dockerls.profiles.system.ZYPPER``)."""

from __future__ import annotations

from dockerls.profiles import ZYPPER
from dockerls.rules.managers.family import manager_rule

ZYPPER_CACHE_NOT_MOUNTED = manager_rule("ZYP001", "zypper-cache-not-mounted", "cache-not-mounted", ZYPPER, """\
`zypper install` runs without a cache mount on zypper's cache.

## What it does
Reports a RUN whose `zypper install`/`in`, `update`/`up`, `dist-upgrade`/`dup`,
`patch`, `source-install` or `install-new-recommends` has no `--mount=type=cache` on
zypper's cache, `/var/cache/zypp` (or what the global `--cache-dir` names).

## Why
zypper keeps the repository metadata there (`raw/`, `solv/`): without a mount every
build downloads and parses it again, and `zypper clean` is only there to keep it out
of the image, which a cache mount does by itself. The packages themselves
(`packages/`) are kept only for repositories whose `keeppackages` property is on
(`zypper addrepo --keep-packages`, `zypper modifyrepo --keep-packages`); nothing turns
it on for one command, so for the official images' repositories the mount spares the
metadata downloads only. Turning `keeppackages` on in an earlier RUN changes the
image's repository configuration: dockerls leaves that choice to you.

## Example
```Dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install curl && zypper clean --all
```
becomes
```Dockerfile
FROM opensuse/leap:15.6
RUN --mount=type=cache,target=/var/cache/zypp,sharing=locked \\
    zypper --non-interactive install curl
```

## Fix safety
Safe: the cache never lands in the image. The fix drops `zypper clean`/`cc` and the
`rm` of what lies in the cache (other `rm` operands stay); no fix when an `rm` would
delete a directory above the mount. The mount is `sharing=locked`: libzypp locks the
system, not its cache. Only root installs: a RUN as another user (without `sudo`) is not
reported. No fix with `--root`, `--config`, `--pkg-cache-dir` and the like, or
`ZYPP_CONF`. Not build-proven: the openSUSE archive is not reachable from the build tier;
checked as text against BuildKit's parser and zypper(8) (zypper 1.14).
""")

ZYPPER_CACHE_MOUNT_MISPLACED = manager_rule("ZYP005", "zypper-cache-mount-misplaced", "cache-mount-misplaced", ZYPPER, """\
A zypper cache mount is not where zypper caches, or lacks `sharing=locked`.

## What it does
Reports a `--mount=type=cache` meant for zypper (its target is `zypp`) that does not
cover zypper's cache at that RUN (`/var/cache/zypp`, or the global `--cache-dir`), and
a mount on it without `sharing=locked`.

## Why
zypper then caches nothing in it; without `sharing=locked`, two builds sharing the
cache at once can corrupt it.

## Example
```Dockerfile
FROM opensuse/leap:15.6
RUN --mount=type=cache,target=/var/cache/zypp \\
    zypper --non-interactive install curl
```

## Fix safety
Safe: only the cache mount changes.
""")

RULES = (ZYPPER_CACHE_NOT_MOUNTED, ZYPPER_CACHE_MOUNT_MISPLACED)
