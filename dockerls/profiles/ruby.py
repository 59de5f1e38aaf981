"""RubyGems (``gem install``) and Bundler (``bundle install``).

Both download a gem's ``.gem`` archive into the ``cache/`` directory of the place they
install into, and install from there; an archive already in it is not downloaded again.
That directory is the only pure download cache: everything else under ``GEM_HOME``
(``gems/``, ``specifications/``, ``extensions/``, ``bin/``) is what the image installs.

Sources: RubyGems' documentation, ``gem help install`` (``-i``/``--install-dir``,
``--user-install``, ``--config-file``) and "RubyGems environment" (``GEM_HOME``: where gems
are installed; a gem's archive is kept in ``<install dir>/cache``), RubyGems'
``RemoteFetcher#download`` (an archive present in the cache directory is not fetched);
Bundler's documentation, bundle-install(1) (``--deployment``, ``--frozen``, ``--path``,
``--system``, ``--gemfile``; ``bundle`` alone installs) and bundle-config(1) (``path``/
``BUNDLE_PATH``: gems go to ``$BUNDLE_PATH/<ruby engine>/<ABI version>``; ``deployment``/
``BUNDLE_DEPLOYMENT`` installs into ``vendor/bundle``; ``frozen``/``BUNDLE_FROZEN``: the lock
file is never changed; ``BUNDLE_APP_CONFIG``; ``global_gem_cache``/``BUNDLE_USER_CACHE``,
off by default), Bundler's ``Source::Rubygems`` (downloads into ``<bundle path>/cache``,
skipped when the archive is there), and the official ``ruby`` image (``GEM_HOME=/usr/local/bundle``,
mode 1777, ``BUNDLE_APP_CONFIG=$GEM_HOME``, no ``BUNDLE_PATH``, runs as root).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, CacheMover, ConfigFile, Profile, Subcommand, boolean

_IMAGE_VARIABLES = (("ruby", "GEM_HOME", "/usr/local/bundle"),)
_CACHE_SOURCE = (
    "RubyGems: a gem's archive is kept in <install dir>/cache (GEM_HOME when set); "
    "the ruby image sets GEM_HOME=/usr/local/bundle"
)
# The .gem archives are also what `gem pristine` restores from: a mount takes them out of the image.
_ARCHIVES_LEAVE = (
    "the downloaded .gem archives leave the image (<GEM_HOME>/cache): `gem pristine` and "
    "`gem install --local` in a container of it no longer find them"
)


def _true(value: str) -> bool:
    return boolean(value) is True


GEM = Profile(
    name="gem",
    label="gem",
    family="GEM",
    programs=frozenset({"gem"}),
    subcommands=(
        Subcommand(("install",), aliases=(("i",),)),
        Subcommand(("update",)),
    ),
    valued={
        "-i": "install-dir", "--install-dir": "install-dir", "-n": "bindir", "--bindir": "bindir",
        "-v": "version", "--version": "version", "-s": "source", "--source": "source", "--platform": "platform",
        "-P": "trust-policy", "--trust-policy": "trust-policy", "--build-root": "build-root",
        "--document": "document", "-g": "file", "--file": "file", "--config-file": "config-file",
        "-p": "http-proxy", "--http-proxy": "http-proxy", "--target-rbconfig": "target-rbconfig",
    },
    caches=(
        CacheDir(
            "cache", option="install-dir", option_suffix="cache", derived=(("GEM_HOME", "cache"),),
            source=_CACHE_SOURCE,
        ),
    ),
    image_variables=_IMAGE_VARIABLES,
    config_variables=("GEMRC",),
    config_options=("config-file",),
    cache_movers=(
        CacheMover("user-install", "installs under ~/.local/share/gem/<ruby engine>/<ABI version>, "
                   "which the Dockerfile does not show", option=True),
    ),
    cache_is_install=_ARCHIVES_LEAVE,
    installs_beside="the installed gems (gems/, specifications/, extensions/, bin/)",
    mount_names=r"^(gems?|gem-cache|rubygems)$",
    sources=(
        ("image content", "GEM_HOME's gems/, specifications/, extensions/ and bin/ are the installed gems: "
                          "only its cache/ may be a cache mount"),
        ("no-document", "--no-document only skips generating documentation; it has nothing to do with the cache"),
        ("cleanup", "gem cleanup uninstalls old versions of installed gems: it is not a cache cleanup"),
    ),
)

_BUNDLE_FILES = ("Gemfile", "Gemfile.lock")
_PATH_WHY = "installs (and caches) under <path>/<ruby engine>/<ABI version>, which the Dockerfile does not show"

BUNDLER = Profile(
    name="bundler",
    label="bundler",
    family="BDL",
    programs=frozenset({"bundle", "bundler"}),
    subcommands=(
        # Without a frozen lock file Bundler may rewrite Gemfile.lock (it adds the platform it
        # runs on, for one): its files are bound read-only only when it is frozen.
        Subcommand((), project_files=_BUNDLE_FILES, bind_needs=("frozen", "deployment"),
                   bind_variables=("BUNDLE_FROZEN", "BUNDLE_DEPLOYMENT")),
        Subcommand(("install",), project_files=_BUNDLE_FILES, bind_needs=("frozen", "deployment"),
                   bind_variables=("BUNDLE_FROZEN", "BUNDLE_DEPLOYMENT")),
        Subcommand(("update",), project_files=_BUNDLE_FILES, never_bind=True),
        Subcommand(("add",), project_files=_BUNDLE_FILES, never_bind=True),
    ),
    valued={
        "--gemfile": "gemfile", "--path": "path", "-j": "jobs", "--jobs": "jobs", "--retry": "retry",
        "--without": "without", "--with": "with", "--binstubs": "binstubs", "--standalone": "standalone",
        "--shebang": "shebang", "--trust-policy": "trust-policy", "--target-rbconfig": "target-rbconfig",
    },
    caches=(
        CacheDir("cache", derived=(("GEM_HOME", "cache"),), source=_CACHE_SOURCE),
    ),
    image_variables=_IMAGE_VARIABLES,
    config_variables=("BUNDLE_GEMFILE",),
    config_options=("gemfile",),
    config_commands=(("config", "path"), ("config", "deployment"), ("config", "system")),
    config_files=(ConfigFile(".bundle/config", r"BUNDLE_(PATH|DEPLOYMENT)\b"),),
    cache_movers=(
        CacheMover("BUNDLE_PATH", _PATH_WHY),
        CacheMover("BUNDLE_DEPLOYMENT", "installs (and caches) under vendor/bundle/<ruby engine>/<ABI version>", applies=_true),
        CacheMover("path", _PATH_WHY, option=True),
        CacheMover("deployment", "installs (and caches) under vendor/bundle/<ruby engine>/<ABI version>", option=True),
    ),
    cache_is_install=_ARCHIVES_LEAVE,
    installs_beside="the installed gems (gems/, specifications/, extensions/, bin/)",
    mount_names=r"^(gems?|gem-cache|bundle-cache|bundler|\.bundle)$",
    sources=(
        ("image content", "bundle install puts gems where gem install does (GEM_HOME unless a path is set): "
                          "only the cache/ there is a download cache"),
        ("no-cache", "bundle install --no-cache only skips copying gems into the app's vendor/cache: "
                     "the download cache is used either way"),
        ("global cache", "Bundler's own ~/.bundle/cache (BUNDLE_USER_CACHE) holds gems only with "
                         "global_gem_cache on (off by default); it also keeps the compact index, which "
                         "is revalidated on every install"),
        ("frozen", "bundle install writes Gemfile.lock unless frozen (--frozen, --deployment, BUNDLE_FROZEN, "
                   "BUNDLE_DEPLOYMENT): only then may it be bound read-only"),
    ),
)
