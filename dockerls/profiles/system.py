"""System package managers: apk, the dnf family (dnf 4, dnf5, yum, microdnf) and zypper.

Sources:
- apk: apk(8) and apk-cache(5) of apk-tools 2.x and 3.x (``/etc/apk/cache`` "is expected to be a
  symlink to the directory apk will use as package cache"; ``--cache-dir``: "temporarily override
  the cache directory"; ``--cache-packages`` (3.x); ``-U, --update-cache``; ``--no-cache``: "do not
  use any local cache path"), and apk-tools' ``database.c``: without ``/etc/apk/cache`` apk falls
  back to ``var/cache/apk`` for its indexes only (``apk_db_cache_active`` is false there, so
  packages are not kept); a ``--cache-dir`` that opens makes the cache active (2.x: any directory
  but the static one; 3.x: ``setup_cache`` sets ``cache_packages``), and in 3.x a ``--cache-dir``
  that does not exist is an error.
- dnf 4: its configuration reference (``cachedir``/``system_cachedir`` ``/var/cache/dnf``,
  ``keepcache`` default False: "Keeps downloaded packages in the cache"; ``--setopt``); dnf5:
  dnf5-caching(7) (root's cache ``/var/cache/libdnf5``, ``keepcache`` False, packages deleted after
  a successful transaction); yum 3: the RHEL 6/7 Deployment Guide, "Working with Yum Cache"
  (``/var/cache/yum``, ``keepcache=0``); microdnf's ``dnf-main.c`` (cache ``/var/cache/yum``,
  ``--setopt=keepcache=0/1`` from microdnf 3.7, pull request 98; older releases reject the setting).
  Which one ``dnf``/``yum`` starts: Fedora 41 made dnf5 its ``dnf``; RHEL 8-10 and their rebuilds
  ship dnf 4 as ``dnf`` and ``yum``; CentOS 7 and Amazon Linux 2 ship yum 3.
- zypper: zypper(8) of zypper 1.14 (global ``--cache-dir``: "an alternative root directory for all
  caches", default ``/var/cache/zypp``; ``/var/cache/zypp/packages`` keeps RPMs only for
  repositories with the ``keeppackages`` property, set by ``addrepo``/``modifyrepo --keep-packages``;
  ``clean``/``cc``; ``$ZYPP_CONF`` names another zypp.conf) and libzypp's zypp.conf.
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, Keeping, Profile, Subcommand, Variant

APK = Profile(
    name="apk",
    label="apk",
    family="APK",
    programs=frozenset({"apk"}),
    subcommands=(Subcommand(("add",)), Subcommand(("upgrade",)), Subcommand(("fix",))),
    valued={
        "-X": "repository", "--repository": "repository", "-p": "root", "--root": "root",
        "--cache-dir": "cache-dir", "--cache-max-age": "cache-max-age", "--keys-dir": "keys-dir",
        "--repositories-file": "repositories-file", "--repository-config": "repository-config",
        "--arch": "arch", "--wait": "wait", "--timeout": "timeout", "--progress-fd": "progress-fd",
        "-t": "virtual", "--virtual": "virtual",
    },
    # getopt reads an unambiguous prefix: ``--update`` is ``--update-cache``.
    switches={"--no-cache": "no-cache", "-U": "update-cache", "--update-cache": "update-cache", "--update": "update-cache"},
    caches=(
        CacheDir(
            "cache", option="cache-dir", fixed="/var/cache/apk",
            source="apk-tools database.c: apk_static_cache_dir var/cache/apk; apk(8): --cache-dir",
        ),
    ),
    cache_off_flags=frozenset({"no-cache"}),
    cleanups=(("cache", "clean"), ("cache", "purge")),
    config_variables=("APK_CONFIG",),
    config_options=("root", "repositories-file"),
    sharing="locked",
    keeping=Keeping(
        options=("cache-dir", "cache-packages"),
        paths=("/etc/apk/cache",),
        words=("--cache-dir", "{cache}"),
        default_off="apk keeps packages only where /etc/apk/cache exists or --cache-dir names its cache",
        source="apk-cache(5); database.c: apk_db_cache_active is false for the static var/cache/apk",
    ),
    root_only=True,
    refresh_switches=("update-cache",),
    refresh_commands=(("update",),),
    refresh_word="--update-cache",
    mount_names=r"^apk$",
    sources=(
        ("no-cache", "apk --no-cache fetches the indexes for the one command and writes nothing to a cache"),
        ("index", "the indexes stay in the cache directory: a mount hides the ones an earlier layer fetched, "
                  "so the fix refreshes them (--update-cache) unless the command or an earlier `apk update` does"),
        ("virtual", "--virtual/-t NAME names a group `apk del NAME` removes later: NAME is not a package"),
        ("locking", "apk locks its database, not the cache directory: concurrent builds sharing it need sharing=locked"),
    ),
)

_DNF_INSTALLING = (
    ("install",), ("in",), ("reinstall",), ("rei",), ("upgrade",), ("up",), ("update",), ("downgrade",), ("dg",),
    ("distro-sync",), ("distrosync",), ("dsync",), ("swap",), ("builddep",), ("groupinstall",), ("localinstall",),
    ("group", "install"), ("group", "upgrade"), ("module", "install"),
)  # fmt: skip

# Images that ship dnf 4 as `dnf` (and `yum`); dnf5 from Fedora 41.
_DNF4_IMAGES = (
    r"fedora:(2\d|3\d|40)(\..*)?", "rockylinux", "rockylinux/rockylinux", "almalinux", "centos:(8|stream8|stream9|stream10).*",
    "centos/centos:stream.*", "ubi8/ubi", "ubi9/ubi", "ubi10/ubi", "ubi8", "ubi9", "ubi10", "ubi8/ubi-init", "ubi9/ubi-init",
    "oraclelinux:(8|9|10).*", "amazonlinux:2023.*",
)
_DNF5_IMAGES = (r"fedora:(4[1-9]|[5-9]\d|latest|rawhide)(\..*)?",)
_YUM3_IMAGES = ("centos:(7|6|centos7|centos6).*", "amazonlinux:(1|2)(\\..*)?", "oraclelinux:(6|7).*", "ubi7", "ubi7/ubi")
_MICRODNF_37_IMAGES = ("ubi9/ubi-minimal", "ubi10/ubi-minimal", r"ubi8/ubi-minimal:(latest|8\.([4-9]|1\d).*)", "ubi9-minimal", "ubi10-minimal")

DNF = Profile(
    name="dnf",
    label="dnf",
    family="DNF",
    programs=frozenset({"dnf", "dnf5", "dnf-3", "yum", "microdnf"}),
    subcommands=tuple(Subcommand(words) for words in _DNF_INSTALLING),
    valued={
        "--setopt": "setopt", "-c": "config", "--config": "config", "--installroot": "installroot",
        "--releasever": "releasever", "--enablerepo": "enablerepo", "--disablerepo": "disablerepo",
        "--repo": "repo", "--repoid": "repo", "-x": "exclude", "--exclude": "exclude", "--forcearch": "forcearch",
        "--downloaddir": "downloaddir", "--destdir": "downloaddir", "--repofrompath": "repofrompath",
        "-d": "debuglevel", "--debuglevel": "debuglevel", "-e": "errorlevel", "--errorlevel": "errorlevel",
        "--rpmverbosity": "rpmverbosity", "--color": "color", "--comment": "comment", "--setvar": "setvar",
        "--advisory": "advisory", "--advisories": "advisory", "--bz": "bz", "--cve": "cve", "--sec-severity": "sec-severity",
        "--installonly-limit": "installonly-limit", "--use-host-config": "use-host-config",
    },
    settings_option="setopt",
    caches=(
        CacheDir("dnf", fixed="/var/cache/dnf", source="dnf conf_ref: system_cachedir /var/cache/dnf"),
        CacheDir("libdnf5", fixed="/var/cache/libdnf5", source="dnf5-caching(7): root's cache /var/cache/libdnf5"),
        CacheDir("yum", fixed="/var/cache/yum", source="yum.conf(5): cachedir /var/cache/yum; microdnf dnf-main.c: CACHEDIR /var/cache/yum"),
    ),
    variants=(
        Variant("dnf 4", frozenset({"dnf", "dnf-3", "yum"}), ("dnf",), _DNF4_IMAGES,
                source="RHEL 8-10 and their rebuilds, Fedora up to 40, Amazon Linux 2023: dnf 4 (yum is its alias)"),
        Variant("dnf5", frozenset({"dnf", "dnf5", "yum"}), ("libdnf5",), _DNF5_IMAGES,
                source="Fedora 41 (Change: SwitchToDnf5): dnf and yum start dnf5"),
        Variant("yum 3", frozenset({"yum"}), ("yum",), _YUM3_IMAGES, source="CentOS 6/7, Amazon Linux 1/2, UBI 7: yum 3"),
        Variant(
            "microdnf", frozenset({"microdnf"}), ("yum",),
            keep_needs="microdnf 3.7 or newer (older releases reject --setopt=keepcache)",
            keep_images=_MICRODNF_37_IMAGES,
            source="microdnf pull request 98 (2021, microdnf 3.7): --setopt=keepcache=0/1; UBI 8.4+ and UBI 9 ship it",
        ),
    ),
    cleanups=(("clean",),),
    config_options=("config", "installroot"),
    config_settings=("cachedir", "system_cachedir", "keepcache_dir"),
    sharing="locked",
    keeping=Keeping(
        setting="keepcache",
        words=("--setopt=keepcache=1",),
        default_off="dnf, yum and microdnf delete the packages they download after the transaction unless keepcache is on",
        source="dnf conf_ref and dnf5-caching(7): keepcache defaults to False; --setopt overrides it for one command",
    ),
    root_only=True,
    mount_names=r"^(dnf|libdnf5|yum)$",
    sources=(
        ("metadata", "the repository metadata stays in the cache either way: a mount without keepcache spares only it"),
        ("clean", "dnf clean all empties the cache; rm of the cache directory fails on a mount point"),
        ("locking", "dnf locks its cache directory: concurrent builds sharing it need sharing=locked"),
    ),
)

ZYPPER = Profile(
    name="zypper",
    label="zypper",
    family="ZYP",
    programs=frozenset({"zypper"}),
    subcommands=(
        Subcommand(("install",), aliases=(("in",),)),
        Subcommand(("update",), aliases=(("up",),)),
        Subcommand(("dist-upgrade",), aliases=(("dup",),)),
        Subcommand(("patch",)),
        Subcommand(("source-install",), aliases=(("si",),)),
        Subcommand(("install-new-recommends",), aliases=(("inr",),)),
    ),
    # Short global options that mean something else after the command (-C, -D, -R) are left out.
    valued={
        "--cache-dir": "cache-dir", "--raw-cache-dir": "raw-cache-dir", "--solv-cache-dir": "solv-cache-dir",
        "--pkg-cache-dir": "pkg-cache-dir", "--root": "root", "--reposd-dir": "reposd-dir", "-c": "config",
        "--config": "config", "-p": "plus-repo", "--plus-repo": "plus-repo", "-r": "repo", "--repo": "repo",
        "--from": "from", "-t": "type", "--type": "type", "--releasever": "releasever", "--userdata": "userdata",
        "-s": "table-style", "--table-style": "table-style", "--installroot": "installroot",
    },
    caches=(
        CacheDir(
            "cache", option="cache-dir", fixed="/var/cache/zypp",
            source="zypper(8): --cache-dir, default /var/cache/zypp (raw/, solv/, packages/ below it)",
        ),
    ),
    cleanups=(("clean",), ("cc",)),
    config_variables=("ZYPP_CONF",),
    config_options=("config", "root", "installroot", "pkg-cache-dir", "raw-cache-dir", "solv-cache-dir"),
    sharing="locked",
    root_only=True,
    mount_names=r"^zypp$",
    sources=(
        ("packages", "zypper keeps RPMs only for repositories with keeppackages (addrepo/modifyrepo --keep-packages); "
                     "nothing turns it on for one command, so a mount keeps the metadata (raw/, solv/) and the packages "
                     "of such repositories only"),
        ("locking", "libzypp locks the system (/run/zypp.pid) but not the cache: concurrent builds need sharing=locked"),
    ),
)
