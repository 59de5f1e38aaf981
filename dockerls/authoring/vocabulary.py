"""What BuildKit accepts in a RUN's flags, in words: the flags, the mount types, each type's
options with their default, and the values an option takes.

Facts from the Dockerfile reference (``RUN --mount``, ``RUN --network``,
``RUN --security``); completion and hover read them, nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    """A flag, a mount option or a value: what it does, and what applies without it."""

    name: str
    summary: str
    default: str | None = None
    values: tuple[str, ...] = ()  # the values it takes, when they are a fixed set
    boolean: bool = False  # written alone (``rw``) or ``=true``/``=false``


FLAGS: dict[str, Word] = {
    "mount": Word("mount", "Mounts something into the container for this RUN only: a cache, files of the "
                  "context or of another stage, a tmpfs, a secret or the SSH agent. What is under its target "
                  "never reaches the image.", "no mounts"),
    "network": Word("network", "The network this RUN's commands have.", "default", ("default", "none", "host")),
    "security": Word("security", "Whether this RUN runs in the default sandbox or with extended privileges "
                     "(needs the builder's security.insecure entitlement).", "sandbox", ("sandbox", "insecure")),
}

FLAG_VALUES: dict[str, dict[str, str]] = {
    "network": {
        "default": "The build's default network.",
        "none": "No network: the commands must not download anything.",
        "host": "The host's network (needs the builder's network.host entitlement).",
    },
    "security": {
        "sandbox": "The default sandbox.",
        "insecure": "Extended privileges, as a privileged container.",
    },
}

TYPES: dict[str, str] = {
    "bind": "Files of the build context (or of `from=`) at `target`, read-only unless `rw`; writes are thrown away.",
    "cache": "A directory kept between builds (shared by `id`) for compilers and package managers; "
             "its contents never reach the image.",
    "tmpfs": "An empty in-memory directory at `target`.",
    "secret": "A secret given to the build (`--secret`), as a file or an environment variable; never in the image.",
    "ssh": "The SSH agent's socket (`--ssh`), so the commands can use the host's keys.",
}

_TYPE = Word("type", "The kind of mount.", "bind", tuple(TYPES))
_TARGET = Word("target", "Where the mount appears in the container (aliases `dst`, `destination`).")
_FROM = Word("from", "The stage or image whose files are mounted (a cache: seeds a new cache from it).",
             "the build context (for a cache: an empty directory)")
_SOURCE = Word("source", "The path inside `from` to mount (alias `src`).", "the root of `from`")
_MODE = Word("mode", "The permissions of the mount's root, in octal.")
_UID = Word("uid", "The user id that owns the mount's root.", "0 (root)")
_GID = Word("gid", "The group id that owns the mount's root.", "0 (root)")
_REQUIRED = Word("required", "Whether the build fails when the secret or agent is not given.", "false",
                 ("true", "false"), boolean=True)

KEYS: dict[str, tuple[Word, ...]] = {
    "bind": (
        _TYPE, _TARGET, _SOURCE, _FROM,
        Word("rw", "Writable (alias `readwrite`); what is written is thrown away after the RUN.", "read-only",
             ("true", "false"), boolean=True),
    ),
    "cache": (
        _TYPE,
        Word("id", "The cache's name: mounts with the same id share one directory, in every stage.",
             "the target path"),
        _TARGET,
        Word("ro", "Read-only (alias `readonly`).", "writable", ("true", "false"), boolean=True),
        Word("sharing", "What concurrent builds using the same cache do: `shared` write it together, "
             "`private` get a new one when it is in use, `locked` wait for it.", "shared",
             ("shared", "private", "locked")),
        _FROM, _SOURCE,
        Word("mode", _MODE.summary, "0755"),
        _UID, _GID,
    ),
    "tmpfs": (_TYPE, _TARGET, Word("size", "The largest size the tmpfs may grow to, in bytes.", "no limit")),
    "secret": (
        _TYPE,
        Word("id", "The id of the secret given to the build (`--secret id=…`).", "the target's file name"),
        Word("target", "The file the secret is at.", "/run/secrets/<id>"),
        Word("env", "An environment variable to hold the secret (then no file unless `target` is given)."),
        _REQUIRED,
        Word("mode", _MODE.summary, "0400"), _UID, _GID,
    ),
    "ssh": (
        _TYPE,
        Word("id", "The id of the SSH agent or key given to the build (`--ssh id=…`).", "default"),
        Word("target", "Where the agent's socket is.", "/run/buildkit/ssh_agent.<N>"),
        _REQUIRED,
        Word("mode", _MODE.summary, "0600"), _UID, _GID,
    ),
}

ALIASES = {"dst": "target", "destination": "target", "src": "source", "readonly": "ro", "readwrite": "rw"}


def canonical_key(key: str) -> str:
    """A mount option's name with BuildKit's aliases folded (``dst`` → ``target``)."""
    return ALIASES.get(key.lower(), key.lower())


def mount_key(mount_type: str, key: str) -> Word | None:
    """The option ``key`` (aliases folded) of a mount of ``mount_type``; None when it takes no such option."""
    name = canonical_key(key)
    return next((word for word in KEYS.get(mount_type, ()) if word.name == name), None)
