"""What a package manager is, as data: one ``Profile`` per manager.

A profile says how the manager is started (programs, subcommands and their
options), which subcommands download and what they read, where each of its
caches lives for a given user and environment, what turns a cache off (with the
exact value semantics of each variable), which commands a cache mount makes
pointless, when the files an install reads may be bind-mounted read-only, the
``sharing=`` its cache mounts want, the environment a fix must set, and where a
configuration file the Dockerfile does not show may move the cache. Every fact
names where it comes from (``sources``).

The generic rules (``dockerls.rules.managers``) are built from this table; what
is truly one manager's (apt's lists and docker-clean, cargo's target/ and
copy-out, uv's link mode, poetry's virtualenvs, yarn berry's project cache) stays
hand-written in its family and is only named here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

TRUE_WORDS = frozenset({"y", "yes", "t", "true", "on", "1"})
FALSE_WORDS = frozenset({"n", "no", "f", "false", "off", "0"})


def boolean(value: str | None) -> bool | None:
    """A boolean as most managers spell it; None when the value is none of them."""
    if value is None:
        return None
    lowered = value.strip().lower()
    return True if lowered in TRUE_WORDS else False if lowered in FALSE_WORDS else None


def any_valid_boolean(value: str) -> bool:
    """pip's PIP_NO_CACHE_DIR: every valid boolean turns the cache off, even ``0``/``false``/``off``."""
    return bool(value.strip()) and boolean(value) is not None


def true_boolean(value: str) -> bool:
    """clap's boolish parser (uv): only a true value turns the cache off."""
    return bool(value.strip()) and boolean(value) is True


def non_empty(value: str) -> bool:
    return bool(value.strip())


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class CacheOffVariable:
    """An environment variable that turns a cache off."""

    name: str
    disables: Callable[[str], bool]  # given its (expanded) value
    # The value that turns the cache back on for one command (``NAME=<value> cmd``),
    # leaving the image's ENV alone; None when no value does.
    neutral: str | None
    semantics: str  # the value semantics, in words, for messages and docs
    source: str


@dataclass(frozen=True)
class CacheDir:
    """One cache of a manager and how its directory is found, first match wins:
    the command-line ``option``, then ``variables`` (each naming the directory itself),
    then ``derived`` (``$VAR/<suffix>``), then what official ``images`` set (their ENV
    is not in the Dockerfile), then ``$XDG_CACHE_HOME/<xdg>``, then
    ``<home>/<home_path>`` (``root_home`` instead of root's home when the manager
    does that)."""

    name: str  # "cache", "store", "module cache", "build cache"
    fixed: str | None = None  # a directory that does not move (apt's)
    option: str | None = None  # canonical option name (see Profile.valued)
    variables_first: bool = False  # the variables win over the option (bun)
    variables: tuple[str, ...] = ()
    derived: tuple[tuple[str, str], ...] = ()
    xdg: str | None = None
    home_path: str | None = None
    root_home: str | None = None
    images: tuple[tuple[str, str], ...] = ()  # (image name, directory)
    # Directories named by a ``key=value`` of ``Profile.settings_option`` (a Java system property,
    # ``-Dmaven.repo.local=…``), each with the suffix the cache has below it ("" for the directory
    # itself); read after the option, on the command line and then in ``Profile.option_variables``.
    settings: tuple[tuple[str, str], ...] = ()
    option_suffix: str = ""  # the option names a directory the cache is this far below (gradle's -g)
    # Files and directories the manager reads from the cache's parent directory (maven's
    # settings.xml beside ~/.m2/repository): a mount on that parent hides what the image put there.
    beside: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class CacheMover:
    """A variable, or with ``option`` a canonical option (switches too), that moves the cache
    where the Dockerfile cannot show it: no mount can be written, and ``why`` says so
    (bundler's ``BUNDLE_PATH`` caches under ``$BUNDLE_PATH/ruby/<Ruby ABI version>/cache``).
    ``applies`` reads the value (default: any value, or the switch given)."""

    name: str
    why: str
    option: bool = False
    applies: Callable[[str], bool] | None = None
    source: str = ""


@dataclass(frozen=True)
class Subcommand:
    """A subcommand that downloads (or, with ``downloads=False``, one the rules still read)."""

    words: tuple[str, ...]  # ("install",), ("mod", "download"), ("pip", "install")
    aliases: tuple[tuple[str, ...], ...] = ()
    downloads: bool = True
    caches: tuple[str, ...] | None = None  # the CacheDir names it uses; None: all
    project_files: tuple[str, ...] = ()  # files it finds in the project directory by itself
    positional_files: bool = False  # its positional arguments are files it reads (uv pip sync r.txt)
    # The read-only bind of the files it reads is safe only with one of these options or
    # variables (true) set: a lockfile it might rewrite otherwise. Empty: always safe.
    bind_needs: tuple[str, ...] = ()
    bind_variables: tuple[str, ...] = ()
    never_bind: bool = False  # it writes its manifest or lockfile: never read-only
    # With one of these options it only reads the cache an earlier install filled (dotnet
    # publish --no-restore): it needs the mount exactly when that install has one.
    reads_only: tuple[str, ...] = ()
    # Its positionals are goals or tasks, any of them (``mvn clean package``, ``gradle build``):
    # it matches whatever they are, after every subcommand that names its words.
    any_arguments: bool = False
    not_with: tuple[str, ...] = ()  # canonical switches that make it download nothing (``--version``)


@dataclass(frozen=True)
class ConfigFile:
    """A configuration file that may move or disable the cache (``key`` a regex of the setting).

    The manager reads it from the directory it runs in (``in_project``) and from fixed
    ``locations``: absolute paths, or ``~/…`` under the home of the user it runs as."""

    name: str  # as found in a directory (".npmrc", "bunfig.toml")
    key: str
    locations: tuple[str, ...] = ()
    in_project: bool = True
    option: str | None = None  # the canonical option that names this file elsewhere (maven's --settings)


@dataclass(frozen=True)
class Keeping:
    """What makes a manager keep the packages it downloads, for managers that delete them
    after each transaction unless told (dnf's ``keepcache``, apk without ``/etc/apk/cache``):
    a cache mount alone then keeps only the repository metadata.

    Keeping is on when one of ``options`` is given, when ``setting`` (a ``key=value`` of
    ``Profile.settings_option``) has a true value, or when an earlier command of the stage
    chain created one of ``paths``. A fix inserts ``words`` right after the program (where
    every release reads global options; ``{cache}`` is the first cache directory), so that
    the command keeps its packages while the image's configuration stays as it was."""

    options: tuple[str, ...] = ()
    setting: str | None = None
    paths: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    default_off: str = ""  # why a mount alone keeps no packages, for messages
    source: str = ""


@dataclass(frozen=True)
class Variant:
    """One program behind a command name, told apart by the base image: ``dnf`` starts
    dnf 4 or dnf5, ``yum`` yum 3, dnf 4 or dnf5, each with its own cache directory.

    ``images`` are patterns of the images that ship it under those names (``name`` or
    ``name:tag-regex``, the tag ``latest`` when none is written). When the image matches no
    variant of a program, every variant's caches are mounted (the messages say so).
    ``keep_needs`` names the release the keeping words need when older ones reject them
    (microdnf before 3.7 fails on ``--setopt=keepcache``); ``keep_images`` are the images
    known to ship one that has them: elsewhere the fix is unsafe and says why."""

    name: str
    programs: frozenset[str]
    caches: tuple[str, ...]
    images: tuple[str, ...] = ()
    keep_needs: str | None = None
    keep_images: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Profile:
    name: str  # "npm"
    label: str  # how messages name it
    family: str  # the rule code prefix ("NPM", "PIP0" …)
    programs: frozenset[str] = frozenset()
    program_pattern: str | None = None  # a regex for versioned names (pip3.12)
    module_of: tuple[str, str] | None = None  # (interpreter regex, module): python -m pip
    subcommands: tuple[Subcommand, ...] = ()
    valued: dict[str, str] = field(default_factory=dict)  # option spelling → canonical name (takes a value)
    switches: dict[str, str] = field(default_factory=dict)  # switch spelling → canonical name
    option_files: tuple[str, ...] = ()  # canonical options whose values are files it reads
    follows_includes: bool = False  # requirement files may include others (-r, -c inside)
    project_options: tuple[str, ...] = ()  # canonical options naming the project directory
    caches: tuple[CacheDir, ...] = ()
    cache_off_flags: frozenset[str] = frozenset()  # canonical switch names
    cache_off_variables: tuple[CacheOffVariable, ...] = ()
    cleanups: tuple[tuple[str, ...], ...] = ()  # subcommand words that empty the cache (made pointless)
    # Cleanups that also empty something the mount does not keep out of the image: dropping one
    # leaves that in the image, so the fix that drops it is unsafe and says what stays.
    cleanups_beyond: tuple[tuple[tuple[str, ...], str], ...] = ()
    config_variables: tuple[str, ...] = ()  # variables pointing at a config file dockerls does not read
    config_commands: tuple[tuple[str, ...], ...] = ()  # ``pip config …``: may move or disable the cache
    config_files: tuple[ConfigFile, ...] = ()
    cache_movers: tuple[CacheMover, ...] = ()  # what moves the cache where the Dockerfile cannot show
    # Variables official images set that place its caches (image, variable, value): ruby's GEM_HOME.
    # Read where the Dockerfile does not set them: for ``CacheDir.derived`` and an ``rm`` of the cache.
    image_variables: tuple[tuple[str, str, str], ...] = ()
    sharing: str | None = None  # ``sharing=`` its cache mounts want (None: BuildKit's default)
    fix_env: tuple[tuple[str, str], ...] = ()  # variables a fix must set on the command
    precondition: str | None = None  # a hand-written hook the family implements (apt: docker-clean)
    mount_names: str = ""  # a regex a mount target's last parts match when it is meant for this cache
    # System managers and friends (apk, dnf, zypper):
    settings_option: str | None = None  # canonical option carrying ``key=value`` settings (dnf's --setopt)
    config_options: tuple[str, ...] = ()  # canonical options that point it at a configuration or root dockerls does not read
    config_settings: tuple[str, ...] = ()  # settings (of settings_option) that move its cache
    keeping: Keeping | None = None  # it deletes downloaded packages unless told to keep them
    variants: tuple[Variant, ...] = ()  # programs whose cache directory depends on the image
    root_only: bool = False  # it installs as root only: its caches are root's, a non-root run gets no fix
    # A manager that needs a fresh index in its cache mount (the mount hides the one an earlier
    # layer holds): the switches and subcommands that refresh it, and the word a fix writes
    # when the command has neither (in place of a cache-off switch it drops, if any).
    refresh_switches: tuple[str, ...] = ()
    refresh_commands: tuple[tuple[str, ...], ...] = ()
    refresh_word: str | None = None
    # Where its cache is also where it installs (NuGet's global packages folder): a mount keeps the
    # packages out of a final image that may need them; what that changes, for the unsafe fix.
    cache_is_install: str | None = None
    # Where a container of the final image that starts the manager (its CMD or ENTRYPOINT: ``mvn
    # spring-boot:run``) reads the cache as installed packages: what that container loses, for the unsafe fix.
    cache_read_at_start: str | None = None
    # Variables whose value the manager reads as more command-line options (MAVEN_OPTS, GRADLE_OPTS):
    # their ``-Dkey=value`` settings count after the command line's.
    option_variables: tuple[str, ...] = ()
    # Where the directory above its cache is what it installs (GEM_HOME holds the cache/ and the
    # installed gems beside it): a cache mount above the cache hides them from the image. What it hides.
    installs_beside: str | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (fact, where it comes from)

    def matches_program(self, program: str) -> bool:
        if program in self.programs:
            return True
        return self.program_pattern is not None and _compiled(self.program_pattern).fullmatch(program) is not None

    def may_start(self, program: str) -> bool:
        """Whether a command whose program is ``program`` may be an invocation (the program or its interpreter)."""
        # Asked of every command by every profile on every check: answered once per program.
        known = self.__dict__.get("_may_start")
        if known is None:
            known = {}
            object.__setattr__(self, "_may_start", known)  # not a field: equality and hash ignore it
        answer = known.get(program)
        if answer is None:
            answer = self.matches_program(program) or (
                self.module_of is not None and _compiled(self.module_of[0]).fullmatch(program) is not None
            )
            if len(known) < 1024:
                known[program] = answer
        return answer

    def cache(self, name: str) -> CacheDir:
        return next(cache for cache in self.caches if cache.name == name)

    def variants_of(self, program: str) -> tuple[Variant, ...]:
        return tuple(variant for variant in self.variants if program in variant.programs)

    def off_variable(self, name: str) -> CacheOffVariable | None:
        return next((variable for variable in self.cache_off_variables if variable.name == name), None)
