"""Fix building blocks shared by the Python rules: bind mounts,
turning the cache back on, and uv's link mode."""

from __future__ import annotations

from dockerls.core.findings import Edit
from dockerls.rules.mounts import render_mount
from dockerls.rules.managers.cache import disables_cache
from dockerls.rules.commands import variable_edit
from dockerls.rules.managers.edits import insert_json_after, remove_spaced, remove_with_following_blanks, remove_word
from dockerls.analysis.invocations import Invocation
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
    for variable in _own_off_variables(install):
        if variable.kind == "prefix":
            edits.append(remove_with_following_blanks(document, variable.span))
        else:
            edits.append(remove_spaced(document, variable.span))
        spans.append(variable.span)
    return edits, spans


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


def cache_turned_off(install: Invocation) -> bool:
    return bool(install.cache_off) or bool(_own_off_variables(install))


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
