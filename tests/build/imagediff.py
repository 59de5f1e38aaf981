"""Compare two exported images path by path, and say which differences a fix may leave.

An image is read from the tar file ``docker export`` writes: for every path its
type, permission bits, owner uid/gid, link target and (for regular files) a
SHA-256 of the content. Hard links count as the file they point at, since
which of two names the tar stores as the link depends on the order of
writing. Byte-code files embed their source's mtime, so only their presence
is compared; log files embed the time of the build, so only their presence,
owner and mode are.

What a fix may change is a :class:`Policy`:

- ``caches``: directories that are caches. Anything below one may differ.
  A cache directory (or a parent of one) that only the fixed image has is the
  mount point BuildKit left behind: harmless only if it is empty of anything
  but other such directories, has mode 0755, and belongs to the owner of the
  nearest directory above it that the original image has (whoever would
  have created it there).
  The same goes the other way for the empty mount points of the original
  file's own cache mounts, which a fix may move.
- ``announced``: single paths the fix says it adds, removes or changes.

Everything else that differs is reported, naming the path.
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

_KINDS = {
    tarfile.REGTYPE: "file",
    tarfile.AREGTYPE: "file",
    tarfile.CONTTYPE: "file",
    tarfile.DIRTYPE: "dir",
    tarfile.SYMTYPE: "symlink",
    tarfile.CHRTYPE: "char device",
    tarfile.BLKTYPE: "block device",
    tarfile.FIFOTYPE: "fifo",
}

PRESENCE_ONLY = ("*.pyc", "*.pyo")
# Logs, ldconfig's auxiliary cache and cargo's record of rustc record the time
# and inodes of the build.
VOLATILE_CONTENT = (
    "/var/log/*", "/var/cache/ldconfig/aux-cache", "*/target/.rustc_info.json",
    # pnpm records when it last pruned and checked for updates; node leaves V8 code caches in /tmp.
    "*/node_modules/.modules.yaml", "*/pnpm/pnpm-state.json", "/tmp/v8-compile-cache-*",
)
CONFIG_KEYS = ("Env", "Cmd", "Entrypoint", "User", "WorkingDir")


@dataclass(frozen=True)
class Entry:
    kind: str
    mode: int
    uid: int
    gid: int
    link: str | None = None
    digest: str | None = None

    def describe(self) -> str:
        extra = f" -> {self.link}" if self.link else ""
        return f"{self.kind} {self.mode:04o} {self.uid}:{self.gid}{extra}"


def _normal(name: str) -> str:
    """``./etc/passwd``, ``etc/passwd`` and ``/etc/passwd`` all become ``/etc/passwd``."""
    path = posixpath.normpath("/" + name)
    return "/" if path == "//" else path


def read_tree(tar_path: Path | str) -> dict[str, Entry]:
    """Every path of an exported image, keyed by its absolute path."""
    tree: dict[str, Entry] = {}
    hard_links: list[tuple[str, tarfile.TarInfo]] = []
    with tarfile.open(tar_path) as archive:
        for member in archive:
            path = _normal(member.name)
            if member.type == tarfile.LNKTYPE:
                hard_links.append((path, member))
                continue
            kind = _KINDS.get(member.type, f"type {member.type!r}")
            digest = None
            if kind == "file":
                digest = _digest(archive.extractfile(member))
            link = member.linkname if kind == "symlink" else None
            tree[path] = Entry(kind, member.mode & 0o7777, member.uid, member.gid, link, digest)
    for path, member in hard_links:
        target = tree.get(_normal(member.linkname))
        digest = target.digest if target else None
        tree[path] = Entry("file", member.mode & 0o7777, member.uid, member.gid, None, digest)
    return tree


def _digest(stream) -> str:
    hasher = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        hasher.update(block)
    return hasher.hexdigest()


@dataclass(frozen=True)
class Difference:
    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


@dataclass
class Policy:
    caches: tuple[str, ...] = ()
    announced: tuple[str, ...] = ()
    presence_only: tuple[str, ...] = PRESENCE_ONLY
    volatile_content: tuple[str, ...] = VOLATILE_CONTENT

    def in_cache(self, path: str) -> bool:
        return any(path != cache and _within(path, cache) for cache in self.caches)

    def is_cache_or_above(self, path: str) -> bool:
        return any(_within(cache, path) for cache in self.caches)


def _within(path: str, directory: str) -> bool:
    directory = directory.rstrip("/") or "/"
    return path == directory or path.startswith(directory if directory == "/" else directory + "/")


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def compare_trees(before: dict[str, Entry], after: dict[str, Entry], policy: Policy | None = None) -> list[Difference]:
    """The differences between two images that ``policy`` does not allow, by path."""
    policy = policy or Policy()
    differences: list[Difference] = []
    for path in sorted(set(before) | set(after)):
        if path in policy.announced or policy.in_cache(path):
            continue
        old, new = before.get(path), after.get(path)
        if old is None:
            problem = _added(path, new, before, after, policy)
            if problem:
                differences.append(Difference(path, problem))
            continue
        if new is None:
            if not _left_mount_point(path, old, before, policy):
                differences.append(Difference(path, f"missing from the fixed image (was {old.describe()})"))
            continue
        differences.extend(Difference(path, what) for what in _changes(path, old, new, policy))
    return differences


def _changes(path: str, old: Entry, new: Entry, policy: Policy) -> list[str]:
    if old.kind != new.kind:
        return [f"{old.kind} became {new.kind}"]
    changes = []
    if old.mode != new.mode:
        changes.append(f"mode {old.mode:04o} became {new.mode:04o}")
    if (old.uid, old.gid) != (new.uid, new.gid):
        changes.append(f"owner {old.uid}:{old.gid} became {new.uid}:{new.gid}")
    if old.link != new.link:
        changes.append(f"link target {old.link} became {new.link}")
    content_matters = not _matches(path, policy.presence_only) and not _matches(path, policy.volatile_content)
    if content_matters and old.digest != new.digest:
        changes.append("content differs")
    return changes


def _added(path: str, new: Entry, before: dict[str, Entry], after: dict[str, Entry], policy: Policy) -> str | None:
    """Why a path only the fixed image has is not allowed (None when it is a harmless mount point)."""
    if not policy.is_cache_or_above(path):
        return f"only in the fixed image ({new.describe()})"
    if new.kind != "dir":
        return f"a {new.kind} where a mount point was expected ({new.describe()})"
    stray = [
        child for child in after
        if child != path and _within(child, path) and not policy.is_cache_or_above(child) and not policy.in_cache(child)
    ]
    if stray:
        return f"mount point directory holds {stray[0]}"
    owner = _nearest_existing_parent(path, before)
    expected = (owner.uid, owner.gid) if owner else (0, 0)
    problems = []
    if (new.uid, new.gid) != expected:
        problems.append(f"owned by {new.uid}:{new.gid}, where its user would have created it as {expected[0]}:{expected[1]}")
    if new.mode != 0o755:
        problems.append(f"mode {new.mode:04o}, not 0755")
    if problems:
        return "mount point left in the fixed image is " + " and ".join(problems)
    return None


def _left_mount_point(path: str, old: Entry, before: dict[str, Entry], policy: Policy) -> bool:
    """Whether a directory only the original image has is a cache mount point BuildKit left
    there (a cache mount of the original file), holding nothing but other such directories."""
    if old.kind != "dir" or not policy.is_cache_or_above(path):
        return False
    return not any(
        child != path and _within(child, path) and not policy.is_cache_or_above(child) and not policy.in_cache(child)
        for child in before
    )


def _nearest_existing_parent(path: str, before: dict[str, Entry]) -> Entry | None:
    current = path
    while current != "/":
        current = posixpath.dirname(current)
        if current in before:
            return before[current]
    return None


def compare_configs(before: dict, after: dict, keys: tuple[str, ...] = CONFIG_KEYS) -> list[Difference]:
    """Differences in the image configuration that decides how a container runs
    (``Env`` one variable at a time: ``config Env NAME``)."""
    differences = []
    for key in keys:
        old, new = before.get(key) or None, after.get(key) or None
        if old == new:
            continue
        if key == "Env":
            old_env, new_env = _environment(old), _environment(new)
            for name in sorted(set(old_env) | set(new_env)):
                if old_env.get(name) != new_env.get(name):
                    differences.append(
                        Difference(f"config Env {name}", f"{old_env.get(name)!r} became {new_env.get(name)!r}")
                    )
            continue
        differences.append(Difference(f"config {key}", f"{old!r} became {new!r}"))
    return differences


def _environment(entries: list[str] | None) -> dict[str, str]:
    return dict(entry.partition("=")[::2] for entry in entries or ())


@dataclass
class Comparison:
    """The verdict on one pair: what differs that the policy does not allow."""

    differences: list[Difference] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.differences

    def report(self, limit: int = 40) -> str:
        lines = [str(difference) for difference in self.differences[:limit]]
        if len(self.differences) > limit:
            lines.append(f"… and {len(self.differences) - limit} more")
        return "\n".join(lines)


def compare_images(
    before_tar: Path, after_tar: Path, before_config: dict, after_config: dict, policy: Policy | None = None
) -> Comparison:
    differences = compare_trees(read_tree(before_tar), read_tree(after_tar), policy)
    differences += compare_configs(before_config, after_config)
    return Comparison(differences)
