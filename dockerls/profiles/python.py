"""pip, uv and poetry.

Sources: pip's documentation (User Guide, "Caching"; "Configuration", environment
variables and the ``--no-cache-dir`` boolean note), uv's documentation ("Caching",
"Environment variables", CLI reference of ``--no-cache``) and poetry's documentation
("Configuration": ``cache-dir``, ``virtualenvs.*``; ``--no-cache``).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, CacheOffVariable, ConfigFile, Profile, Subcommand, any_valid_boolean, true_boolean

PIP = Profile(
    name="pip",
    label="pip",
    family="PIP0",
    program_pattern=r"pip(\d+(\.\d+)*)?",
    module_of=(r"python(\d+(\.\d+)*)?", "pip"),
    subcommands=(Subcommand(("install",)), Subcommand(("wheel",)), Subcommand(("download",))),
    valued={
    "-r": "requirement", "--requirement": "requirement", "-c": "constraint", "--constraint": "constraint",
    "--cache-dir": "cache-dir", "-e": "editable", "--editable": "editable", "-i": "index-url",
    "--index-url": "index-url", "--extra-index-url": "extra-index-url", "-f": "find-links",
    "--find-links": "find-links", "-t": "target", "--target": "target", "--prefix": "prefix", "--root": "root",
    "--src": "src", "--upgrade-strategy": "upgrade-strategy", "--platform": "platform",
    "--python-version": "python-version", "--implementation": "implementation", "--abi": "abi",
    "--only-binary": "only-binary", "--no-binary": "no-binary", "-C": "config-settings",
    "--config-settings": "config-settings", "--global-option": "global-option", "--report": "report",
    "--progress-bar": "progress-bar", "--root-user-action": "root-user-action", "-w": "wheel-dir",
    "--wheel-dir": "wheel-dir", "-d": "dest", "--dest": "dest", "--log": "log", "--log-file": "log",
    "--proxy": "proxy", "--retries": "retries", "--timeout": "timeout", "--exists-action": "exists-action",
    "--trusted-host": "trusted-host", "--cert": "cert", "--client-cert": "client-cert", "--python": "python",
    "--keyring-provider": "keyring-provider", "--use-feature": "use-feature",
    "--use-deprecated": "use-deprecated", "--resume-retries": "resume-retries", "--group": "group",
},
    # optparse accepts unambiguous prefixes: ``--no-cache`` is ``--no-cache-dir``.
    switches={"--no-cache": "no-cache-dir", "--no-cache-dir": "no-cache-dir"},
    option_files=("requirement", "constraint"),
    follows_includes=True,
    caches=(
        CacheDir(
            "cache", option="cache-dir", variables=("PIP_CACHE_DIR",), xdg="pip", home_path=".cache/pip",
            source="pip docs, Caching: --cache-dir, PIP_CACHE_DIR, else the user cache directory ($XDG_CACHE_HOME/pip, ~/.cache/pip)",
        ),
    ),
    cache_off_flags=frozenset({"no-cache-dir"}),
    cache_off_variables=(
        CacheOffVariable(
            "PIP_NO_CACHE_DIR", any_valid_boolean, "",
            "any valid boolean turns the cache off, even 0/false/off (kept for backwards compatibility); "
            "an empty value is ignored, so `PIP_NO_CACHE_DIR= pip …` uses the cache",
            "pip docs, Configuration: the --no-cache-dir note; issue 17's build (empty value: 0 downloads)",
        ),
    ),
    cleanups=(("cache", "purge"), ("cache", "remove")),
    config_variables=("PIP_CONFIG_FILE",),
    config_commands=(("config",),),
    # pip reads no file from the directory it runs in: the site-wide files (XDG_CONFIG_DIRS,
    # /etc), then the user's (the XDG one and the legacy ~/.pip).
    config_files=(
        ConfigFile(
            "pip.conf", r"(?m)^\s*(no[-_]cache[-_]dir|cache[-_]dir)\s*[=:]", in_project=False,
            locations=("/etc/pip.conf", "/etc/xdg/pip/pip.conf", "~/.config/pip/pip.conf", "~/.pip/pip.conf"),
        ),
    ),
    mount_names=r"(^|[-_.])pip([-_.]|$)",
    sources=(
        ("programs", "pip, pip3, pip3.X and python -m pip start the same pip"),
        ("root cache", "pip running as root uses a cache directory only when root owns it"),
    ),
)

UV = Profile(
    name="uv",
    label="uv",
    family="PIP1",
    programs=frozenset({"uv"}),
    subcommands=(
        Subcommand(("pip", "install")),
        Subcommand(("pip", "sync"), positional_files=True),
        Subcommand(
            ("sync",), project_files=("pyproject.toml", "uv.lock"),
            bind_needs=("locked", "frozen"), bind_variables=("UV_LOCKED", "UV_FROZEN"),
        ),
    ),
    valued={
    "--cache-dir": "cache-dir", "--directory": "directory", "--project": "project", "--config-file": "config-file",
    "--color": "color", "--python-preference": "python-preference", "--allow-insecure-host": "allow-insecure-host",
    "-r": "requirements", "--requirement": "requirements", "--requirements": "requirements",
    "-c": "constraints", "--constraint": "constraints", "--constraints": "constraints",
    "--override": "overrides", "--overrides": "overrides", "-b": "build-constraints",
    "--build-constraint": "build-constraints", "--build-constraints": "build-constraints",
    "-e": "editable", "--editable": "editable", "-p": "python", "--python": "python", "-i": "index-url",
    "--index-url": "index-url", "--index": "index", "--default-index": "default-index",
    "--extra-index-url": "extra-index-url", "-f": "find-links", "--find-links": "find-links",
    "--target": "target", "--prefix": "prefix", "--link-mode": "link-mode", "--python-version": "python-version",
    "--python-platform": "python-platform", "--reinstall-package": "reinstall-package", "-P": "upgrade-package",
    "--upgrade-package": "upgrade-package", "--no-binary": "no-binary", "--only-binary": "only-binary",
    "-C": "config-setting", "--config-setting": "config-setting", "--index-strategy": "index-strategy",
    "--keyring-provider": "keyring-provider", "--resolution": "resolution", "--prerelease": "prerelease",
    "--exclude-newer": "exclude-newer", "--extra": "extra", "--group": "group", "--only-group": "only-group",
    "--no-group": "no-group", "--package": "package", "--no-install-package": "no-install-package",
    "--refresh-package": "refresh-package", "--extra-build-dependencies": "extra-build-dependencies",
},
    switches={"-n": "no-cache", "--no-cache": "no-cache", "--no-cache-dir": "no-cache"},
    option_files=("requirements", "constraints", "overrides", "build-constraints"),
    follows_includes=True,
    project_options=("directory", "project"),
    caches=(
        CacheDir(
            "cache", option="cache-dir", variables=("UV_CACHE_DIR",), xdg="uv", home_path=".cache/uv",
            source="uv docs, Caching: --cache-dir, UV_CACHE_DIR, $XDG_CACHE_HOME/uv, $HOME/.cache/uv",
        ),
    ),
    cache_off_flags=frozenset({"no-cache"}),
    cache_off_variables=(
        CacheOffVariable(
            "UV_NO_CACHE", true_boolean, "false",
            "a true boolean (1, true, yes, on …) turns the cache off; a false one (0, false, no, off) does not",
            "uv docs, Environment variables: UV_NO_CACHE is --no-cache, parsed by clap's boolish value parser",
        ),
    ),
    cleanups=(("cache", "clean"), ("cache", "prune"), ("clean",)),
    config_variables=("UV_CONFIG_FILE",),
    config_options=("config-file",),
    # uv reads uv.toml from the project (the directory it runs in), then the user's and the
    # system's (XDG_CONFIG_DIRS, /etc).
    config_files=(
        ConfigFile(
            "uv.toml", r"(?m)^\s*(cache-dir|no-cache)\s*=",
            locations=("~/.config/uv/uv.toml", "/etc/xdg/uv/uv.toml", "/etc/uv/uv.toml"),
        ),
    ),
    fix_env=(("UV_LINK_MODE", "copy"),),
    mount_names=r"(^|[-_.])uv([-_.]|$)",
    sources=(
        ("link mode", "uv docs, Caching: hard links from a cache on another file system fail; UV_LINK_MODE=copy copies"),
        ("uv sync", "uv sync rewrites uv.lock unless --locked/--frozen (UV_LOCKED/UV_FROZEN)"),
    ),
)

POETRY = Profile(
    name="poetry",
    label="poetry",
    family="PIP2",
    programs=frozenset({"poetry"}),
    subcommands=(
        Subcommand(("install",), project_files=("pyproject.toml", "poetry.lock")),
        Subcommand(("sync",), project_files=("pyproject.toml", "poetry.lock")),
    ),
    valued={
    "-C": "directory", "--directory": "directory", "-P": "project", "--project": "project",
    "-E": "extras", "--extras": "extras", "--with": "with", "--without": "without", "--only": "only",
},
    switches={"--no-cache": "no-cache"},
    project_options=("directory", "project"),
    caches=(
        CacheDir(
            "cache", variables=("POETRY_CACHE_DIR",), xdg="pypoetry", home_path=".cache/pypoetry",
            source="poetry docs, Configuration: cache-dir (POETRY_CACHE_DIR), default the user cache directory",
        ),
    ),
    cache_off_flags=frozenset({"no-cache"}),
    cleanups=(("cache", "clear"),),
    config_commands=(("config", "cache-dir"),),
    # poetry.toml in the project (`poetry config --local`), then the user's config.toml.
    config_files=(
        ConfigFile("poetry.toml", r"(?m)^\s*cache-dir\s*="),
        ConfigFile("config.toml", r"(?m)^\s*cache-dir\s*=", in_project=False, locations=("~/.config/pypoetry/config.toml",)),
    ),
    mount_names=r"poetry",
    sources=(("virtualenvs", "poetry creates virtualenvs under <cache-dir>/virtualenvs unless configured otherwise"),),
)
