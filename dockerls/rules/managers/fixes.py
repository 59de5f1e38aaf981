"""Fix building blocks shared by the Python rules: bind mounts,
turning the cache back on, and uv's link mode."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.core.findings import Edit
from dockerls.rules.mounts import render_mount
from dockerls.rules.managers.cache import disables_cache, image_variables
from dockerls.rules.managers.keeping import keeps
from dockerls.rules.commands import variable_edit
from dockerls.rules.managers.edits import insert_json_after, remove_spaced, remove_with_following_blanks, remove_word
from dockerls.analysis.invocations import Invocation
from dockerls.analysis.paths import is_inside
from dockerls.analysis.sites import command_sites, site_user
from dockerls.profiles import CacheOffVariable, Profile
from dockerls.rules.commands import removal_edits, word_removal_edit
from dockerls.syntax import Instruction
from dockerls.syntax.shell import shell_of
from dockerls.profiles import UV as UV_PROFILE
from dockerls.syntax import Dockerfile, Span, Word


def merge_edits(edits: list[Edit]) -> tuple[Edit, ...]:
    """Edits of one fix with insertions at the same point joined (in order),
    so that the engine does not take them for overlapping edits."""
    merged: list[Edit] = []
    insertions: dict[int, int] = {}  # insertion point → its place in ``merged``
    for edit in edits:
        if edit.start == edit.end and edit.start in insertions:
            index = insertions[edit.start]
            other = merged[index]
            merged[index] = Edit(other.start, other.end, other.content + edit.content)
            continue
        if edit.start == edit.end:
            insertions[edit.start] = len(merged)
        merged.append(edit)
    return tuple(sorted(merged, key=lambda edit: (edit.start, edit.end)))


def bind_mount(source: str, target: str) -> str:
    return render_mount("bind", source=source, target=target)


def cache_off_edits(document: Dockerfile, install: Invocation) -> tuple[list[Edit], list[Span]]:
    """Edits removing what turns the install's cache off: ``--no-cache-dir``
    and the like, and ``PIP_NO_CACHE_DIR=1``-style assignments on its own line."""
    edits = [remove_word(document, install.instruction, word) for word in install.cache_off]
    spans = [word.span for word in install.cache_off]
    variable_edits, variable_spans = off_variable_edits(document, install)
    return edits + variable_edits, spans + variable_spans


def off_variable_edits(document: Dockerfile, install: Invocation) -> tuple[list[Edit], list[Span]]:
    """Edits removing (or setting back) the cache-off assignments on the install's own line."""
    edits: list[Edit] = []
    spans: list[Span] = []
    for variable in _own_off_variables(install):
        off = install.profile.off_variable(variable.name)
        beneath = _beneath(install, variable)
        if beneath is not None and off is not None and off.disables(beneath):
            # Dropping it would let the ENV/ARG/export value turn the cache off again.
            if off.neutral is not None:
                edits.append(Edit(variable.span.start, variable.span.end, f"{variable.name}={off.neutral}"))
            continue
        if variable.kind == "prefix":
            edits.append(remove_with_following_blanks(document, variable.span))
        else:
            edits.append(remove_spaced(document, variable.span))
        spans.append(variable.span)
    return edits, spans


def _beneath(install: Invocation, own) -> str | None:
    """The value the command would see for ``own``'s variable without its own line."""
    earlier = [v for v in install.site.variables if v.name == own.name and v is not own and v.kind == "export"]
    if earlier:
        return install.state.expand(earlier[-1].value) if earlier[-1].value is not None else None
    if install.site.env_reset:
        return None
    value = install.state.lookup(own.name)
    return install.state.expand(value) if value is not None else None


def _own_off_variables(install: Invocation):
    """The cache-off variables set on the install's own line (before it, or after ``env``)."""
    found = []
    for off in install.profile.cache_off_variables:
        variable = install.site.variable(off.name)
        if variable is None or variable.kind not in ("prefix", "wrapper") or variable.span is None:
            continue
        if disables_cache(install, off.name, install.state.expand(variable.value or "")):
            found.append(variable)
    return found


def inherited_off(install: Invocation) -> list[tuple[CacheOffVariable, str]]:
    """The cache-off variables the command gets from ENV, ARG or an earlier ``export``
    (not from its own line, which ``cache_off_edits`` handles), with their values."""
    found = []
    for off in install.profile.cache_off_variables:
        own = install.site.variable(off.name)
        if own is not None and own.kind in ("prefix", "wrapper"):
            continue
        value = install.lookup(off.name)
        if value is None:
            continue
        expanded = install.state.expand(value)
        if off.disables(expanded):
            found.append((off, expanded))
    return found


@dataclass(frozen=True, slots=True)
class CleanupRemoval:
    edits: tuple[Edit, ...]
    spans: tuple[Span, ...]  # what the edits delete (editors fade it)
    leaves: str | None = None  # what a dropped cleanup also emptied and now stays in the image


def pointless_cleanups(document: Dockerfile, instruction: Instruction, profile: Profile, mounted: list[str]) -> CleanupRemoval | None:
    """The commands of the RUN that only empty a cache the fix mounts (``npm cache clean``,
    ``rm -rf /root/.npm``), and the edits removing them without changing what the rest does.
    An ``rm`` that also deletes something else loses only its operands inside the mounts: left
    there, they would empty the cache on every build (or fail on the mount point itself)."""
    script = shell_of(instruction)
    if script is None or script.has_error:
        return None
    pointless = []
    leaves: str | None = None
    operand_edits: list[Edit] = []
    operand_spans: list[Span] = []
    for site in command_sites(instruction):
        if site.nested:
            continue
        words = site.words
        if profile.matches_program(site.program) and any(_starts_with(words[1:], c) for c in profile.cleanups):
            pointless.append(site.command)
            leaves = leaves or next((what for c, what in profile.cleanups_beyond if _starts_with(words[1:], c)), None)
        elif site.program == "rm":
            inside = _operands_inside(site, mounted, image_variables(document, instruction, profile))
            if not inside:
                continue
            if all(inside.values()):
                pointless.append(site.command)
                continue
            for index, within in inside.items():
                edit = word_removal_edit(site.command, site.program_index + index) if within else None
                if edit is not None:
                    operand_edits.append(edit)
                    operand_spans.append(site.argv[index].span)
    if not pointless and not operand_edits:
        return None
    edits, kept = removal_edits(script, pointless) if pointless else ([], [])
    removed = [command.span for command in pointless if command not in kept]
    edits = sorted([*edits, *operand_edits], key=lambda edit: (edit.start, edit.end))
    return CleanupRemoval(tuple(edits), tuple(sorted([*removed, *operand_spans])), leaves) if edits else None


def _starts_with(words: list[str], command: tuple[str, ...]) -> bool:
    """Whether ``words`` start with ``command``, as written or after the switches before it
    (``mvn -B dependency:purge-local-repository``, ``dnf -y clean all``)."""
    plain = [word for word in words if not word.startswith("-")]
    return tuple(words[: len(command)]) == command or tuple(plain[: len(command)]) == command


def removes_mount_point(document: Dockerfile, instruction: Instruction, mounted: list[str], profile: Profile | None = None) -> str | None:
    """An ``rm`` of the RUN that would delete a directory holding one of the ``mounted``
    directories (``rm -rf /var/cache/*``): with the mount it empties the cache and fails on
    the mount point. The command, for a message; None when there is none. An operand that
    names a variable placing ``profile``'s cache which the Dockerfile does not set (an
    image's ``$GEM_HOME/cache``) may be one: it counts too."""
    placing = _placing_variables(profile) if profile is not None else None
    defaults = image_variables(document, instruction, profile) if profile is not None else None
    for site in command_sites(instruction):
        if site.program != "rm" or site.nested:
            continue
        for word in site.argv[1:]:
            if word.text.startswith("-"):
                continue
            path = site.expand(word.text, defaults)
            if path is None and placing is not None and placing.search(word.text):
                return " ".join(site.words)
            if path is None or not path.startswith("/"):
                continue
            path = posixpath.normpath(path.rstrip("*").rstrip("/") or "/")
            if any(target != path and is_inside(target, path) for target in mounted):
                return " ".join(site.words)
    return None


def _placing_variables(profile: Profile) -> re.Pattern[str] | None:
    """A pattern of ``$NAME``/``${NAME}`` for the variables that place the profile's caches."""
    names = {name for cache in profile.caches for name in (*cache.variables, *(n for n, _ in cache.derived))}
    if not names:
        return None
    return re.compile(r"\$\{?(" + "|".join(sorted(map(re.escape, names))) + r")\b")


def _operands_inside(site, mounted: list[str], defaults: dict[str, str] | None = None) -> dict[int, bool] | None:
    """An ``rm``'s operands (by their index in the site's argv) and whether each lies inside one of
    the ``mounted`` directories; None when an option or an operand cannot be read."""
    operands: dict[int, bool] = {}
    for index, word in enumerate(site.argv[1:], start=1):
        if word.text.startswith("-"):
            if not all(letter in "rRfv" for letter in word.text.lstrip("-")) and word.text not in ("--recursive", "--force"):
                return None
            continue
        path = site.expand(word.text, defaults)
        if path is None:
            return None
        if path.startswith("~/") or path == "~":
            # The shell expands `~` from HOME, which the user's own home gives when nothing sets it.
            home = site.lookup("HOME") or site_user(site).home
            if home is None:
                return None
            path = home + path[1:]
        if not path.startswith("/"):
            if site.cwd is None:
                return None
            path = posixpath.join(site.cwd, path)
        path = posixpath.normpath(path.rstrip("*").rstrip("/") or "/")
        operands[index] = any(is_inside(path, target) for target in mounted)
    return operands or None


def cache_turned_off(install: Invocation) -> bool:
    """Whether the command's cache is off: a switch or a variable on its line turns it off,
    or the manager deletes what it downloads unless told to keep it (dnf, apk)."""
    return bool(install.cache_off) or bool(_own_off_variables(install)) or not keeps(install)


def link_mode(install: Invocation) -> str | None:
    """uv's link mode for the install: ``--link-mode``, else UV_LINK_MODE; None for the default."""
    if "link-mode" in install.options:
        return install.state.expand(install.options["link-mode"])
    return install.lookup("UV_LINK_MODE") or None


def link_mode_edit(document: Dockerfile, install: Invocation) -> Edit | None:
    """Make uv copy files out of its cache: the cached files are not in the image,
    so links into the cache mount must not be left behind."""
    if install.profile is not UV_PROFILE or link_mode(install) == "copy":
        return None
    exec_form = install.instruction.is_exec_form
    if "link-mode" in install.option_words:
        word: Word = install.option_words["link-mode"]
        value = "--link-mode=copy" if word.text.startswith("--link-mode=") else "copy"
        return Edit(word.span.start, word.span.end, f'"{value}"' if exec_form else value)
    if exec_form:
        return insert_json_after(install.subcommand, "--link-mode=copy")
    return variable_edit(document, install.site, "UV_LINK_MODE", "copy")
