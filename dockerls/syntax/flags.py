"""Instruction flags (``--name=value``) and the options of ``--mount``."""

from __future__ import annotations

from dockerls.syntax.model import Flag, MountOption, SourceMap, SyntaxIssue

MOUNT_KEYS = frozenset(
    "type target dst destination source src from rw readwrite ro readonly id sharing mode uid gid "
    "size required env".split()
)
MOUNT_TYPES = frozenset({"bind", "cache", "tmpfs", "secret", "ssh"})


def _word_end(text: str, start: int) -> int:
    """End of the whitespace-delimited word at ``start``, honouring quotes."""
    quote = ""
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in " \t":
            break
        index += 1
    return index


def parse_flags(args: str, args_map: SourceMap) -> tuple[list[Flag], int, list[SyntaxIssue]]:
    """Leading ``--flags`` of ``args``; returns them, where they end, and issues."""
    flags: list[Flag] = []
    issues: list[SyntaxIssue] = []
    position = 0
    consumed = 0
    while True:
        start = position
        while start < len(args) and args[start] in " \t":
            start += 1
        if not args.startswith("--", start) or args.startswith("-- ", start) or args == "--":
            break
        end = _word_end(args, start)
        word = args[start:end]
        name, equals, value = word[2:].partition("=")
        span = args_map.span(start, end)
        name_span = args_map.span(start + 2, start + 2 + len(name))
        value_span = args_map.span(start + 3 + len(name), end) if equals else None
        flag = Flag(name=name, value=value if equals else None, span=span, name_span=name_span, value_span=value_span)
        if name == "mount":
            options, option_issues = _mount_options(value, start + 3 + len(name), args_map) if equals else ((), [])
            flag.mount_options = options
            issues.extend(option_issues)
            if not equals or not value:
                issues.append(SyntaxIssue("SYN006", "--mount needs options, e.g. --mount=type=cache,target=/path", span))
        elif not name:
            issues.append(SyntaxIssue("SYN006", "A flag needs a name", span))
        flags.append(flag)
        position = end
        consumed = end
    return flags, consumed, issues


def _mount_options(value: str, offset: int, args_map: SourceMap) -> tuple[tuple[MountOption, ...], list[SyntaxIssue]]:
    options: list[MountOption] = []
    issues: list[SyntaxIssue] = []
    for field_start, field_end in _csv_fields(value):
        field = value[field_start:field_end]
        key, equals, raw = field.partition("=")
        start = offset + field_start
        span = args_map.span(start, offset + field_end)
        key_span = args_map.span(start, start + len(key))
        value_span = args_map.span(start + len(key) + 1, offset + field_end) if equals else None
        option_value = _unquote(raw) if equals else None
        options.append(MountOption(key, option_value, span, key_span, value_span))
        lowered = key.lower()
        if lowered not in MOUNT_KEYS:
            issues.append(SyntaxIssue("SYN007", f"Unknown --mount option {key!r}", key_span))
        elif lowered == "type" and (option_value or "").lower() not in MOUNT_TYPES:
            issues.append(
                SyntaxIssue("SYN007", f"Unknown mount type {option_value!r}", value_span or key_span)
            )
    return tuple(options), issues


def _csv_fields(value: str) -> list[tuple[int, int]]:
    """Comma-separated fields with their bounds; double quotes protect commas."""
    fields = []
    start = 0
    quoted = False
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            fields.append((start, index))
            start = index + 1
    fields.append((start, len(value)))
    return [(s, e) for s, e in fields if e > s]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
