"""Fix building blocks shared by the Python rules: bind mounts,
turning the cache back on, and uv's link mode."""

from __future__ import annotations

from dockerls.core.findings import Edit
from dockerls.rules.mounts import render_mount
from dockerls.rules.python.cache import NO_CACHE_VARIABLES, disables_cache
from dockerls.rules.python.edits import insert_json_after, remove_with_following_blanks, remove_word
from dockerls.rules.python.installs import UV, Install
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


def cache_off_edits(document: Dockerfile, install: Install) -> tuple[list[Edit], list[Span]]:
    """Edits removing what turns the install's cache off: ``--no-cache-dir``
    and the like, and ``PIP_NO_CACHE_DIR=1``-style assignments before the command."""
    edits = [remove_word(document, install.instruction, word) for word in install.cache_off]
    spans = [word.span for word in install.cache_off]
    variable = NO_CACHE_VARIABLES.get(install.tool)
    for assignment in install.assignments:
        if assignment.name == variable and disables_cache(install.tool, install.state.expand(assignment.value)):
            edits.append(remove_with_following_blanks(document, assignment.span))
            spans.append(assignment.span)
    return edits, spans


def cache_turned_off(install: Install) -> bool:
    if install.cache_off:
        return True
    variable = NO_CACHE_VARIABLES.get(install.tool)
    return any(
        assignment.name == variable and disables_cache(install.tool, install.state.expand(assignment.value))
        for assignment in install.assignments
    )


def link_mode(install: Install) -> str | None:
    """uv's link mode for the install: ``--link-mode``, else UV_LINK_MODE; None for the default."""
    if "link-mode" in install.options:
        return install.state.expand(install.options["link-mode"])
    return install.lookup("UV_LINK_MODE") or None


def link_mode_edit(document: Dockerfile, install: Install) -> Edit | None:
    """Make uv copy files out of its cache: the cached files are not in the image,
    so links into the cache mount must not be left behind."""
    if install.tool != UV or link_mode(install) == "copy":
        return None
    exec_form = install.instruction.is_exec_form
    if "link-mode" in install.option_words:
        word: Word = install.option_words["link-mode"]
        value = "--link-mode=copy" if word.text.startswith("--link-mode=") else "copy"
        return Edit(word.span.start, word.span.end, f'"{value}"' if exec_form else value)
    for assignment in install.assignments:
        if assignment.name == "UV_LINK_MODE":
            return Edit(assignment.span.start, assignment.span.end, "UV_LINK_MODE=copy")
    if exec_form:
        return insert_json_after(install.subcommand, "--link-mode=copy")
    return Edit.insert(install.command.span.start, "UV_LINK_MODE=copy ")
