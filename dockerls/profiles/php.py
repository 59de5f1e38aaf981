"""Composer, PHP's package manager.

Sources: Composer's documentation, "Environment variables" (``COMPOSER_CACHE_DIR``,
``COMPOSER_HOME``: default ``~/.composer``, or ``$XDG_CONFIG_HOME/composer`` on systems
following XDG; ``COMPOSER``: another name for ``composer.json``), "Config" (``cache-dir``:
``$XDG_CACHE_HOME/composer`` on XDG systems, else ``$COMPOSER_HOME/cache``; ``cache-files-dir``
below it), "Command-line interface" (global ``--no-cache``, ``-d``/``--working-dir``;
``install`` reads ``composer.lock`` when it exists and resolves and writes it otherwise;
``update``/``require``/``remove`` write ``composer.json``/``composer.lock``; ``clear-cache``,
aliases ``clearcache`` and ``cc``) and Composer's ``Factory`` (a ``COMPOSER_CACHE_DIR`` that
is empty counts as unset; ``~/.composer`` wins over the XDG directories when it exists; XDG
is in use when an ``XDG_*`` variable is set or ``/etc/xdg`` exists; ``--no-cache`` sets the
cache directory to ``/dev/null``), and the official ``composer`` image (``COMPOSER_HOME=/tmp``,
runs as root).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, CacheOffVariable, ConfigFile, Profile, Subcommand

_PROJECT = ("composer.json", "composer.lock")


def _null_device(value: str) -> bool:
    """``COMPOSER_CACHE_DIR=/dev/null`` is how ``--no-cache`` turns the cache off."""
    return value.strip().rstrip("/") == "/dev/null"


COMPOSER = Profile(
    name="composer",
    label="composer",
    family="CMP",
    programs=frozenset({"composer", "composer.phar", "composer2"}),
    subcommands=(
        # install with a lock file installs what it says and writes neither file; without one it
        # resolves and writes composer.lock next to composer.json (a new file, not the bound one).
        Subcommand(("install",), aliases=(("i",),), project_files=_PROJECT),
        Subcommand(("update",), aliases=(("u",), ("upgrade",)), project_files=_PROJECT, never_bind=True),
        Subcommand(("require",), aliases=(("r",),), project_files=_PROJECT, never_bind=True),
        Subcommand(("remove",), aliases=(("rm",), ("uninstall",)), project_files=_PROJECT, never_bind=True),
        Subcommand(("create-project",), never_bind=True),
        Subcommand(("global", "require"), never_bind=True),
    ),
    valued={
        "-d": "working-dir", "--working-dir": "working-dir", "--prefer-install": "prefer-install",
        "--ignore-platform-req": "ignore-platform-req", "--apcu-autoloader-prefix": "apcu-autoloader-prefix",
        "--audit-format": "audit-format", "--repository": "repository", "--repository-url": "repository",
        "--stability": "stability", "-s": "stability", "--add-repository": "add-repository",
    },
    switches={"--no-cache": "no-cache"},
    project_options=("working-dir",),
    caches=(
        CacheDir(
            "cache", variables=("COMPOSER_CACHE_DIR",), derived=(("COMPOSER_HOME", "cache"),),
            xdg="composer", home_path=".composer/cache",
            source="composer docs, Config cache-dir and Environment variables COMPOSER_CACHE_DIR/COMPOSER_HOME; "
            "Factory: ~/.composer/cache is used whenever it exists (the mount makes it), ~/.cache/composer only "
            "on XDG systems without ~/.composer; the composer image sets COMPOSER_HOME=/tmp",
        ),
    ),
    image_variables=(("composer", "COMPOSER_HOME", "/tmp"),),
    cache_off_flags=frozenset({"no-cache"}),
    cache_off_variables=(
        CacheOffVariable(
            "COMPOSER_CACHE_DIR", _null_device, "",
            "/dev/null turns the cache off (what --no-cache does); an empty value counts as unset, "
            "so `COMPOSER_CACHE_DIR= composer …` uses the default cache",
            "composer docs, Command-line interface --no-cache; Factory::getCacheDir (an empty value is ignored)",
        ),
    ),
    cleanups=(("clear-cache",), ("clearcache",), ("cc",)),
    config_variables=("COMPOSER",),
    config_commands=(("config", "cache-dir"), ("config", "cache-files-dir")),
    config_files=(ConfigFile("composer.json", r'"cache(-files)?-dir"'),),
    mount_names=r"composer",
    sources=(
        ("official image", "the composer image runs as root with COMPOSER_HOME=/tmp; php images run as root "
                           "(HOME /root) and ship www-data (uid 33, home /var/www)"),
        ("vendor", "install writes vendor/ into the project: that is the image's content, never a cache"),
        ("lock", "install without composer.lock writes one: a read-only bind of composer.json leaves the "
                 "directory writable, so the new lock file lands in the image as before"),
        ("home", "a mount on ~/.composer/cache creates ~/.composer, which Composer then takes as its home "
                 "(unless COMPOSER_HOME is set or ~/.config/composer exists): the mount is where it caches"),
    ),
)
