"""Where a package manager keeps its caches at a given RUN, read off its profile.

Each cache directory (``dockerls.profiles.CacheDir``) is resolved from the
environment the command sees (its own shell line, then ENV, then ARG), the user
it runs as, and its command-line option: option, variables, ``$VAR/<suffix>``,
what official images set, ``$XDG_CACHE_HOME/<leaf>``, ``<home>/<path>``. A cache
the Dockerfile cannot show (a configuration variable or file, a ``… config``
command that may move it, an unknown user or home) gets no mount, and says why.

Poetry creates its virtual environments under ``<cache>/virtualenvs`` unless
told otherwise; mounting the whole directory would leave the installed
packages out of the image, so its mounts are then ``<cache>/cache`` and
``<cache>/artifacts`` only (hand-written: poetry's own trap).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator

from dockerls.analysis.caches import mount_target
from dockerls.analysis.images import image_matches, image_name, root_image
from dockerls.analysis.invocations import Invocation
from dockerls.analysis.memo import remembered
from dockerls.analysis.paths import is_inside
from dockerls.analysis.projectfiles import copied_file
from dockerls.analysis.sites import CommandSite, all_sites, site_user
from dockerls.analysis.stages import stage_tree
from dockerls.analysis.users import RunUser
from dockerls.core.buildcontext import BuildContext, NO_CONTEXT
from dockerls.core.context import line_number
from dockerls.profiles import POETRY, PROFILES, CacheDir, Profile, Variant
from dockerls.profiles.profile import ConfigFile, boolean
from dockerls.syntax import Dockerfile, Instruction


@dataclass(frozen=True, slots=True)
class CacheLocation:
    """The directories to mount for one invocation, or why they cannot be known."""

    targets: tuple[str, ...]  # absolute; empty when unknown
    user: RunUser
    problem: str | None  # why no mount can be written (unknown directory or owner)
    assumption: str | None = None  # what the targets assume when the Dockerfile does not tell (dnf 4 or dnf5)
    variant: Variant | None = None  # the program behind the command, when the image tells

    @property
    def owner_options(self) -> dict[str, str] | None:
        return self.user.mount_options()


def cache_location(document: Dockerfile, install: Invocation, context: BuildContext = NO_CONTEXT) -> CacheLocation:
    key = ("cache-location", install.tool, install.instruction.index, install.command.span, context)
    return remembered(document, key, lambda: _cache_location(document, install, context))


def _cache_location(document: Dockerfile, install: Invocation, context: BuildContext) -> CacheLocation:
    user = site_user(install.site)
    if not user.known:
        return CacheLocation((), user, "the user it runs as depends on a variable the Dockerfile does not set")
    if install.profile.root_only and not user.is_root:
        who = user.name or "another user"
        return CacheLocation((), user, f"{install.profile.label} installs as root only, and it runs as {who}")
    configured = _configured_elsewhere(document, install, context)
    if configured is not None:
        return CacheLocation((), user, configured)
    variant, assumption = program_variant(document, install)
    targets: list[str] = []
    for cache in _caches_used(install, variant):
        directory, problem = cache_directory(document, install, cache, user)
        if directory is None:
            return CacheLocation((), user, problem)
        if install.profile is POETRY and not _poetry_venvs_elsewhere(document, install, directory):
            targets.extend((posixpath.join(directory, "cache"), posixpath.join(directory, "artifacts")))
        elif directory not in targets:
            targets.append(directory)
    if user.mount_options() is None:
        who = user.name or "this user"
        return CacheLocation(
            tuple(targets), user,
            f"it runs as {who}, whose uid the Dockerfile does not show "
            f"(give it one, e.g. useradd -u 1000 or USER 1000:1000, to get a fix)",
        )
    return CacheLocation(tuple(targets), user, None, assumption, variant)


def _caches_used(install: Invocation, variant: Variant | None) -> list[CacheDir]:
    wanted = install.spec.caches
    variants = install.profile.variants_of(posixpath.basename(install.program.text))
    if variant is not None:
        used: set[str] | None = set(variant.caches)
    elif variants:  # the image does not tell which: every candidate's caches
        used = {name for candidate in variants for name in candidate.caches}
    else:
        used = None
    return [
        cache for cache in install.profile.caches
        if (wanted is None or cache.name in wanted) and (used is None or cache.name in used)
    ]


def program_variant(document: Dockerfile, install: Invocation) -> tuple[Variant | None, str | None]:
    """The program a command name starts (``dnf`` → dnf 4 or dnf5), told by the base image;
    None and what the fix assumes when several may be."""
    variants = install.profile.variants_of(posixpath.basename(install.program.text))
    if not variants:
        return None, None
    if len(variants) == 1:
        return variants[0], None
    base = root_image(document, install.instruction)
    for variant in variants:
        if any(image_matches(pattern, base) for pattern in variant.images):
            return variant, None
    names = " or ".join(variant.name for variant in variants)
    return None, f"the base image does not tell whether `{posixpath.basename(install.program.text)}` is {names}: every one of their caches is mounted"


def cache_directory(document: Dockerfile, install: Invocation, cache: CacheDir, user: RunUser) -> tuple[str | None, str | None]:
    """Where ``cache`` is for ``install`` (absolute), or None and why it cannot be known."""
    option = install.option(cache.option) if cache.option else None
    if cache.fixed:
        return (cache.fixed, None) if option is None else _from_option(option, install, user)
    if option is not None and not cache.variables_first:
        return _below(_from_option(option, install, user), cache.option_suffix)
    for key, suffix in cache.settings:
        value = setting_value(install, key)
        if value is not None:
            return _below(_absolute(_expanded(install, value), install, user), suffix)
    for name in cache.variables:
        value = install.lookup(name)
        # A value that turns the cache off (composer's /dev/null) says nothing of where it is.
        if value and not disables_cache(install, name, value):
            return _absolute(_expanded(install, value), install, user)
    if option is not None:
        return _below(_from_option(option, install, user), cache.option_suffix)
    defaults = image_variables(document, install.instruction, install.profile)
    for name, suffix in cache.derived:
        value = install.lookup(name) or defaults.get(name)
        if value and value.strip():
            first = _expanded(install, value.split(":", 1)[0])
            directory, problem = _absolute(first, install, user)
            return (posixpath.join(directory, suffix) if directory else None), problem
    base = image_name(root_image(document, install.instruction))
    for image, directory in cache.images:
        if base == image or base.rsplit("/", 1)[-1] == image:
            return directory, None
    if cache.xdg:
        xdg = install.lookup("XDG_CACHE_HOME")
        if xdg and xdg.strip():
            directory, problem = _absolute(_expanded(install, xdg), install, user)
            return (posixpath.join(directory, cache.xdg) if directory else None), problem
    if cache.home_path is None:
        return None, f"dockerls does not know where {install.profile.label} keeps its {cache.name}"
    home = cache.root_home if cache.root_home and user.is_root else _home(install, user)
    if home is None:
        who = user.name or "its user"
        return None, f"it runs as {who}, whose home directory the Dockerfile does not show"
    return posixpath.join(home, cache.home_path), None


def setting_value(install: Invocation, key: str) -> str | None:
    """A ``key=value`` setting of the command (``-Dmaven.repo.local=…``): its own line first,
    then the variables it reads as more options (``MAVEN_OPTS``); None when none sets it."""
    if key in install.settings:
        return install.settings[key][0]
    spellings = [spelling for spelling, name in install.profile.valued.items() if name == install.profile.settings_option]
    for variable in install.profile.option_variables:
        words = (install.lookup(variable) or "").split()
        for index, word in enumerate(words):
            for spelling in spellings:
                if word == spelling and index + 1 < len(words):
                    word = spelling + words[index + 1]
                if word.startswith(spelling) and word[len(spelling) :].lstrip("=").startswith(key + "="):
                    return word[len(spelling) :].lstrip("=")[len(key) + 1 :]
    return None


def _below(found: tuple[str | None, str | None], suffix: str) -> tuple[str | None, str | None]:
    directory, problem = found
    return (posixpath.join(directory, suffix) if directory and suffix else directory), problem


def image_variables(document: Dockerfile, instruction: Instruction, profile: Profile) -> dict[str, str]:
    """The variables the RUN's base image sets that place the profile's caches (``image_variables``)."""
    if not profile.image_variables:
        return {}
    base = image_name(root_image(document, instruction))
    return {
        name: value for image, name, value in profile.image_variables if base == image or base.rsplit("/", 1)[-1] == image
    }


def _home(install: Invocation, user: RunUser) -> str | None:
    """The home the program sees: HOME on its own line, else the user's."""
    own = install.site.variable("HOME")
    if own is not None and own.value and own.value.startswith("/"):
        return posixpath.normpath(own.value)
    return user.home


def _expanded(install: Invocation, value: str) -> str | None:
    return install.site.expand(value) if "$" in value else value


def _from_option(option, install: Invocation, user: RunUser) -> tuple[str | None, str | None]:
    value, word = option
    if value is None:
        return None, f"its {word.text.split('=', 1)[0]} depends on a variable the Dockerfile does not set"
    return _absolute(value, install, user)


def _absolute(path: str | None, install: Invocation, user: RunUser) -> tuple[str | None, str | None]:
    if path is None:
        return None, "its cache directory depends on a variable the Dockerfile does not set"
    if path == "~" or path.startswith("~/"):
        if user.home is None:
            return None, "its cache directory is under a home directory the Dockerfile does not show"
        path = user.home + path[1:]
    if posixpath.isabs(path):
        return posixpath.normpath(path), None
    if install.cwd is None:
        return None, "its cache directory is relative and the directory it runs in is unknown"
    return posixpath.normpath(posixpath.join(install.cwd, path)), None


# --- configuration dockerls cannot read --------------------------------------------------


def _earlier_config_commands(document: Dockerfile, install: Invocation) -> Iterator[tuple[Instruction, CommandSite]]:
    """The manager's ``… config …`` commands that run before the install: earlier RUNs
    of the stage chain, then this RUN (looking at every command per install is quadratic)."""
    instruction = install.instruction
    tree = stage_tree(document)
    limit = (instruction.index, install.site.position)
    for site in remembered(document, ("config-commands", install.tool), lambda: _config_commands(document, install.profile)):
        earlier = site.instruction
        if (earlier.index, site.position) >= limit:
            return
        if tree.in_chain(earlier.stage, instruction.stage):
            yield earlier, site


def _config_commands(document: Dockerfile, profile: Profile) -> list[CommandSite]:
    """Every command of the profile's manager whose first word starts one of its config commands."""
    firsts = {words[0] for words in profile.config_commands}
    if profile is POETRY:
        firsts.add("config")  # poetry's virtualenvs settings are read too
    return [
        site
        for site in all_sites(document)
        if len(site.argv) >= 2 and site.argv[1].text in firsts and _is_program(profile, site)
    ]


def _is_program(profile: Profile, site: CommandSite) -> bool:
    return profile.matches_program(site.program)


def _configured_elsewhere(document: Dockerfile, install: Invocation, context: BuildContext) -> str | None:
    """A reason the cache directory cannot be read off the Dockerfile, if any."""
    profile = install.profile
    for name in profile.config_variables:
        if install.lookup(name):
            return f"{name} points {profile.label} at a configuration file dockerls does not read"
    for name in profile.config_options:
        if name in install.options:
            read = next((config for config in profile.config_files if config.option == name), None)
            if read is not None:
                found = _named_config_file(document, install, read, context)
                if found is False:
                    continue
                if found is not None:
                    return found
            return f"`--{name}` points {profile.label} at a configuration or root dockerls does not read"
    for mover in profile.cache_movers:
        value = install.options.get(mover.name) if mover.option else install.lookup(mover.name)
        if value is not None and (mover.applies is None or mover.applies(value)):
            shown = f"`--{mover.name}`" if mover.option else f"{mover.name}={value}"
            return f"{shown} {mover.why}"
    for key in profile.config_settings:
        if key in install.settings:
            return f"`{install.settings[key][1].text}` moves its cache"
    for earlier, site in _earlier_config_commands(document, install):
        words = site.words
        for command in profile.config_commands:
            if words[1] == command[0] and all(word in words[2:] for word in command[1:]):
                line = line_number(document, earlier.span.start)
                shown = " ".join(words[: 2 + len(command) - 1])
                return f"`{shown}` on line {line} may move or disable its cache"
    for config in profile.config_files:
        if config.option is not None:
            continue  # read where its option names it
        for path, shown in _config_paths(install, config):
            found = _config_file_setting(document, install, config, path, shown, context)
            if found is not None:
                return found
    return None


def _named_config_file(document: Dockerfile, install: Invocation, config, context: BuildContext) -> str | None | bool:
    """The configuration file an option names (maven's ``--settings``), read when a COPY brought it
    from a known build context: False when it does not set the cache, the reason when it does,
    None when it cannot be read."""
    value = install.option(config.option)
    path = value[0] if value is not None else None
    if path is None or not (posixpath.isabs(path) or install.cwd is not None):
        return None
    path = posixpath.normpath(posixpath.join(install.cwd or "/", path))
    found = copied_file(document, install.instruction, path, context)
    if found is None or found.text is None:
        return None
    if re.search(config.key, found.text):
        line = line_number(document, found.copy.span.start)
        return f"{posixpath.basename(path)} (copied on line {line}) sets where {install.profile.label} caches"
    return False


def _config_paths(install: Invocation, config: ConfigFile) -> Iterator[tuple[str, str]]:
    """Where the manager looks for ``config`` when it runs this command, and how to name it."""
    if config.in_project and install.cwd is not None:
        yield posixpath.join(install.cwd, config.name), config.name
    home = _home(install, site_user(install.site))
    for location in config.locations:
        if not location.startswith("~/"):
            yield location, location
        elif home is not None:
            yield posixpath.join(home, location[2:]), location


def _config_file_setting(
    document: Dockerfile, install: Invocation, config: ConfigFile, path: str, shown: str, context: BuildContext,
) -> str | None:
    """A COPY (or a bind mount of this RUN) that put the manager's config file at ``path``, when
    that file may set the cache (its text says so, or it is named and the build context is unknown)."""
    found = copied_file(document, install.instruction, path, context)
    if found is None:
        return _bound_config_setting(install, config, path, shown, context)
    line = line_number(document, found.copy.span.start)
    if found.text is not None:
        if re.search(config.key, found.text):
            return f"{shown} (copied on line {line}) sets where {install.profile.label} caches"
        return None
    if found.named and not context.known:
        return f"{shown} (copied on line {line}) may set where {install.profile.label} caches"
    return None


def _bound_config_setting(install: Invocation, config: ConfigFile, path: str, shown: str, context: BuildContext) -> str | None:
    """The same for a config file the RUN bind-mounts from the build context (composer.json
    is also the manifest a fix binds)."""
    for flag in install.instruction.mounts:
        if flag.mount_type != "bind" or flag.mount_get("from") or mount_target(flag, install.instruction) != path:
            continue
        source = (flag.mount_get("source") or ".").lstrip("/")
        text = context.read_text(source) if context.known else None
        if text is None:
            return f"{shown} (bind-mounted) may set where {install.profile.label} caches"
        if re.search(config.key, text):
            return f"{shown} (bind-mounted) sets where {install.profile.label} caches"
    return None


def _poetry_venvs_elsewhere(document: Dockerfile, install: Invocation, cache: str) -> bool:
    """Whether poetry's virtual environment is known to live outside its cache directory."""
    settings = {
        "virtualenvs.create": install.lookup("POETRY_VIRTUALENVS_CREATE"),
        "virtualenvs.in-project": install.lookup("POETRY_VIRTUALENVS_IN_PROJECT"),
        "virtualenvs.path": install.lookup("POETRY_VIRTUALENVS_PATH"),
    }
    for _, site in _earlier_config_commands(document, install):
        words = site.words
        if len(words) >= 4 and posixpath.basename(words[0]) == "poetry" and words[1] == "config":
            values = [word for word in words[2:] if not word.startswith("-")]
            if len(values) == 2 and values[0] in settings:
                settings[values[0]] = values[1]
    if _boolean(settings["virtualenvs.create"]) is False or _boolean(settings["virtualenvs.in-project"]) is True:
        return True
    path = settings["virtualenvs.path"]
    if path and posixpath.isabs(path) and not is_inside(posixpath.normpath(path), cache):
        return True
    active = install.lookup("VIRTUAL_ENV")
    return bool(active and posixpath.isabs(active) and not is_inside(posixpath.normpath(active), cache))


# --- mounts on the RUN ----------------------------------------------------------


def looks_like_cache_of(tool: str, target: str) -> bool:
    """Whether a mount target names the tool's cache (``/root/.cache/pip``, ``/pip-cache``, …)."""
    pattern = _MOUNT_NAMES.get(tool)
    if pattern is None:
        return False
    parts = [part for part in target.split("/") if part]
    return any(pattern.search(part) for part in parts[-3:])


_MOUNT_NAMES = {profile.name: re.compile(profile.mount_names) for profile in PROFILES if profile.mount_names}


def disables_cache(install: Invocation, name: str, value: str | None) -> bool:
    """Whether ``value`` of the cache-off variable ``name`` turns the manager's cache off
    (each variable's semantics are in its profile)."""
    variable = install.profile.off_variable(name)
    return variable is not None and value is not None and variable.disables(value)


def _boolean(value: str | None) -> bool | None:
    return boolean(value)
