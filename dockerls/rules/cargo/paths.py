"""The paths an instruction names, with their exact source spans.

Used to find every later use of a directory (a cached ``target/``, copied
sources) and to rewrite the ones that can be rewritten. What this module
cannot read (a heredoc fed to another interpreter, ``$(…)``) is left to the
callers' textual safety net, which treats an unexplained mention as a use
it cannot resolve.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from dockerls.analysis.candidates import PathIndex
from dockerls.analysis.sites import command_sites
from dockerls.analysis.stage_reads import StageReads, stage_reads
from dockerls.analysis.stages import RegionKey, stage_tree, tree_index
from dockerls.rules.cargo.mentions import VARIABLE
from dockerls.syntax import Dockerfile, Instruction, SimpleCommand, Span
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


# Not frozen (but hashed like a frozen one): a frozen dataclass is several times slower
# to build, and one is built for every word of every RUN. Treat it as immutable.
@dataclass(slots=True, unsafe_hash=True)
class PathRef:
    instruction: Instruction
    span: Span  # the source text naming the path: a whole word, or what follows its "="
    value: str | None  # expanded and unquoted; None when it depends on what the Dockerfile does not show
    path: str | None  # the absolute path it names; None when unknowable or not a path
    role: str  # "command" | "argument" | "source" | "destination" | "context-source" | "mount-source" | "value"
    whole: bool  # the reference is a whole word (not the value after "=")
    command: SimpleCommand | None = None
    position: int = 0  # index of the word in its command's argv, or of the token in the instruction

    def raw(self) -> str:
        document = self.instruction.document
        return document.text[self.span.start : self.span.end] if document is not None else ""


def references(instruction: Instruction) -> list[PathRef]:
    """Every word of ``instruction`` that may name a path (read once per document)."""
    if instruction.document is None:
        return []
    found = instruction.document.memo(("cargo", "references"), dict)
    refs = found.get(instruction.index)
    if refs is None:
        refs = found[instruction.index] = tuple(_references(instruction))
    return list(refs)


def named_paths(document: Dockerfile, stage: int) -> PathIndex[RegionKey]:
    """The region keys of the instructions of ``stage``'s tree, filed by every path
    they name (build-context sources left out: they are not paths in the image)."""

    def build(instructions: list[Instruction]) -> PathIndex[RegionKey]:
        tree = stage_tree(document)
        index: PathIndex[RegionKey] = PathIndex()
        for instruction in instructions:
            key = tree.key(instruction)
            for ref in references(instruction):
                if ref.path is not None and ref.role != "context-source":
                    index.add(ref.path, key)
        return index

    return tree_index(document, stage, ("named paths",), build)


def consumers(document: Dockerfile) -> StageReads[PathRef]:
    """Who reads another stage's paths (``COPY --from``, ``RUN --mount=from=``), as references;
    an unknown read mentioning ``CARGO_TARGET_DIR`` may mention any directory."""
    return stage_reads(document, "cargo-references", _stage_references, always_mentioned=(VARIABLE,))


def _stage_references(instruction: Instruction, mount) -> list[PathRef]:
    if mount is None:
        return [ref for ref in references(instruction) if ref.role == "source"]
    return [ref for ref in mount_references(instruction) if mount.span.contains(ref.span)]


def _references(instruction: Instruction) -> list[PathRef]:
    keyword = instruction.keyword
    if keyword == "RUN":
        return _run_references(instruction) + _mount_references(instruction)
    if keyword in ("COPY", "ADD"):
        return _copy_references(instruction)
    if keyword in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
        return _command_references(instruction)
    if keyword in ("ENV", "ARG", "LABEL"):
        return _assignment_references(instruction)
    if keyword in ("WORKDIR", "VOLUME"):
        return [_ref(instruction, token, "argument", position) for position, token in enumerate(tokens(instruction))]
    return []


def _expand(instruction: Instruction, text: str) -> str | None:
    if "$" not in text and "`" not in text:
        return text  # most words: nothing to expand
    if "$(" in text or "`" in text:
        return None
    return state_of(instruction).expand_known(text)


def _resolve(base: str | None, value: str | None) -> str | None:
    if value is None or value == "" or value.startswith("-"):
        return None
    if value.startswith("/"):
        return posixpath.normpath(value)
    if base is None:
        return None
    # posixpath.join(base, value) for a relative value, spelled out: this runs for every word of every RUN.
    return posixpath.normpath(base + value if not base or base.endswith("/") else base + "/" + value)


def _run_references(instruction: Instruction) -> list[PathRef]:
    script = shell_of(instruction)
    if script is None:
        return []
    text = instruction.document.text
    found: list[PathRef] = []
    # The directory each command runs in, as the command sites have it (sh -c scripts left out:
    # their words are part of the command that runs them).
    directories = {id(site.command): site.cwd for site in command_sites(instruction) if not site.nested}
    for command in script.commands:
        cwd = directories.get(id(command))
        for position, word in enumerate(command.argv):
            if position == 0 and "/" not in word.text:
                continue  # a program found on PATH, not a path
            value = _expand(instruction, word.text)
            role = "command" if position == 0 else "argument"
            found.append(
                PathRef(instruction, word.span, value, _resolve(cwd, value), role, True, command, position)
            )
            raw = text[word.span.start : word.span.end]
            equals = raw.find("=")
            if equals > 0 and not any(quote in raw[:equals] for quote in "\"'"):
                fragment = Span(word.span.start + equals + 1, word.span.end)
                fragment_value = _expand(instruction, _unquote(raw[equals + 1 :]))
                found.append(
                    PathRef(instruction, fragment, fragment_value, _resolve(cwd, fragment_value), role, False,
                            command, position)
                )
    return found


def mount_references(instruction: Instruction) -> list[PathRef]:
    """The source paths of the RUN's ``--mount=from=`` flags (as ``references`` has them)."""
    if instruction.document is None:
        return []
    return _mount_references(instruction)


def _mount_references(instruction: Instruction) -> list[PathRef]:
    found = []
    for flag in instruction.mounts:
        if flag.mount_get("from") is None:
            continue
        for option in flag.mount_options:
            if option.key.lower() in ("source", "src") and option.value_span is not None:
                value = _expand(instruction, option.value or "")
                found.append(
                    PathRef(instruction, option.value_span, value, _resolve("/", value), "mount-source", True)
                )
    return found


def _copy_references(instruction: Instruction) -> list[PathRef]:
    words = [token for token in tokens(instruction) if not token[0].startswith("<<")]
    if len(words) < 2:
        return []
    from_stage = instruction.flag("from")
    found = []
    for position, token in enumerate(words[:-1]):
        if from_stage is not None and from_stage.value:
            found.append(_ref(instruction, token, "source", position, base="/"))
        else:
            value = _expand(instruction, token[0])
            path = posixpath.normpath(value).lstrip("/") or "." if value is not None else None
            found.append(PathRef(instruction, token[1], value, path, "context-source", True, None, position))
    found.append(_ref(instruction, words[-1], "destination", len(words) - 1))
    return found


def _command_references(instruction: Instruction) -> list[PathRef]:
    words = tokens(instruction)
    if instruction.keyword == "HEALTHCHECK":
        index = next((i for i, token in enumerate(words) if token[0].upper() == "CMD"), None)
        words = words[index + 1 :] if index is not None else []
    found = []
    for position, token in enumerate(words):
        if position == 0 and "/" not in token[0]:
            continue
        found.append(_ref(instruction, token, "command" if position == 0 else "argument", position))
    return found


def _assignment_references(instruction: Instruction) -> list[PathRef]:
    text = instruction.document.text
    found = []
    for position, (value, span) in enumerate(tokens(instruction)):
        raw = text[span.start : span.end]
        equals = raw.find("=")
        if equals < 0:
            if position:  # the legacy `ENV NAME value` form
                found.append(_ref(instruction, (value, span), "value", position))
            continue
        fragment = Span(span.start + equals + 1, span.end)
        expanded = _expand(instruction, _unquote(raw[equals + 1 :]))
        found.append(
            PathRef(instruction, fragment, expanded, _resolve(state_of(instruction).workdir, expanded), "value", False)
        )
    return found


def _ref(instruction: Instruction, token: tuple[str, Span], role: str, position: int, base: str | None = None) -> PathRef:
    value = _expand(instruction, token[0])
    state = state_of(instruction)
    directory = base if base is not None else (state.workdir if state.workdir_known else None)
    return PathRef(instruction, token[1], value, _resolve(directory, value), role, True, None, position)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def tokens(instruction: Instruction) -> list[tuple[str, Span]]:
    """The instruction's argument words (quotes removed) with their source spans."""
    args = instruction.args
    if args.startswith("["):
        try:
            values = json.loads(args)
        except ValueError:
            values = None
        if isinstance(values, list) and all(isinstance(value, str) for value in values):
            matches = list(_JSON_STRING.finditer(args))
            if len(matches) == len(values):
                return [
                    (value, instruction.args_map.span(match.start(), match.end()))
                    for value, match in zip(values, matches)
                ]
    return [(value, instruction.args_map.span(start, end)) for value, start, end in _split(args)]


_PLAIN_WORD = re.compile(r"[^ \t\r\n]+")


def _split(text: str) -> list[tuple[str, int, int]]:
    """Whitespace-separated words with quotes removed, and their offsets."""
    if not any(char in text for char in "\"'\\"):  # nothing to unquote: the words are the text's
        return [(match.group(), match.start(), match.end()) for match in _PLAIN_WORD.finditer(text)]
    words = []
    index = 0
    length = len(text)
    while index < length:
        while index < length and text[index] in " \t\r\n":
            index += 1
        if index >= length:
            break
        start = index
        value: list[str] = []
        quote = ""
        while index < length and (quote or text[index] not in " \t\r\n"):
            char = text[index]
            if quote:
                if char == quote:
                    quote = ""
                else:
                    value.append(char)
            elif char in "\"'":
                quote = char
            elif char == "\\" and index + 1 < length:
                index += 1
                value.append(text[index])
            else:
                value.append(char)
            index += 1
        words.append(("".join(value), start, index))
    return words
