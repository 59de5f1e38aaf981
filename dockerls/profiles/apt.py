"""apt: what the hand-written APT rules read from the table.

Sources: apt.conf(5) (``Dir::Cache::Archives`` is ``/var/cache/apt/archives``,
``Dir::State::Lists`` is ``/var/lib/apt/lists``; ``APT::Keep-Downloaded-Packages``),
apt-get(8) (``clean``, ``distclean``), and the Debian and Ubuntu images'
``/etc/apt/apt.conf.d/docker-clean``. The lists, ``extended_states`` and docker-clean
stay hand-written in ``dockerls.rules.apt``.
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, Profile, Subcommand

_INSTALLING = ("install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade", "build-dep", "satisfy")

APT = Profile(
    name="apt",
    label="apt",
    family="APT",
    programs=frozenset({"apt-get", "apt", "aptitude"}),
    subcommands=tuple(Subcommand((word,)) for word in _INSTALLING) + (Subcommand(("update",), caches=("lists",)),),
    caches=(
        CacheDir("archives", fixed="/var/cache/apt", source="apt.conf(5): Dir::Cache (archives, pkgcache.bin)"),
        CacheDir("lists", fixed="/var/lib/apt/lists", source="apt.conf(5): Dir::State::Lists"),
    ),
    cleanups=(("clean",), ("distclean",)),
    sharing="locked",
    precondition="docker-clean",
    mount_names=r"^apt$",
    sources=(("locking", "apt locks its cache and state directories and expects to be alone: sharing=locked"),),
)
