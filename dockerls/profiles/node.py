"""npm, yarn (classic and berry), pnpm and bun.

Sources: npm's documentation (``npm ci``, ``npm install``, config ``cache``: default
``~/.npm`` on Posix, ``npm_config_*`` environment variables, case-insensitive;
``npm cache``), yarn classic's documentation (``yarn cache``: ``cache-folder``,
``--cache-folder``, ``YARN_CACHE_FOLDER``; ``yarn install --frozen-lockfile``) and its
source (``user-home-dir``: root's home is ``/usr/local/share``; ``getCacheDir``:
``$XDG_CACHE_HOME/yarn``, else ``<home>/.cache/yarn``), yarn berry's documentation
(``cacheFolder``, ``enableGlobalCache``), pnpm's documentation (``store-dir``:
``$PNPM_HOME/store``, ``$XDG_DATA_HOME/pnpm/store``, ``~/.local/share/pnpm/store``;
``pnpm fetch``; ``pnpm store prune``) and bun's documentation ("Global cache":
``~/.bun/install/cache``, ``BUN_INSTALL_CACHE_DIR``; ``--no-cache``) and source
(``fetchCacheDirectoryPath``: ``BUN_INSTALL_CACHE_DIR``, the configured directory,
``$BUN_INSTALL/install/cache``, ``$XDG_CACHE_HOME/.bun/install/cache``, ``~/.bun/install/cache``).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, ConfigFile, Profile, Subcommand

_NPM_INSTALL_ALIASES = tuple((word,) for word in "i in ins inst insta instal isnt isnta isntal isntall add".split())

NPM = Profile(
    name="npm",
    label="npm",
    family="NPM",
    programs=frozenset({"npm"}),
    subcommands=(
        # npm ci never writes package.json or the lockfile: a read-only bind suits it.
        Subcommand(
            ("ci",), aliases=(("clean-install",), ("ic",), ("install-clean",), ("isntall-clean",)),
            project_files=("package.json", "package-lock.json", "npm-shrinkwrap.json"),
        ),
        # npm install rewrites package-lock.json: its files are never bind-mounted.
        Subcommand(("install",), aliases=_NPM_INSTALL_ALIASES, project_files=("package.json", "package-lock.json"), never_bind=True),
    ),
    valued={
        "--cache": "cache", "--prefix": "prefix", "-C": "prefix", "-w": "workspace", "--workspace": "workspace",
        "--registry": "registry", "--loglevel": "loglevel", "--omit": "omit", "--include": "include",
        "--userconfig": "userconfig", "--globalconfig": "globalconfig", "--install-strategy": "install-strategy",
        "--tag": "tag", "--before": "before", "--location": "location", "--script-shell": "script-shell",
    },
    project_options=("prefix",),
    caches=(
        CacheDir(
            "cache", option="cache", variables=("npm_config_cache", "NPM_CONFIG_CACHE"), home_path=".npm",
            source="npm docs, config `cache`: default ~/.npm on Posix; npm_config_cache or --cache moves it",
        ),
    ),
    cleanups=(("cache", "clean"), ("cache", "clear"), ("cache", "rm")),
    config_variables=("npm_config_userconfig", "NPM_CONFIG_USERCONFIG", "npm_config_globalconfig", "NPM_CONFIG_GLOBALCONFIG"),
    config_commands=(("config", "set", "cache"),),
    # npm reads .npmrc from the project, the user's ~/.npmrc and the global npmrc under its
    # prefix (/usr/local in the official image; Debian's npm reads /etc/npmrc).
    config_files=(
        ConfigFile(".npmrc", r"(?m)^\s*cache\s*=", locations=("~/.npmrc", "/usr/local/etc/npmrc", "/etc/npmrc")),
    ),
    mount_names=r"(^|[-_.])npm([-_.]|$)",
    sources=(
        ("official image", "the node images run as root (home /root) and ship user node (uid/gid 1000, home /home/node)"),
        ("npm ci", "npm ci needs package-lock.json or npm-shrinkwrap.json and never writes them"),
    ),
)

YARN = Profile(
    name="yarn",
    label="yarn",
    family="YRN",
    programs=frozenset({"yarn", "yarnpkg"}),
    subcommands=(
        # `yarn` alone installs.
        Subcommand((), project_files=("package.json", "yarn.lock"), bind_needs=("frozen-lockfile", "pure-lockfile", "immutable")),
        Subcommand(("install",), project_files=("package.json", "yarn.lock"), bind_needs=("frozen-lockfile", "pure-lockfile", "immutable")),
        Subcommand(("add",), project_files=("package.json", "yarn.lock"), never_bind=True),
    ),
    valued={
        "--cache-folder": "cache-folder", "--cwd": "cwd", "--modules-folder": "modules-folder",
        "--network-timeout": "network-timeout", "--mutex": "mutex", "--registry": "registry",
        "--global-folder": "global-folder", "--link-folder": "link-folder",
        "--preferred-cache-folder": "preferred-cache-folder",
    },
    project_options=("cwd",),
    caches=(
        CacheDir(
            "cache", option="cache-folder", variables=("YARN_CACHE_FOLDER",), xdg="yarn", home_path=".cache/yarn",
            root_home="/usr/local/share",
            source="yarn classic docs, yarn cache (cache-folder, --cache-folder, YARN_CACHE_FOLDER); its source: root's "
            "home is /usr/local/share, so root caches in /usr/local/share/.cache/yarn",
        ),
    ),
    cleanups=(("cache", "clean"),),
    config_commands=(("config", "set", "cache-folder"),),
    config_files=(ConfigFile(".yarnrc", r"(?m)^\s*[\"']?cache-folder", locations=("~/.yarnrc",)),),
    mount_names=r"yarn",
    sources=(
        ("berry", "yarn 2+ keeps its cache in the project (.yarn/cache) unless enableGlobalCache is on "
                  "(the default from yarn 4: ~/.yarn/berry/cache); YARN_CACHE_FOLDER is classic's"),
        ("frozen lockfile", "yarn install writes yarn.lock unless --frozen-lockfile/--pure-lockfile (classic) or --immutable (berry)"),
    ),
)

PNPM = Profile(
    name="pnpm",
    label="pnpm",
    family="PNP",
    programs=frozenset({"pnpm"}),
    subcommands=(
        Subcommand(("install",), aliases=(("i",),), project_files=("package.json", "pnpm-lock.yaml"), bind_needs=("frozen-lockfile",)),
        # pnpm fetch reads only the lockfile and fills the store.
        Subcommand(("fetch",), project_files=("pnpm-lock.yaml",)),
        Subcommand(("add",), project_files=("package.json", "pnpm-lock.yaml"), never_bind=True),
    ),
    valued={
        "--store-dir": "store-dir", "--cache-dir": "cache-dir", "-C": "dir", "--dir": "dir", "-F": "filter", "--filter": "filter",
        "--reporter": "reporter", "--registry": "registry", "--virtual-store-dir": "virtual-store-dir",
        "--modules-dir": "modules-dir", "--lockfile-dir": "lockfile-dir", "--network-concurrency": "network-concurrency",
        "--child-concurrency": "child-concurrency", "--loglevel": "loglevel",
    },
    project_options=("dir",),
    caches=(
        CacheDir(
            "store", option="store-dir", variables=("npm_config_store_dir", "NPM_CONFIG_STORE_DIR"),
            derived=(("PNPM_HOME", "store"), ("XDG_DATA_HOME", "pnpm/store")), home_path=".local/share/pnpm/store",
            source="pnpm docs, store-dir: $PNPM_HOME/store, else $XDG_DATA_HOME/pnpm/store, else ~/.local/share/pnpm/store",
        ),
        CacheDir(
            "metadata cache", option="cache-dir", variables=("npm_config_cache_dir", "NPM_CONFIG_CACHE_DIR"),
            xdg="pnpm", home_path=".cache/pnpm",
            source="pnpm docs, cache-dir: the package metadata cache, $XDG_CACHE_HOME/pnpm, else ~/.cache/pnpm",
        ),
    ),
    cleanups=(("store", "prune"),),
    config_commands=(("config", "set", "store-dir"),),
    config_files=(
        ConfigFile(".npmrc", r"(?m)^\s*store-dir\s*=", locations=("~/.npmrc",)),
        ConfigFile("rc", r"(?m)^\s*store-dir\s*=", in_project=False, locations=("~/.config/pnpm/rc",)),
    ),
    mount_names=r"pnpm",
    sources=(
        ("store on another file system", "pnpm hard-links from its store and copies when that fails (a cache mount is "
                                         "another file system); it picks the default store only when it can link into PNPM_HOME"),
    ),
)

BUN = Profile(
    name="bun",
    label="bun",
    family="BUN",
    programs=frozenset({"bun"}),
    subcommands=(
        Subcommand(("install",), aliases=(("i",),), project_files=("package.json", "bun.lock", "bun.lockb"), bind_needs=("frozen-lockfile",)),
        Subcommand(("add",), project_files=("package.json", "bun.lock", "bun.lockb"), never_bind=True),
    ),
    valued={
        "--cache-dir": "cache-dir", "--cwd": "cwd", "--registry": "registry", "--backend": "backend",
        "-c": "config", "--config": "config", "--filter": "filter", "--omit": "omit", "--linker": "linker",
        "--concurrent-scripts": "concurrent-scripts", "--network-concurrency": "network-concurrency",
    },
    switches={"--no-cache": "no-cache"},
    project_options=("cwd",),
    caches=(
        CacheDir(
            "cache", option="cache-dir", variables=("BUN_INSTALL_CACHE_DIR",), variables_first=True,
            derived=(("BUN_INSTALL", "install/cache"), ("XDG_CACHE_HOME", ".bun/install/cache")),
            home_path=".bun/install/cache",
            source="bun docs, Global cache (~/.bun/install/cache, BUN_INSTALL_CACHE_DIR); its source, fetchCacheDirectoryPath",
        ),
    ),
    cache_off_flags=frozenset({"no-cache"}),
    cleanups=(("pm", "cache", "rm"),),
    config_files=(
        ConfigFile("bunfig.toml", r"(?m)^\s*(cache\s*=|\[install\.cache\])", locations=("~/.bunfig.toml", "~/.config/.bunfig.toml")),
    ),
    mount_names=r"bun",
    sources=(("not proven", "bun is not packaged by Debian: the build tier cannot run it"),),
)
