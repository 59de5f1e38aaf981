"""DNF: dnf 4, dnf5, yum and microdnf on the generic package-manager rules (profile: ``dockerls.profiles.system.DNF``)."""

from __future__ import annotations

from dockerls.profiles import DNF
from dockerls.rules.managers.family import manager_rule

DNF_CACHE_NOT_MOUNTED = manager_rule("DNF001", "dnf-cache-not-mounted", "cache-not-mounted", DNF, """\
`dnf install` (or `yum`, `dnf5`, `microdnf`) runs without a cache mount that keeps its packages.

## What it does
Reports a RUN whose `dnf`, `dnf5`, `yum` or `microdnf` install, upgrade, reinstall,
downgrade, distro-sync, group install or builddep has no `--mount=type=cache` on the
cache of the program that runs, or has one but leaves `keepcache` off. The cache is
`/var/cache/dnf` for dnf 4 (the `dnf` and `yum` of RHEL 8-10, Rocky, Alma, CentOS
Stream, UBI, Amazon Linux 2023 and Fedora up to 40), `/var/cache/libdnf5` for dnf5
(`dnf5`, and `dnf`/`yum` from Fedora 41), `/var/cache/yum` for yum 3 (CentOS 7,
Amazon Linux 2) and microdnf (UBI minimal). When the base image does not tell which
program `dnf` or `yum` starts, every candidate's cache is mounted, and the message says so.

## Why
These managers delete the packages they download after every successful transaction
unless `keepcache` is on (it is off by default in all of them): a cache mount alone
keeps the repository metadata only, and every build downloads every package again.
`dnf clean all` and `rm -rf /var/cache/dnf` are only there to keep the cache out of
the image, which a cache mount does by itself; inside a cached RUN they wipe the cache
(and `rm` of the mount point fails).

## Example
```Dockerfile
FROM rockylinux:9
RUN dnf install -y gcc make && dnf clean all && rm -rf /var/cache/dnf
```
becomes
```Dockerfile
FROM rockylinux:9
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \\
    dnf --setopt=keepcache=1 install -y gcc make
```

## Fix safety
Safe: the cache never lands in the image, and the image's configuration stays as it
was: the command alone gets `--setopt=keepcache=1` (a `keepcache=0` it was given
becomes `1`). The fix drops `dnf clean …` and the `rm` of what lies in the mounted
cache (other `rm` operands stay); no fix when an `rm` would delete a directory above
the mount. The mount is `sharing=locked`: dnf locks its cache. Metadata younger than
its `metadata_expire` is reused from the mount, as on any machine that keeps a cache.
For microdnf the fix is unsafe unless the base image is known to ship microdnf 3.7 or
newer (UBI 8.4+, UBI 9 and 10 minimal): older releases reject `--setopt=keepcache`. A
base image that already left files in the cache directory keeps them (hidden by the
mount while the RUN runs), where `dnf clean all` used to delete them. Only root
installs: a RUN as another user (without `sudo`) is not reported. No fix with
`--config`, `--installroot` or a `--setopt` of `cachedir`/`system_cachedir`. Not
build-proven: the Fedora, Red Hat and Rocky archives are not reachable from the build
tier; checked as text against BuildKit's parser and the managers' documented behaviour
(dnf's configuration reference, dnf5-caching(7), yum.conf(5), microdnf's `--setopt`).
""")

DNF_CACHE_MOUNT_MISPLACED = manager_rule("DNF005", "dnf-cache-mount-misplaced", "cache-mount-misplaced", DNF, """\
A dnf/yum cache mount is not where the program that runs caches, or lacks `sharing=locked`.

## What it does
Reports a `--mount=type=cache` meant for the dnf family (its target is `dnf`,
`libdnf5` or `yum`) that does not cover the cache of the program the RUN starts (a
`/var/cache/dnf` mount on Fedora 41, whose `dnf` is dnf5 and caches in
`/var/cache/libdnf5`), and a mount on the right directory without `sharing=locked`.

## Why
The program then caches nothing in the mount; without `sharing=locked`, two builds
sharing the cache at once can corrupt it.

## Example
```Dockerfile
FROM fedora:41
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \\
    dnf --setopt=keepcache=1 install -y gcc
```

## Fix safety
Safe: only the cache mount changes.
""")

RULES = (DNF_CACHE_NOT_MOUNTED, DNF_CACHE_MOUNT_MISPLACED)
