"""Command sites: every command a RUN runs, behind its wrappers, with where and how it runs.

A *site* is one simple command of a RUN's shell script (or of a ``sh -c '…'``
script inside it) seen the way the program it starts sees it:

- ``argv``: the program and its arguments, after the wrappers that only start it
  (``sudo``, ``doas``, ``env``, ``xargs``, ``eatmydata``, ``nice``, ``nohup``,
  ``time``, ``timeout``, ``ionice``, ``stdbuf``, ``chronic``, ``fakeroot``, ``exec``,
  ``command``, ``gosu``, ``su-exec``) and their options;
- ``cwd``: the directory it runs in. One meaning for every family: WORKDIR, moved
  only by a ``cd``/``pushd`` that certainly ran before the command in the same
  shell. ``cd /x && make`` builds in /x; ``false && cd /tmp || true; make`` may run
  in either directory, so its directory is unknown (None); a ``cd`` in a subshell,
  a compound command or a pipeline leaves the directory unknown after it;
- the environment: ``VAR=value`` before the command or after ``env``, variables
  an earlier ``export`` certainly set, then ENV and ARG (``sudo`` without ``-E``
  and ``env -i`` start from an empty environment);
- the user: the RUN's, or the one ``sudo``/``doas``/``gosu`` switch to.

A ``cd`` is taken to succeed when it runs: a Dockerfile whose ``cd`` fails is
broken anyway, and this is what every family assumed before.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dockerls.analysis.memo import remembered
from dockerls.analysis.users import RunUser, effective_user, named_user
from dockerls.syntax import Dockerfile, Instruction, SimpleCommand, Span, Word
from dockerls.syntax.expand import expand_known
from dockerls.syntax.shell import parse_commands, shell_of
from dockerls.syntax.state import state_of
from dockerls.syntax.words import split_words

_UNKNOWN = object()  # a variable whose value depends on what may or may not have run


@dataclass(frozen=True, slots=True)
class SiteVariable:
    """A variable the command's environment gets from its own shell line."""

    name: str
    value: str | None  # as written, quotes removed, not expanded; None: unset
    span: Span | None  # the ``NAME=value`` text (None for ``unset`` and ``export`` of another line)
    kind: str  # "prefix" (``NAME=value cmd``), "wrapper" (``env NAME=value cmd``) or "export"


class CommandSite:
    """One command of a RUN as its program sees it (see the module's docstring)."""

    __slots__ = (
        "instruction", "command", "position", "program_index", "wrappers", "variables",
        "env_reset", "cwd", "user_spec", "nested", "program",
    )  # fmt: skip

    def __init__(
        self, instruction, command, position, program_index, wrappers, variables, env_reset, cwd, user_spec, nested
    ) -> None:  # fmt: skip
        self.instruction: Instruction = instruction
        self.command: SimpleCommand = command
        self.position: int = position  # index in the RUN's script (the ``sh -c`` command's, when nested)
        self.program_index: int = program_index  # where the program stands in ``command.argv``
        self.wrappers: tuple[str, ...] = wrappers
        self.variables: tuple[SiteVariable, ...] = variables  # later ones win
        self.env_reset: bool = env_reset
        self.cwd: str | None = cwd
        self.user_spec: str | None = user_spec  # None: the RUN's user
        self.nested: bool = nested  # inside a ``sh -c`` script
        argv = command.argv
        # The program's basename: what every family asks first, of every command.
        self.program: str = argv[program_index].text.rpartition("/")[2] if program_index < len(argv) else ""

    @property
    def argv(self) -> tuple[Word, ...]:
        return self.command.argv[self.program_index :]

    @property
    def words(self) -> list[str]:
        return [word.text for word in self.argv]

    @property
    def span(self) -> Span:
        """The program through the end of the command."""
        argv = self.argv
        return Span(argv[0].span.start, self.command.span.end) if argv else self.command.span

    @property
    def unconditional(self) -> bool:
        """Runs whenever the script reaches it: top level, not after ``||`` or ``&``."""
        command = self.command
        return not (self.nested or command.depth or command.in_pipeline or command.connector in ("||", "&"))

    def variable(self, name: str) -> SiteVariable | None:
        """The command's own setting of ``name`` (the last one), if its shell line has one."""
        for variable in reversed(self.variables):
            if variable.name == name:
                return variable
        return None

    def lookup(self, name: str) -> str | None:
        """``name`` as the program sees it, not expanded: its shell line, then ENV and ARG."""
        variable = self.variable(name)
        if variable is not None:
            return variable.value
        if self.env_reset:
            return None
        return state_of(self.instruction).lookup(name)

    def expand(self, text: str, defaults: dict[str, str] | None = None) -> str | None:
        """``text`` with the variables the program sees expanded; None when one is unknown.
        ``defaults``: values of variables the Dockerfile does not set (what a base image sets)."""
        state = state_of(self.instruction)
        if "$" not in text:
            return text
        def lookup(name: str) -> str | None:
            variable = self.variable(name)
            if variable is not None:
                return None if variable.value is None else state.expand(variable.value)
            if self.env_reset:
                return None
            value = state.lookup(name)
            return value if value is not None or not defaults else defaults.get(name)

        return expand_known(text, lookup)

    def __repr__(self) -> str:
        return f"CommandSite({' '.join(self.words)!r}, cwd={self.cwd!r}, wrappers={self.wrappers!r})"


def command_sites(instruction: Instruction) -> tuple[CommandSite, ...]:
    """The sites of a RUN, in order (``sh -c`` scripts right after the command that runs them).
    Computed once per document and RUN."""
    document = instruction.document
    if instruction.keyword != "RUN" or document is None:
        return ()
    found = remembered(document, "command-sites", dict)
    sites = found.get(instruction.index)
    if sites is None:
        sites = found[instruction.index] = tuple(_sites(instruction))
    return sites


def all_sites(document: Dockerfile) -> list[CommandSite]:
    """The sites of every RUN of every stage, in order."""
    return [
        site
        for instruction in document.instructions
        if instruction.keyword == "RUN" and instruction.stage >= 0
        for site in command_sites(instruction)
    ]


def site_user(site: CommandSite) -> RunUser:
    """The user the site's program runs as, with what the Dockerfile shows of it."""
    document = site.instruction.document
    if site.user_spec is None:
        return remembered(document, ("run-user", site.instruction.index), lambda: effective_user(document, site.instruction))
    return named_user(document, site.instruction, site.user_spec)


# --- the walk over a script ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What an earlier command leaves to the next: the directory and the exports."""

    cwd: str | None
    exports: tuple[tuple[str, object], ...] = ()  # (name, SiteVariable or _UNKNOWN), later ones win

    def with_cwd(self, cwd: str | None) -> "_Context":
        return _Context(cwd, self.exports)

    def with_export(self, name: str, value: object) -> "_Context":
        return _Context(self.cwd, tuple(item for item in self.exports if item[0] != name) + ((name, value),))

    def variables(self) -> tuple[SiteVariable, ...]:
        return tuple(value for _, value in self.exports if isinstance(value, SiteVariable))

    def unknown(self, name: str) -> bool:
        return any(item_name == name and value is _UNKNOWN for item_name, value in self.exports)


def _merge(a: _Context | None, b: _Context | None) -> _Context | None:
    """What is certain after one of two paths ran (None: the path cannot happen)."""
    if a is None or a == b:
        return b
    if b is None:
        return a
    cwd = a.cwd if a.cwd == b.cwd else None
    names = dict.fromkeys([name for name, _ in a.exports] + [name for name, _ in b.exports])
    left, right = dict(a.exports), dict(b.exports)
    exports = tuple((name, left[name] if left.get(name, _UNKNOWN) == right.get(name, None) else _UNKNOWN) for name in names)
    return _Context(cwd, exports)


def _sites(instruction: Instruction) -> list[CommandSite]:
    script = shell_of(instruction)
    if script is None:
        return []
    state = state_of(instruction)
    start = _Context(state.workdir if state.workdir_known else None)
    sites: list[CommandSite] = []
    _walk(instruction, script.commands, start, (), False, None, False, sites)
    return sites


_LIST_SEPARATORS = (None, ";", "\n", "&")
_MOVES = frozenset({"cd", "pushd", "popd"})
_SETS = frozenset({"export", "unset", "declare", "typeset", "set"})


def _elements(commands: tuple[SimpleCommand, ...]) -> list[list[int]]:
    """The script's commands grouped as its and-or lists see them: a simple command,
    a pipeline, or a compound command (consecutive nested commands: subshells, ifs, loops)."""
    elements: list[list[int]] = []
    for index, command in enumerate(commands):
        if elements and (command.connector == "|" or (command.depth and commands[elements[-1][-1]].depth)):
            elements[-1].append(index)
        else:
            elements.append([index])
    return elements


def _walk(instruction, commands, start: _Context, outer, env_reset, user_spec, nested, sites) -> None:
    """Follow ``commands`` from ``start``: each element runs from what the and-or logic
    makes certain, and leaves a context on success and one on failure."""
    succeeded: _Context | None = start
    failed: _Context | None = None
    list_start = start
    for element in _elements(commands):
        first = commands[element[0]]
        connector = first.connector
        if connector in _LIST_SEPARATORS:
            end = _merge(succeeded, failed)
            # `a & b`: the list before `&` runs in the background; its cd and exports stay there.
            context = list_start if connector == "&" else end
            list_start = context
            passed_success = passed_failure = None
        elif connector == "&&":
            context, passed_success, passed_failure = succeeded, None, failed
        else:  # "||"
            context, passed_success, passed_failure = failed, succeeded, None
        if context is None:
            context = _merge(succeeded, failed) or start  # unreachable in theory: keep going with what is known
        after = _run_element(instruction, commands, element, context, outer, env_reset, user_spec, nested, sites)
        succeeded = _merge(after[0], passed_success)
        failed = _merge(after[1], passed_failure)


def _run_element(instruction, commands, element, context, outer, env_reset, user_spec, nested, sites):
    """Add the element's sites; return the contexts it leaves on success and on failure."""
    if len(element) == 1 and not commands[element[0]].depth and not commands[element[0]].in_pipeline:
        command = commands[element[0]]
        site = _site(instruction, command, element[0], context, outer, env_reset, user_spec, nested)
        sites.append(site)
        _nested_script(instruction, site, sites)
        return _effect(site, context)
    # A pipeline or a compound command: its members start from the same context, a cd
    # or an export inside stays inside (subshells) or may not run (conditions): unknown after.
    current = context
    for index in element:
        command = commands[index]
        site = _site(instruction, command, index, current, outer, env_reset, user_spec, nested)
        sites.append(site)
        _nested_script(instruction, site, sites)
        if site.program in _MOVES:
            current = current.with_cwd(None)
        elif site.program in _SETS or not site.argv:
            for name in _names_set(site) + [variable.name for variable in _declarations(site, _Context(None)).variables()]:
                current = current.with_export(name, _UNKNOWN)
    return current, current


def _effect(site: CommandSite, context: _Context) -> tuple[_Context | None, _Context | None]:
    """The contexts after a simple command at the top level: on success, on failure."""
    program = site.program
    if not site.argv:
        return _declarations(site, context), context
    if program in _MOVES and not site.wrappers:
        return context.with_cwd(_directory_after(site, context)), None
    if program == "export" or (program in ("declare", "typeset") and any(w.startswith("-") and "x" in w for w in site.words[1:])):
        after = context
        for word in site.argv[1:]:
            name, equals, value = word.text.partition("=")
            if equals and _NAME.fullmatch(name):
                after = after.with_export(name, SiteVariable(name, value, word.span, "export"))
        return after, context
    if program == "unset" and not site.wrappers:
        after = context
        for word in site.words[1:]:
            if _NAME.fullmatch(word):
                after = after.with_export(word, SiteVariable(word, None, None, "export"))
        return after, context
    return context, context


_DECLARATION = re.compile(r"(?:export|(?:declare|typeset|local|readonly)\s+-[A-Za-z]*x[A-Za-z]*)\s")


def _declarations(site: CommandSite, context: _Context) -> _Context:
    """``export NAME=value`` (which the shell model gives no argv): the variables it exports."""
    text = site.instruction.document.text
    start, end = site.command.span
    declaration = _DECLARATION.match(text, start, end)
    if declaration is None:
        return context
    after = context
    for match in _PREFIX_ASSIGNMENT.finditer(text, declaration.end(), end):
        raw = match.group(2)
        value = "".join(split_words(raw)) if raw else ""
        after = after.with_export(match.group(1), SiteVariable(match.group(1), value, Span(match.start(), match.end()), "export"))
    return after


def _names_set(site: CommandSite) -> list[str]:
    return [word.partition("=")[0] for word in site.words[1:] if _NAME.fullmatch(word.partition("=")[0])]


def _directory_after(site: CommandSite, context: _Context) -> str | None:
    if site.program == "popd":
        return None
    args = [word.text for word in site.argv[1:]]
    while args and args[0].startswith("-") and args[0] != "-":
        if args.pop(0) == "--":
            break
    state = state_of(site.instruction)
    if not args:
        if site.program != "cd":
            return None
        home = site.lookup("HOME")
        return posixpath.normpath(home) if home and home.startswith("/") else (None if home else "/root" if state.is_root else None)
    target = args[0]
    if target == "-" or "$(" in target or "`" in target:
        return None
    if target == "~" or target.startswith("~/"):
        home = site.lookup("HOME") or ("/root" if state.is_root else None)
        if not home:
            return None
        target = home + target[1:]
    expanded = site.expand(target)
    if expanded is None or not expanded:
        return None
    if expanded.startswith("/"):
        return posixpath.normpath(expanded)
    if context.cwd is None:
        return None
    return posixpath.normpath(posixpath.join(context.cwd, expanded))


# --- one command and its wrappers -------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREFIX_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=((?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|\\.|[^\s\"'\\])*)")


@dataclass(frozen=True, slots=True)
class _Wrapper:
    valued: frozenset[str] = frozenset()  # options whose value is the next word (or attached)
    assignments: bool = False  # takes NAME=value words before the command
    positionals: int = 0  # words before the command that are not options (timeout's duration, gosu's user)


_WRAPPERS: dict[str, _Wrapper] = {
    "sudo": _Wrapper(frozenset("-u -g -h -p -C -D -r -t -U -T --user --group --host --prompt --close-from --chdir --role --type --other-user --command-timeout".split()), True),
    "doas": _Wrapper(frozenset("-u -C".split())),
    "env": _Wrapper(frozenset("-u -C -S --unset --chdir --split-string".split()), True),
    "xargs": _Wrapper(frozenset("-a -d -E -I -L -n -P -s --arg-file --delimiter --eof --replace --max-lines --max-args --max-procs --max-chars --process-slot-var".split())),
    "eatmydata": _Wrapper(),
    "nice": _Wrapper(frozenset("-n --adjustment".split())),
    "nohup": _Wrapper(),
    "time": _Wrapper(frozenset("-f -o --format --output".split())),
    "timeout": _Wrapper(frozenset("-s -k --signal --kill-after".split()), positionals=1),
    "ionice": _Wrapper(frozenset("-c -n -p -P -u --class --classdata --pid --pgid --uid".split())),
    "stdbuf": _Wrapper(frozenset("-i -o -e --input --output --error".split())),
    "chronic": _Wrapper(),
    "fakeroot": _Wrapper(frozenset("-l -s -i --lib --faked".split())),
    "exec": _Wrapper(frozenset({"-a"})),
    "command": _Wrapper(),
    "gosu": _Wrapper(positionals=1),
    "su-exec": _Wrapper(positionals=1),
}
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})


def _site(instruction, command, position, context: _Context, outer, env_reset, user_spec, nested) -> CommandSite:
    argv = command.argv
    variables = list(outer) + list(context.variables()) + _prefix_assignments(instruction, command)
    wrappers: list[str] = []
    cwd = context.cwd
    reset_from: int | None = None  # variables before this one do not reach the program
    index = 0
    while index < len(argv):
        name = argv[index].text.rpartition("/")[2]
        spec = _WRAPPERS.get(name)
        if spec is None:
            break
        if name == "command" and any(word.text in ("-v", "-V") for word in argv[index + 1 : index + 2]):
            break  # `command -v x` looks x up, it does not run it
        wrappers.append(name)
        index += 1
        positionals = spec.positionals
        preserve = False
        if name == "sudo":
            user_spec = "root"
            sudo_variables = len(variables)
        while index < len(argv):
            text = argv[index].text
            if text == "--":
                index += 1
                break
            if text.startswith("-") and len(text) > 1:
                option, equals, value = text.partition("=")
                attached = None
                if option in spec.valued and not equals:
                    attached = argv[index + 1].text if index + 1 < len(argv) else None
                    index += 1
                elif equals:
                    attached = value
                elif len(option) > 2 and not option.startswith("--") and option[:2] in spec.valued:
                    attached, option = option[2:], option[:2]
                index += 1
                if name in ("sudo", "doas") and option in ("-u", "--user") and attached:
                    user_spec = attached
                elif name == "sudo" and option in ("-E", "--preserve-env"):
                    preserve = True
                elif name == "sudo" and option in ("-i", "--login", "-s", "--shell"):
                    cwd = None  # a login shell starts in the user's home
                elif name == "env" and option in ("-i", "--ignore-environment"):
                    reset_from = len(variables)
                elif (name == "env" and option in ("-C", "--chdir")) or (name == "sudo" and option in ("-D", "--chdir")):
                    cwd = _moved(cwd, attached)
                continue
            if text == "-" and name == "env":
                reset_from = len(variables)
                index += 1
                continue
            if spec.assignments and "=" in text and _NAME.fullmatch(text.partition("=")[0]):
                variable_name, _, value = text.partition("=")
                variables.append(SiteVariable(variable_name, value, argv[index].span, "wrapper"))
                index += 1
                continue
            if positionals:
                if name in ("gosu", "su-exec"):
                    user_spec = text
                positionals -= 1
                index += 1
                continue
            break
        if name == "sudo" and not preserve:
            reset_from = sudo_variables  # sudo resets the environment: only its own NAME=value get through
    if reset_from is not None:
        variables = variables[reset_from:]
        env_reset = True
    return CommandSite(
        instruction, command, position, index, tuple(wrappers), tuple(variables), env_reset, cwd, user_spec, nested
    )


def _moved(cwd: str | None, value: str | None) -> str | None:
    if not value or "$" in value:
        return None
    if value.startswith("/"):
        return posixpath.normpath(value)
    return None if cwd is None else posixpath.normpath(posixpath.join(cwd, value))


def _prefix_assignments(instruction: Instruction, command: SimpleCommand) -> list[SiteVariable]:
    """``NAME=value`` words before the program (the shell model leaves them out of argv)."""
    argv = command.argv
    document = instruction.document
    if not argv or document is None or argv[0].span.start <= command.span.start:
        return []
    text = document.text
    found = []
    for match in _PREFIX_ASSIGNMENT.finditer(text, command.span.start, argv[0].span.start):
        raw = match.group(2)
        value = "".join(split_words(raw)) if raw else ""
        found.append(SiteVariable(match.group(1), value, Span(match.start(), match.end()), "prefix"))
    return found


def _nested_script(instruction: Instruction, site: CommandSite, sites: list[CommandSite]) -> None:
    """The sites of ``sh -c 'script'``, when the script's text stands in the source as written."""
    argv = site.argv
    if site.program not in _SHELLS or len(argv) < 3:
        return
    index = 1
    while index < len(argv) and argv[index].text.startswith("-") and "c" not in argv[index].text[1:]:
        index += 1 + (argv[index].text in ("-o", "+o"))
    if index >= len(argv) - 1 or not (argv[index].text.startswith("-") and "c" in argv[index].text[1:]):
        return
    word = argv[index + 1]
    raw = instruction.document.text[word.span.start : word.span.end]
    if len(raw) < 2 or raw[0] != raw[-1] or raw[0] not in "'\"":
        return
    body = raw[1:-1]
    if raw[0] in body or (raw[0] == '"' and any(char in body for char in "\\$`")):
        return
    script = parse_commands(body, word.span.start + 1)
    if script.has_error:
        return
    exported = tuple(variable for variable in site.variables)
    start = _Context(site.cwd)
    before = len(sites)
    _walk(instruction, script.commands, start, exported, site.env_reset, site.user_spec, True, sites)
    for inner in sites[before:]:
        inner.position = site.position  # nested commands are not in the RUN's script
