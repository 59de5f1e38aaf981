"""Managers that keep the packages they download only when told (dnf's ``keepcache``, apk's
cache directory), and indexes a new cache mount hides (apk): what a command says, and the
edits that make a mounted cache hold its packages for that command only.

A fix never touches the image's configuration (``/etc/dnf/dnf.conf``, ``/etc/apk/cache``):
it gives the one command the words that make it keep its packages (``--setopt=keepcache=1``,
``--cache-dir /var/cache/apk``), turns a ``keepcache=0`` it was given into ``keepcache=1``,
and, for apk, refreshes the index the mount hides from it (``--update-cache``, in place of a
``--no-cache`` it drops).
"""

from __future__ import annotations

import json
import posixpath
import shlex
from dataclasses import dataclass

from dockerls.analysis.images import image_matches, root_image
from dockerls.analysis.invocations import Invocation
from dockerls.analysis.memo import remembered
from dockerls.analysis.sites import CommandSite, all_sites, command_sites
from dockerls.analysis.stages import stage_tree
from dockerls.core.findings import Edit
from dockerls.profiles.profile import boolean
from dockerls.rules.managers.cache import program_variant
from dockerls.rules.managers.edits import remove_word
from dockerls.syntax import Dockerfile, Span, Word


def keeps(install: Invocation) -> bool:
    """Whether the command keeps the packages it downloads (always, for managers that do by default)."""
    keeping = install.profile.keeping
    if keeping is None:
        return True
    if keeping.setting is not None and keeping.setting in install.settings:
        return boolean(install.state.expand(install.settings[keeping.setting][0])) is True
    if any(name in install.options for name in keeping.options):
        return True
    document = install.instruction.document
    return document is not None and any(_created_earlier(document, install, path) for path in keeping.paths)


def _created_earlier(document: Dockerfile, install: Invocation, path: str) -> bool:
    """Whether a command before ``install`` in its stage chain makes ``path`` (``ln -s … path``, ``mkdir path``)."""
    tree = stage_tree(document)
    limit = (install.instruction.index, install.site.position)
    for site in remembered(document, ("path-makers", path), lambda: _path_makers(document, path)):
        if (site.instruction.index, site.position) >= limit:
            return False
        if tree.in_chain(site.instruction.stage, install.instruction.stage):
            return True
    return False


def _path_makers(document: Dockerfile, path: str) -> list[CommandSite]:
    found = []
    for site in all_sites(document):
        words = site.words
        if site.program in ("ln", "mkdir") and any(posixpath.normpath(word) == path for word in words[1:] if not word.startswith("-")):
            found.append(site)
    return found


def keep_turned_off(install: Invocation) -> Word | None:
    """The word that turns keeping off explicitly (``--setopt=keepcache=0``), if any."""
    keeping = install.profile.keeping
    if keeping is None or keeping.setting is None or keeping.setting not in install.settings:
        return None
    value, word = install.settings[keeping.setting]
    return word if boolean(install.state.expand(value)) is not True else None


def refreshes(install: Invocation) -> bool:
    """Whether the command, or an earlier command of its RUN, refreshes the index a cache mount
    would hide (always true for managers without one)."""
    profile = install.profile
    if profile.refresh_word is None or any(name in install.options for name in profile.refresh_switches):
        return True
    for site in _run_sites(install):
        if site.position >= install.site.position:
            break
        if profile.matches_program(site.program) and any(tuple(site.words[1 : 1 + len(c)]) == c for c in profile.refresh_commands):
            return True
    return False


def _run_sites(install: Invocation) -> tuple[CommandSite, ...]:
    return command_sites(install.instruction)


@dataclass(frozen=True, slots=True)
class Enabling:
    """The edits that make a command keep its packages in a mount and see a fresh index."""

    edits: tuple[Edit, ...]
    removed: tuple[Span, ...]  # what they delete (faded in editors)
    words: tuple[str, ...]  # what they add, for the fix title
    unsafe: str | None  # why the edits may break the command (a release that lacks the words)


def enabling_edits(document: Dockerfile, install: Invocation, directory: str, *, mounting: bool) -> Enabling:
    """Edits for one command whose cache the fix mounts (``mounting``) or that already has it:
    its cache-off switches dropped (apk's ``--no-cache`` becomes ``--update-cache`` when the
    new mount hides the index), ``keepcache=0`` made ``1``, the keeping words added."""
    profile = install.profile
    edits: list[Edit] = []
    removed: list[Span] = []
    added: list[str] = []
    refresh = mounting and not refreshes(install)
    for word in install.cache_off:
        if refresh and profile.refresh_word is not None:
            edits.append(Edit(word.span.start, word.span.end, _written(install, profile.refresh_word)))
            added.append(profile.refresh_word)
            refresh = False
            continue
        edits.append(remove_word(document, install.instruction, word))
        removed.append(word.span)
    inserted: list[str] = []
    unsafe = None
    keeping = profile.keeping
    if keeping is not None and not keeps(install):
        off = keep_turned_off(install)
        if off is not None:
            value = keeping.words[0].rpartition("=")[2]
            edits.append(Edit(off.span.start, off.span.end, _written(install, off.text.rpartition("=")[0] + "=" + value)))
            added.append(f"{keeping.setting}={value}")
        else:
            inserted.extend(word.replace("{cache}", directory) for word in keeping.words)
        unsafe = _keep_unsafe(document, install)
    if refresh and profile.refresh_word is not None:
        inserted.append(profile.refresh_word)
    if inserted:
        edits.append(_insert_after_program(install, inserted))
        added.extend(inserted)
    return Enabling(tuple(edits), tuple(removed), tuple(added), unsafe)


def _keep_unsafe(document: Dockerfile, install: Invocation) -> str | None:
    variant = program_variant(document, install)[0]
    if variant is None or variant.keep_needs is None:
        return None
    base = root_image(document, install.instruction)
    if any(image_matches(pattern, base) for pattern in variant.keep_images):
        return None
    return f"it needs {variant.keep_needs}, and the base image does not show which release it has"


def _written(install: Invocation, text: str) -> str:
    return json.dumps(text) if install.exec_form else text


def _insert_after_program(install: Invocation, words: list[str]) -> Edit:
    end = install.program.span.end
    if install.exec_form:
        return Edit.insert(end, "".join(f", {json.dumps(word)}" for word in words))
    return Edit.insert(end, "".join(" " + shlex.quote(word) for word in words))
