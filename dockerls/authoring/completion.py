"""Completion in a RUN's flags: text and cursor in, items out (no LSP types here).

- a flag: ``--mount=``, ``--network=``, ``--security=``, and a ready cache mount for each
  package manager the RUN invokes;
- a mount's keys for its type, those not written yet;
- a value: ``type=``, ``sharing=``, booleans, ``from=`` (the stages before this one),
  ``id=`` of a cache (the ids the file already uses), ``uid``/``gid`` (the RUN's user),
  and ``target=`` of a cache (where the RUN's package managers keep their caches for the
  user it runs as, with the ``uid``/``gid`` and ``sharing`` the rules want).
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.caches import cache_mounts
from dockerls.analysis.users import effective_user
from dockerls.authoring.caches import ManagerCache, cache_id, manager_caches
from dockerls.authoring.place import FLAG, FLAG_VALUE, MOUNT_KEY, MOUNT_VALUE, Place, place_at
from dockerls.authoring.vocabulary import FLAG_VALUES, FLAGS, KEYS, TYPES, canonical_key, mount_key
from dockerls.syntax import Dockerfile, Flag, Instruction, Span

# What an item completes, for the client's icon.
FLAG_ITEM, KEY_ITEM, VALUE_ITEM, STAGE_ITEM, DIRECTORY_ITEM = "flag", "key", "value", "stage", "directory"


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    kind: str
    detail: str
    span: Span  # the text the item replaces (the word at the cursor)
    text: str  # what replaces it
    documentation: str = ""


def complete(document: Dockerfile, offset: int) -> list[Completion]:
    """The completions at ``offset`` (code points) in a RUN's flags; empty elsewhere."""
    place = place_at(document, offset)
    if place is None or place.instruction.keyword != "RUN":
        return []
    if place.kind == FLAG:
        items = _flags(document, place)
    elif place.kind == FLAG_VALUE:
        items = _flag_values(place)
    elif place.kind == MOUNT_KEY:
        items = _mount_keys(place)
    else:
        items = _mount_values(document, place)
    return [item for item in items if item.text.lower().startswith(place.typed.lower())]


def _flags(document: Dockerfile, place: Place) -> list[Completion]:
    written = {flag.name for flag in place.instruction.flags if flag is not place.flag}
    items = [
        Completion(f"--{name}", FLAG_ITEM, word.summary, place.span, f"--{name}=", _default(word.default))
        for name, word in FLAGS.items()
        if name == "mount" or name not in written
    ]
    if place.flag is not None and place.flag.value_span is not None:  # renaming a flag: its value stays
        return items
    for cache, target in _cache_directories(document, place.instruction):
        if cache.owner is not None and cache.mounted(target) is None:
            mount = "--mount=type=cache,target=" + target + _cache_extras(cache, None)
            items.append(Completion(mount, FLAG_ITEM, _cache_detail(cache), place.span, mount + place.suffix,
                                    _cache_note(cache)))
    return items


def _flag_values(place: Place) -> list[Completion]:
    values = FLAG_VALUES.get(place.flag.name, {})
    default = FLAGS[place.flag.name].default if place.flag.name in FLAGS else None
    return [
        Completion(value, VALUE_ITEM, summary + (" (the default)" if value == default else ""), place.span, value)
        for value, summary in values.items()
    ]


def _mount_keys(place: Place) -> list[Completion]:
    flag = place.flag
    written = {canonical_key(option.key) for option in flag.mount_options if option.key != place.key}
    items = []
    for word in KEYS.get(flag.mount_type, ()):
        if word.name in written:
            continue
        text = word.name if word.boolean else f"{word.name}="
        items.append(Completion(text, KEY_ITEM, word.summary, place.span, text, _default(word.default)))
    return items


def _mount_values(document: Dockerfile, place: Place) -> list[Completion]:
    flag, key = place.flag, canonical_key(place.key or "")
    mount_type = flag.mount_type
    if key == "type":
        return [Completion(name, VALUE_ITEM, summary, place.span, name) for name, summary in TYPES.items()]
    if key == "from":
        return _stages(document, place)
    if mount_type == "cache" and key == "target":
        return _cache_targets(document, place)
    if mount_type == "cache" and key == "id":
        return _cache_ids(document, place)
    if key in ("uid", "gid"):
        return _owner(document, place, key)
    word = mount_key(mount_type, key)
    if word is None:
        return []
    return [
        Completion(value, VALUE_ITEM, word.summary + (" (the default)" if value == word.default else ""),
                   place.span, value)
        for value in word.values
    ]


def _stages(document: Dockerfile, place: Place) -> list[Completion]:
    current = place.instruction.stage
    return [
        Completion(stage.name, STAGE_ITEM, f"stage {stage.index}: FROM {stage.base}", place.span, stage.name)
        for stage in document.stages
        if stage.name and stage.index < current
    ]


def _cache_targets(document: Dockerfile, place: Place) -> list[Completion]:
    items = []
    for cache, target in _cache_directories(document, place.instruction):
        text = target + _cache_extras(cache, place.flag)
        items.append(Completion(text, DIRECTORY_ITEM, _cache_detail(cache), place.span, text, _cache_note(cache)))
    return items


def _cache_directories(document: Dockerfile, instruction: Instruction) -> list[tuple[ManagerCache, str]]:
    """Each cache directory of the RUN's package managers once, with the first command using it."""
    found: dict[str, ManagerCache] = {}
    for cache in manager_caches(document, instruction):
        for target in cache.targets:
            found.setdefault(target, cache)
    return [(cache, target) for target, cache in found.items()]


def _cache_detail(cache: ManagerCache) -> str:
    call = cache.invocation
    command = call.instruction.document.text[call.program.span.start : max(call.subcommand.span.end, call.program.span.end)]
    return f"cache of {command}, run as {_who(cache)}"


def _cache_note(cache: ManagerCache) -> str:
    """Why the options that come with the directory, in words."""
    lines = []
    if cache.owner:
        ids = ", ".join(f"{option} {value}" for option, value in cache.owner.items())
        lines.append(f"{ids}: BuildKit creates the mount owned by root, which {_who(cache)} could not write.")
    if cache.sharing:
        lines.append(f"sharing={cache.sharing}: {cache.label} needs its cache to itself while it runs.")
    if cache.problem:
        lines.append(cache.problem[0].upper() + cache.problem[1:] + ".")
    return "\n\n".join(lines)


def _who(cache: ManagerCache) -> str:
    return "root" if cache.user.is_root else (cache.user.name or "this user")


def _cache_extras(cache: ManagerCache, flag: Flag | None) -> str:
    """The options a cache mount at one of ``cache``'s targets needs, that ``flag`` does not have yet."""
    extras = []
    if cache.sharing and (flag is None or flag.mount_get("sharing") is None):
        extras.append(f"sharing={cache.sharing}")
    for option, value in (cache.owner or {}).items():
        if flag is None or flag.mount_get(option) is None:
            extras.append(f"{option}={value}")
    return "".join("," + extra for extra in extras)


def _cache_ids(document: Dockerfile, place: Place) -> list[Completion]:
    found: dict[str, int] = {}
    for instruction in document.instructions:
        if instruction.keyword != "RUN":
            continue
        for mount in cache_mounts(instruction):
            if mount.flag is place.flag or mount.id is None:
                continue
            found.setdefault(cache_id(mount), document.lines.position(instruction.span.start)[0] + 1)
    return [
        Completion(name, VALUE_ITEM, f"the cache id line {line} uses", place.span, name)
        for name, line in found.items()
    ]


def _owner(document: Dockerfile, place: Place, key: str) -> list[Completion]:
    user = effective_user(document, place.instruction)
    number = user.uid if key == "uid" else user.gid
    if number is None:
        return []
    who = user.name or "the user"
    return [Completion(str(number), VALUE_ITEM, f"{key} of {who}, who this RUN runs as", place.span, str(number))]


def _default(default: str | None) -> str:
    return f"Default: {default}." if default else ""
