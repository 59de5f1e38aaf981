"""Who a RUN runs as: the user, uid, gid and home directory the Dockerfile shows.

Shared by the families that mount caches under a user's home (pip, cargo, …).
A cache mount is owned by root unless it carries ``uid=``/``gid=``, and tools
running as another user cannot write it, so rules need the numeric ids. They
are taken only from the Dockerfile itself:

- ``USER 1000``, ``USER 1000:1000``, ``USER app``, ``USER app:staff``;
- ``useradd``/``adduser``/``groupadd``/``addgroup``/``usermod`` commands in the
  RUNs of the stage chain before the instruction (shadow's and BusyBox's
  option syntax, and Debian's long options);
- users that official images are known to ship (``node``: uid/gid 1000, home
  ``/home/node``; ``gradle``: uid/gid 1000, home ``/home/gradle``; ``oven/bun``'s ``bun``:
  uid/gid 1000, home ``/home/bun``);
- ``HOME`` set by ENV or ARG; otherwise root's home is ``/root`` and a created
  user's home is the one its command gives it (``-d``/``-h``/``--home``, or
  ``/home/<name>``).

Anything else stays None: callers must not guess a uid (a wrong one makes the
cache silently unusable, or worse).

API:
    effective_user(document, instruction) -> RunUser
    RunUser.is_root / .known / .mount_options() -> dict | None

The accounts and the last USER are found by one walk over each stage chain,
shared by every call on a document (``document.memo``): asking for every RUN
of a long file costs no more than reading it once.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace

from dockerls.analysis.images import image_name
from dockerls.syntax import Dockerfile, Instruction, SimpleCommand
from dockerls.syntax.words import split_words
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

ROOT_HOME = "/root"


@dataclass(frozen=True, slots=True)
class RunUser:
    """The user a RUN runs as.

    ``name`` is the user as USER wrote it (after variable expansion), ``root``
    when no USER applies, or None when USER's value depends on a variable the
    Dockerfile does not set. ``uid``, ``gid`` and ``home`` are None when the
    Dockerfile does not show them.
    """

    name: str | None
    uid: int | None
    gid: int | None
    home: str | None
    # Whether the Dockerfile shows the home directory created for this user
    # (``useradd -m``, ``adduser``, an official image's user), so it is theirs.
    home_created: bool = False

    @property
    def known(self) -> bool:
        """Whether the user's identity (name or uid) is known at all."""
        return self.name is not None or self.uid is not None

    @property
    def is_root(self) -> bool:
        return self.uid == 0

    def mount_options(self) -> dict[str, str] | None:
        """``uid``/``gid`` options for a cache mount this user can write.

        Empty for root (BuildKit's default owner), None when the user is not
        root and its uid is unknown. ``gid`` is added only when known: without
        it BuildKit uses gid 0, and a directory owned by the right uid is
        writable by its owner whatever its group.
        """
        if self.is_root:
            return {}
        if self.uid is None:
            return None
        options = {"uid": str(self.uid)}
        if self.gid is not None:
            options["gid"] = str(self.gid)
        return options


@dataclass(frozen=True, slots=True)
class _Account:
    uid: int | None = None
    gid: int | None = None
    group: str | None = None  # primary group by name, resolved once groups are known
    home: str | None = None
    home_created: bool = False


# Users that official images create, with ids their maintainers document.
_IMAGE_USERS: dict[str, dict[str, _Account]] = {
    "node": {"node": _Account(uid=1000, gid=1000, home="/home/node", home_created=True)},
    "gradle": {"gradle": _Account(uid=1000, gid=1000, home="/home/gradle", home_created=True)},
    "oven/bun": {"bun": _Account(uid=1000, gid=1000, home="/home/bun", home_created=True)},
}
_ROOT = _Account(uid=0, gid=0, home=ROOT_HOME, home_created=True)


def effective_user(document: Dockerfile, instruction: Instruction) -> RunUser:
    """The user ``instruction`` runs as, with what the Dockerfile shows of it."""
    shown = _shown_before(document, instruction)
    users, groups, spec = shown.users, shown.groups, shown.spec
    state = state_of(instruction)
    home_variable = state.lookup("HOME") if state is not None else None
    home_override = home_variable if home_variable else None
    if spec is _UNKNOWN:
        return RunUser(None, None, None, home_override)
    name, _, group = (spec or "root").partition(":")
    account = _resolve(name, users)
    gid = account.gid if account else None
    if account and gid is None and account.group is not None:
        gid = _group_id(account.group, groups)
    if group:
        gid = _group_id(group, groups)
    uid = account.uid if account else None
    home = home_override or (account.home if account else None)
    home_created = bool(account and account.home_created and home == account.home)
    return RunUser(name, uid, gid, home, home_created)


# --- USER ------------------------------------------------------------------

_UNKNOWN = object()


def _user_spec(instruction: Instruction) -> str | None | object:
    """What a USER instruction sets: the user, or ``_UNKNOWN`` if it depends
    on an unknown variable."""
    value = state_of(instruction).expand_known(instruction.args.strip())
    if value is None:
        return _UNKNOWN
    words = split_words(value)
    return words[0] if words else _UNKNOWN


def _resolve(name: str, users: dict[str, _Account]) -> _Account | None:
    if name == "root" or name == "0":
        return _ROOT
    if name.isdigit():
        uid = int(name)
        for account in users.values():
            if account.uid == uid:
                return account
        return _Account(uid=uid)
    return users.get(name)


def _group_id(group: str, groups: dict[str, int | None]) -> int | None:
    if group.isdigit():
        return int(group)
    if group == "root":
        return 0
    return groups.get(group)


# --- accounts created by RUN commands ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Shown:
    """What the stage chain has shown before an instruction. Shared between
    instructions until a RUN changes the accounts, so never mutated."""

    users: dict[str, _Account]
    groups: dict[str, int | None]
    spec: str | None | object  # the last USER's value; None without one


_NOTHING_SHOWN = _Shown({}, {}, None)


def _shown_before(document: Dockerfile, instruction: Instruction) -> _Shown:
    if instruction.stage < 0:
        return _NOTHING_SHOWN
    before, end = _stage_walk(document, instruction.stage)
    # A FROM is not among its stage's instructions: it sees the whole chain.
    return before.get(instruction.index, end)


def _stage_walk(document: Dockerfile, stage_index: int) -> tuple[dict[int, _Shown], _Shown]:
    """What each instruction of the stage sees (by instruction index), and what
    the stage leaves to the stages built on it. Parents are walked first, once."""
    walks = document.memo(("users", "stage walks"), dict)
    pending = []
    current = stage_index
    while current is not None and current not in walks:
        pending.append(current)
        current = document.stages[current].parent
    for index in reversed(pending):
        stage = document.stages[index]
        start = walks[stage.parent][1] if stage.parent is not None else _image_accounts(stage.base)
        before: dict[int, _Shown] = {}
        shown = start
        for instruction in stage.instructions:
            before[instruction.index] = shown
            shown = _after(shown, instruction)
        walks[index] = (before, shown)
    return walks[stage_index]


def _image_accounts(base: str) -> _Shown:
    users = dict(_IMAGE_USERS.get(image_name(base), {}))
    groups = {name: account.gid for name, account in users.items() if account.gid is not None}
    return _Shown(users, groups, None)


def _after(shown: _Shown, instruction: Instruction) -> _Shown:
    if instruction.keyword == "USER":
        return _Shown(shown.users, shown.groups, _user_spec(instruction))
    if instruction.keyword != "RUN":
        return shown
    script = shell_of(instruction)
    if script is None:
        return shown
    # "id app || useradd app" may not run: it says nothing sure.
    sure = [
        command
        for command in script.commands
        if not (command.connector == "||" or command.depth or command.in_pipeline) and _handler(command) is not None
    ]
    if not sure:
        return shown
    users, groups = dict(shown.users), dict(shown.groups)
    for command in sure:
        _handler(command)([word.text for word in command.argv[1:]], users, groups)
    return _Shown(users, groups, shown.spec)




def _handler(command: SimpleCommand):
    """The account tool ``command`` runs, if any."""
    if not command.argv:
        return None
    return _HANDLERS.get(command.argv[0].text.rpartition("/")[2])


# Options that take a value, per tool; every other option is a switch.
_USERADD_VALUED = set("bcdefgGkKpPRsuZ")
_USERADD_LONG_VALUED = {
    "base-dir", "comment", "home-dir", "expiredate", "inactive", "gid", "groups", "skel", "key",
    "password", "root", "prefix", "shell", "uid", "selinux-user", "selinux-range",
}
_BUSYBOX_ADDUSER_VALUED = set("hgsGuk")
_DEBIAN_ADDUSER_LONG_VALUED = {
    "home", "shell", "uid", "gid", "ingroup", "gecos", "comment", "firstuid", "lastuid",
    "firstgid", "lastgid", "conf", "add-extra-groups", "extrausers", "key",
}
_GROUPADD_VALUED = set("gKpRP")
_GROUPADD_LONG_VALUED = {"gid", "key", "password", "root", "prefix", "users"}
_USERMOD_VALUED = set("cdefgGlpPRsuZ")
_USERMOD_LONG_VALUED = {
    "comment", "home", "expiredate", "inactive", "gid", "groups", "login", "password", "root",
    "prefix", "shell", "uid", "selinux-user", "add-subuids", "del-subuids", "add-subgids", "del-subgids",
}


def _parse_options(args: list[str], short_valued: set[str], long_valued: set[str]):
    """(options, positionals): ``-u 1000``, ``-u1000``, ``-ms /bin/sh``,
    ``--uid 1000`` and ``--uid=1000`` all give ``options['u' or 'uid']``."""
    options: dict[str, str | None] = {}
    positionals: list[str] = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if word == "--":
            positionals.extend(args[index:])
            break
        if word.startswith("--"):
            name, equals, value = word[2:].partition("=")
            if not equals and name in long_valued and index < len(args):
                value, equals = args[index], "="
                index += 1
            options[name] = value if equals else None
        elif word.startswith("-") and len(word) > 1:
            letters = word[1:]
            for position, letter in enumerate(letters):
                if letter in short_valued:
                    rest = letters[position + 1 :]
                    if rest:
                        options[letter] = rest
                    elif index < len(args):
                        options[letter] = args[index]
                        index += 1
                    else:
                        options[letter] = None
                    break
                options[letter] = None
        else:
            positionals.append(word)
    return options, positionals


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and re.fullmatch(r"\d+", value) else None


def _group_option(value: str | None) -> tuple[int | None, str | None]:
    """A ``-g`` value: a gid, or a group name to resolve later."""
    if value is None:
        return None, None
    return (_number(value), None) if value.isdigit() else (None, value)


def _useradd(args, users, groups) -> None:
    options, positionals = _parse_options(args, _USERADD_VALUED, _USERADD_LONG_VALUED)
    if "D" in options or "defaults" in options or len(positionals) != 1:
        return  # -D edits useradd's defaults; no single login means no user
    name = positionals[0]
    gid, group = _group_option(options.get("g") or options.get("gid"))
    home = options.get("d") or options.get("home-dir")
    if home is None:
        base = options.get("b") or options.get("base-dir") or "/home"
        home = posixpath.join(base, name)
    created = ("m" in options or "create-home" in options) and "M" not in options and "no-create-home" not in options
    users[name] = _Account(_number(options.get("u") or options.get("uid")), gid, group, home, created)


def _adduser(args, users, groups) -> None:
    long_form = any(word.startswith("--") for word in args)
    if long_form:  # Debian's adduser (BusyBox's long options mean the same)
        options, positionals = _parse_options(args, set(), _DEBIAN_ADDUSER_LONG_VALUED)
        if len(positionals) != 1 or "group" in options:
            return  # "adduser USER GROUP" adds to a group; --group creates a group
        name = positionals[0]
        gid, group = _number(options.get("gid")), options.get("ingroup")
        home = options.get("home")
        if home is None and "system" not in options:
            home = posixpath.join("/home", name)  # system users' default home varies by release
        created = home is not None and "no-create-home" not in options
        users[name] = _Account(_number(options.get("uid")), gid, group, home, created)
        return
    options, positionals = _parse_options(args, _BUSYBOX_ADDUSER_VALUED, set())
    if len(positionals) != 1:
        return
    name = positionals[0]
    # BusyBox: -g is the GECOS field and -G the group.
    gid, group = _group_option(options.get("G"))
    home = options.get("h") or posixpath.join("/home", name)
    users[name] = _Account(_number(options.get("u")), gid, group, home, "H" not in options)


def _groupadd(args, users, groups) -> None:
    options, positionals = _parse_options(args, _GROUPADD_VALUED, _GROUPADD_LONG_VALUED)
    if len(positionals) == 1:
        groups[positionals[0]] = _number(options.get("g") or options.get("gid"))


def _addgroup(args, users, groups) -> None:
    long_form = any(word.startswith("--") for word in args)
    options, positionals = _parse_options(args, set("g") if not long_form else set(), {"gid", "conf"})
    if len(positionals) == 1:  # two positionals add a user to a group
        groups[positionals[0]] = _number(options.get("g") or options.get("gid"))


def _usermod(args, users, groups) -> None:
    options, positionals = _parse_options(args, _USERMOD_VALUED, _USERMOD_LONG_VALUED)
    if len(positionals) != 1 or positionals[0] not in users:
        if len(positionals) == 1:
            users.pop(positionals[0], None)
        return
    name = positionals[0]
    account = users[name]
    if "u" in options or "uid" in options:
        account = replace(account, uid=_number(options.get("u") or options.get("uid")))
    if "g" in options or "gid" in options:
        gid, group = _group_option(options.get("g") or options.get("gid"))
        account = replace(account, gid=gid, group=group)
    if "d" in options or "home" in options:
        moved = "m" in options or "move-home" in options  # without -m the new home is not created
        account = replace(account, home=options.get("d") or options.get("home"), home_created=moved and account.home_created)
    new_name = options.get("l") or options.get("login")
    if new_name:
        del users[name]
        name = new_name
    users[name] = account


_HANDLERS = {
    "useradd": _useradd,
    "adduser": _adduser,
    "groupadd": _groupadd,
    "addgroup": _addgroup,
    "usermod": _usermod,
}


def named_user(document: Dockerfile, instruction: Instruction, spec: str) -> RunUser:
    """The user ``spec`` (``name``, ``uid``, ``name:group``) as the Dockerfile shows it
    at ``instruction``: for commands that switch users (``sudo -u``, ``gosu``)."""
    shown = _shown_before(document, instruction)
    name, _, group = spec.partition(":")
    account = _resolve(name, shown.users)
    gid = account.gid if account else None
    if account and gid is None and account.group is not None:
        gid = _group_id(account.group, shown.groups)
    if group:
        gid = _group_id(group, shown.groups)
    return RunUser(name, account.uid if account else None, gid, account.home if account else None)
