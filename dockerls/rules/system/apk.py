"""APK: apk installs on the generic package-manager rules (profile: ``dockerls.profiles.system.APK``)."""

from __future__ import annotations

from dockerls.profiles import APK
from dockerls.rules.managers.family import manager_rule

APK_CACHE_NOT_MOUNTED = manager_rule("APK001", "apk-cache-not-mounted", "cache-not-mounted", APK, """\
`apk add` runs without a cache mount that keeps its packages, or with `--no-cache`.

## What it does
Reports a RUN whose `apk add`, `apk upgrade` or `apk fix` has no `--mount=type=cache`
on apk's cache directory (`/var/cache/apk`, or what `--cache-dir` names), turns the
cache off with `--no-cache`, or has the mount but does not make apk keep its packages.

## Why
apk keeps downloaded packages only where `/etc/apk/cache` exists (a symlink the
official images do not have) or where `--cache-dir` (or apk 3's `--cache-packages`)
points it. A cache mount on `/var/cache/apk` alone holds the indexes, not the
packages, so every build downloads every package again. `--no-cache` and
`rm -rf /var/cache/apk/*` are only there to keep the cache out of the image, which a
cache mount does by itself.

## Example
```Dockerfile
FROM alpine:3.20
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \\
    && make -C /src install \\
    && apk del .build-deps
```
becomes
```Dockerfile
FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \\
    apk --cache-dir /var/cache/apk add --update-cache --virtual .build-deps gcc musl-dev \\
    && make -C /src install \\
    && apk del .build-deps
```

## Fix safety
Safe: the cache never lands in the image, and the image's configuration stays as it
was (no `/etc/apk/cache` link is made): the command alone gets `--cache-dir
/var/cache/apk`, which makes apk keep its packages there (read in apk-tools 2.12 to 2.14,
Alpine 3.13 and later, and 3.x; older releases are not checked). `--no-cache` becomes
`--update-cache`, so that apk still reads fresh indexes (the mount hides those an earlier
layer fetched; an `apk update` earlier in the RUN does the same job). `--virtual`
groups and a later `apk del` work as before. The fix drops `apk cache clean` and the
`rm` of what lies in the cache directory (`rm -rf /var/cache/apk/*` would empty the
mount on every build); no fix when an `rm` would delete a directory above the mount.
The mount is `sharing=locked`: apk locks its database, not its cache. Only root
installs: a RUN as another user (without `sudo`) is not reported. No fix with `--root`,
`--repositories-file` or `APK_CONFIG`. Not build-proven: Alpine's archive is not
reachable from the build tier and Debian does not package apk; checked as text against
BuildKit's parser and apk-tools' documented behaviour (apk(8), apk-cache(5)).
""")

APK_CACHE_MOUNT_MISPLACED = manager_rule("APK005", "apk-cache-mount-misplaced", "cache-mount-misplaced", APK, """\
An apk cache mount is not where apk caches.

## What it does
Reports a `--mount=type=cache` meant for apk (its target names apk) that does not
cover apk's cache directory at that RUN: `/var/cache/apk`, or the `--cache-dir` the
command gives.

## Why
apk then caches nothing in it.

## Example
```Dockerfile
FROM alpine:3.20
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked \\
    apk --cache-dir /var/cache/apk add curl
```

## Fix safety
Safe: only the cache mount changes. (A mount on `/etc/apk/cache` itself would also
leave that directory in the image, turning apk's cache on for every later install.)
""")

RULES = (APK_CACHE_NOT_MOUNTED, APK_CACHE_MOUNT_MISPLACED)
