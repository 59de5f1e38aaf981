"""Hover in a RUN: on a flag or mount option (what it does, its default), on a cache mount
(the RUNs that share its cache, with their ``sharing`` and owner), and on a package
manager's command (where its cache goes, and whether this RUN mounts it). Markdown out."""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.caches import CacheMount, cache_mounts
from dockerls.authoring.caches import ManagerCache, cache_id, manager_caches, sharing_runs
from dockerls.authoring.place import FLAG, FLAG_VALUE, MOUNT_KEY, MOUNT_VALUE, Place, instruction_at, place_at
from dockerls.authoring.vocabulary import FLAG_VALUES, FLAGS, TYPES, Word, canonical_key, mount_key
from dockerls.syntax import Dockerfile, Span


@dataclass(frozen=True, slots=True)
class Hover:
    markdown: str
    span: Span  # what the hover is about


def hover(document: Dockerfile, offset: int) -> Hover | None:
    """What to show for ``offset`` (code points) in a RUN; None where there is nothing to say."""
    place = place_at(document, offset)
    if place is not None and place.instruction.keyword == "RUN":
        return _on_flag(document, place)
    instruction = instruction_at(document, offset)
    if instruction is None or instruction.keyword != "RUN":
        return None
    for cache in manager_caches(document, instruction):
        program = cache.invocation.program.span
        if program.start <= offset <= program.end:
            return Hover(_manager(document, cache), program)
    return None


def _on_flag(document: Dockerfile, place: Place) -> Hover | None:
    flag = place.flag
    if flag is None:
        return None
    if place.kind == FLAG:
        word = FLAGS.get(flag.name)
        return Hover(_word(f"--{flag.name}", word), Span(flag.span.start, flag.name_span.end)) if word else None
    if place.kind == FLAG_VALUE:
        value = document.text[place.span.start : place.span.end]
        summary = FLAG_VALUES.get(flag.name, {}).get(value)
        return Hover(f"**--{flag.name}={value}**: {summary}", place.span) if summary else None
    key = canonical_key(place.key or "")
    if place.kind == MOUNT_KEY:
        word = mount_key(flag.mount_type, key)
        if word is None:
            return None
        return Hover(_word(f"{place.key} ({flag.mount_type} mount)", word), place.span)
    # A value: the value's meaning where it has one, and a cache mount's sharers.
    value = document.text[place.span.start : place.span.end]
    parts = []
    if key == "type" and value.lower() in TYPES:
        parts.append(f"**type={value}**: {TYPES[value.lower()]}")
    mount = next((mount for mount in cache_mounts(place.instruction) if mount.flag is flag), None)
    if mount is not None:
        parts.append(_sharers(document, mount))
    return Hover("\n\n".join(parts), place.span) if parts else None


def _word(title: str, word: Word) -> str:
    lines = [f"**{title}**: {word.summary}"]
    if word.default:
        lines.append(f"Default: {word.default}.")
    if word.values:
        lines.append("Values: " + ", ".join(f"`{value}`" for value in word.values) + ".")
    return "\n\n".join(lines)


def _sharers(document: Dockerfile, mount: CacheMount) -> str:
    name = cache_id(mount)
    if name is None:
        return "**Cache**: its id depends on a variable the Dockerfile does not set."
    runs = sharing_runs(document, mount)
    lines = [f"**Cache `{name}`** ({'its id' if mount.id else 'its target, as no id is given'}), "
             f"mounted by {len(runs)} RUN{'s' if len(runs) != 1 else ''}:"]
    for instruction, other in runs:
        line = document.lines.position(instruction.span.start)[0] + 1
        stage = document.stages[instruction.stage] if 0 <= instruction.stage < len(document.stages) else None
        where = f"line {line}" + (f" (stage {stage.name})" if stage is not None and stage.name else "")
        owner = f"uid={other.uid or '0'}, gid={other.gid or '0'}"
        this = " (this one)" if other.flag is mount.flag else ""
        lines.append(f"- {where}: sharing={other.sharing}, {owner}, target `{other.target or '?'}`{this}")
    differing = [aspect for aspect, values in (
        ("sharing", {other.sharing for _, other in runs}),
        ("owner", {(other.uid or "0", other.gid or "0") for _, other in runs}),
    ) if len(values) > 1]
    if differing:
        lines.append(f"They differ in {' and '.join(differing)}.")
    return "\n".join(lines)


def _manager(document: Dockerfile, cache: ManagerCache) -> str:
    label = cache.label
    if not cache.targets:
        return f"**{label}**: where its cache is cannot be told ({cache.problem or 'unknown'})."
    lines = [f"**{label}** keeps its cache in " + ", ".join(f"`{target}`" for target in cache.targets) + "."]
    for target in cache.targets:
        mount = cache.mounted(target)
        if mount is not None:
            written = document.text[mount.flag.span.start : mount.flag.span.end]
            lines.append(f"- `{target}`: mounted by this RUN (`{written}`).")
        else:
            lines.append(f"- `{target}`: not mounted by this RUN: each time this step runs, it downloads everything again.")
    if cache.problem:
        lines.append(cache.problem)
    return "\n".join(lines)

