"""Before/after pairs: the "after" file is written by dockerls itself, then both are built.

A pair is a "before" Dockerfile and its build context. :func:`prepare` copies
them to a scratch directory and runs the real CLI on the copy (``dockerls
check --fix``, with ``--unsafe-fixes`` for the unsafe variant), so what is
built is exactly what a user would get. :func:`build_pair` then

1. builds the before file;
2. empties every cache mount and builds the after file (first build);
3. builds the after file again with the layer cache busted and the cache
   mounts kept (second build): the after file is built with an
   ``ARG DOCKERLS_REBUILD`` after each FROM, and the two builds pass
   different values, so every RUN runs again (``--no-cache`` would also
   empty the cache mounts in this BuildKit). That each RUN ran again is
   checked in the log;
4. exports both final images and compares them (:mod:`tests.build.imagediff`).

What may differ follows from the after file: the directories under its
cache mounts (except what apt keeps beside its lists under ``/var/lib/apt``
and cargo build outputs, which are not caches), the apt configuration the
fix announces (``docker-clean`` removed, ``keep-cache`` added), and — for
unsafe fixes — the paths the applied unsafe fixes' messages name.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dockerls.syntax import parse
from tests.build.downloads import apt_lists, downloads, fetched_again
from tests.build.engine import Build, Engine
from tests.build.imagediff import Comparison, Policy, compare_images
from tests.build.localrepo import BUILD_ARG as LOCAL_REPOSITORY_ARG
from tests.build.localrepo import PLACEHOLDER as LOCAL_REPOSITORY_PLACEHOLDER
from tests.build.localrepo import LocalRepository
from tests.paths import REPO, SEED_EXAMPLES

PAIRS = Path(__file__).parent / "pairs"
REBUILD_ARG = "DOCKERLS_REBUILD"
FRONT_PLACEHOLDER = "@FRONT@"
APT_ANNOUNCED = ("/etc/apt/apt.conf.d/docker-clean", "/etc/apt/apt.conf.d/keep-cache")


@dataclass(frozen=True)
class Pair:
    """A before file and its context. ``unsafe`` applies unsafe fixes too."""

    name: str
    dockerfile: Path
    context: Path | None
    unsafe: bool = False
    expect: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def id(self) -> str:
        return f"{self.name}[{'unsafe' if self.unsafe else 'safe'}]"


def _settings(directory: Path) -> dict:
    path = directory / "pair.toml"
    return tomllib.loads(path.read_text()) if path.is_file() else {}


def all_pairs() -> list[Pair]:
    """The bundled examples, the seed's before files and the curated pairs under ``pairs/``,
    each in a safe variant (safe fixes applied) if it has a safe fix, and an unsafe variant
    (every fix applied) if it has an unsafe one."""
    sources: list[tuple[str, Path, Path | None, dict]] = []
    for example in sorted((REPO / "examples").iterdir()):
        if (example / "Dockerfile").is_file():
            sources.append((f"examples/{example.name}", example / "Dockerfile", example, {}))
    examples = {dockerfile.read_bytes() for _, dockerfile, _, _ in sources}
    for before in sorted(SEED_EXAMPLES.glob("*.before.Dockerfile")):
        family = before.name.split(".")[0]
        if before.read_bytes() not in examples:  # the bundled examples are the seed's before files
            sources.append((f"seed/{family}", before, REPO / "examples" / family, {}))
    for directory in sorted(path for path in PAIRS.iterdir() if (path / "before.Dockerfile").is_file()):
        settings = _settings(directory)
        # ``context_from = "<pair>"``: another pair's context (the same project, built another way).
        context = PAIRS / settings["context_from"] / "context" if "context_from" in settings else directory / "context"
        sources.append((directory.name, directory / "before.Dockerfile", context if context.is_dir() else None, settings))
    pairs: list[Pair] = []
    for name, dockerfile, context, settings in sources:
        kinds = fix_kinds(dockerfile, context)
        if "safe" in kinds or not kinds:
            pairs.append(Pair(name, dockerfile, context, False, settings))
        if "unsafe" in kinds:
            pairs.append(Pair(name, dockerfile, context, True, settings))
    return pairs


def fix_kinds(dockerfile: Path, context: Path | None) -> set[str]:
    """The applicabilities of the fixes dockerls offers on a file."""
    args = ["check", "--output-format", "json", "--unsafe-fixes"]
    if context is not None:
        args += ["--context", str(context)]
    listed = _dockerls(*args, str(dockerfile), cwd=dockerfile.parent)
    findings = json.loads(listed.stdout or "[]") if listed.returncode in (0, 1) else []
    return {(finding.get("fix") or {}).get("applicability") for finding in findings} - {None}


# --- the after file, by dockerls -------------------------------------------------------


@dataclass
class Prepared:
    pair: Pair
    root: Path
    context: Path
    before: Path
    after: Path
    rebuild: Path
    findings: list[dict]

    @property
    def before_text(self) -> str:
        return self.before.read_text()

    @property
    def after_text(self) -> str:
        return self.after.read_text()

    def unsafe_messages(self) -> list[str]:
        """What the applied unsafe fixes say they change: their findings' and fixes' messages."""
        messages = []
        for finding in self.findings:
            fix = finding.get("fix") or {}
            if fix.get("applicability") == "unsafe":
                messages += [finding["message"], fix.get("message") or ""]
        return messages


def _dockerls(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dockerls", *args], cwd=cwd, capture_output=True, text=True)


def prepare(pair: Pair, root: Path, front_url: str, local_repository_url: str | None = None) -> Prepared:
    """Copy the pair to ``root`` and let dockerls write the after file. Context files may name
    the front (``@FRONT@``) and the pair's local repository (``@LOCALREPO@``)."""
    if root.exists():
        shutil.rmtree(root)
    context = root / "context"
    if pair.context is not None:
        shutil.copytree(pair.context, context, ignore=shutil.ignore_patterns("Dockerfile", "*.Dockerfile"))
    else:
        context.mkdir(parents=True)
    placeholders = {FRONT_PLACEHOLDER: front_url}
    if local_repository_url is not None:
        placeholders[LOCAL_REPOSITORY_PLACEHOLDER] = local_repository_url
    for path in context.rglob("*"):
        if path.is_file() and any(name.encode() in path.read_bytes() for name in placeholders):
            text = path.read_text()
            for name, url in placeholders.items():
                text = text.replace(name, url)
            path.write_text(text)
    before = root / "before.Dockerfile"
    shutil.copyfile(pair.dockerfile, before)
    after = root / "after.Dockerfile"
    shutil.copyfile(pair.dockerfile, after)
    unsafe = ["--unsafe-fixes"] if pair.unsafe else []
    listed = _dockerls("check", "--output-format", "json", *unsafe, "--context", str(context), str(before), cwd=root)
    if listed.returncode not in (0, 1):
        raise AssertionError(f"dockerls check failed on {pair.id}:\n{listed.stderr}")
    findings = json.loads(listed.stdout or "[]")
    fixed = _dockerls("check", "--fix", *unsafe, "--context", str(context), str(after), cwd=root)
    if fixed.returncode not in (0, 1):
        raise AssertionError(f"dockerls check --fix failed on {pair.id}:\n{fixed.stderr}")
    rebuild = root / "after.rebuild.Dockerfile"
    rebuild.write_text(with_rebuild_arg(after.read_text()))
    return Prepared(pair, root, context, before, after, rebuild, findings)


def with_rebuild_arg(text: str) -> str:
    """``text`` with ``ARG DOCKERLS_REBUILD`` after each FROM: a new value re-runs every RUN."""
    document = parse(text)
    pieces, last = [], 0
    for stage in document.stages:
        end = stage.from_instruction.extent.end
        pieces.append(text[last:end])
        # The FROM's extent holds its line break, except on a last line without one.
        pieces.append(("" if text[:end].endswith(("\n", "\r")) else document.eol) + f"ARG {REBUILD_ARG}{document.eol}")
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# --- building and comparing ------------------------------------------------------------------


@dataclass
class PairResult:
    prepared: Prepared
    before: Build
    first: Build
    second: Build
    comparison: Comparison | None  # None when the before file is expected not to build
    first_downloads: dict[str, list[str]]
    second_downloads: dict[str, list[str]]

    @property
    def again(self) -> dict[str, list[str]]:
        again = fetched_again(self.first_downloads, self.second_downloads)
        if not any(_is_build_output(target) for target in cache_targets(self.prepared.after_text)):
            again.pop("cargo-compile", None)  # nothing caches cargo's target/: it compiles again
        return again

    def counts(self) -> str:
        rows = []
        for manager, items in self.first_downloads.items():
            if items or self.second_downloads.get(manager):
                rows.append(f"{manager} {len(items)}→{len(self.second_downloads.get(manager, []))}")
        lists = apt_lists(self.first.log), apt_lists(self.second.log)
        if lists[0]["Get"] or lists[0]["Hit"]:
            rows.append(f"apt-lists get {lists[0]['Get']}→{lists[1]['Get']}")
        return ", ".join(rows) or "nothing downloaded"

    def rerun_steps(self) -> list[tuple[str, bool]]:
        return self.second.run_steps()


def cache_targets(text: str) -> list[str]:
    """The absolute targets of a Dockerfile's cache mounts."""
    targets = []
    for instruction in parse(text).instructions:
        if instruction.keyword != "RUN":
            continue
        for flag in instruction.mounts:
            if flag.mount_type == "cache":
                target = _absolute_target(flag.mount_get("target") or flag.mount_get("dst") or "", instruction)
                if target is not None:
                    targets.append(target)
    return targets


def cache_policy(prepared: Prepared) -> Policy:
    """What the fix may change: its caches and the apt configuration it announces."""
    caches: list[str] = []
    # The original file's cache mounts are caches too: a fix may move them.
    for target in cache_targets(prepared.after_text) + cache_targets(prepared.before_text):
        if target == "/var/lib/apt":
            caches.append("/var/lib/apt/lists")  # beside the lists, apt keeps state: extended_states
        elif not _is_build_output(target):
            caches.append(target)
    announced: list[str] = []
    if "keep-cache" in prepared.after_text and "keep-cache" not in prepared.before_text:
        announced.extend(APT_ANNOUNCED)
    return Policy(caches=tuple(dict.fromkeys(caches)), announced=tuple(announced))


def _absolute_target(target: str, instruction) -> str | None:
    if not target:
        return None
    if not target.startswith("/"):
        workdir = instruction.state.workdir if instruction.state is not None else "/"
        if not workdir:
            return None
        target = posixpath.join(workdir, target)
    return posixpath.normpath(target)


def _is_build_output(target: str) -> bool:
    """cargo's target directory: what is compiled there is the build's output, not a cache."""
    return posixpath.basename(target) == "target"


_UNQUOTE = re.compile(r"^[;:`'\"(]+|[.;:`'\"()]+$")


def announced_by_message(path: str, messages: list[str], workdir: str = "/") -> bool:
    """Whether an unsafe fix's message names ``path`` or a directory above it, as an absolute
    path or relative to the image's working directory (as COPY sources land there); for a
    variable of the configuration (``config Env NAME``), whether it names the variable."""
    # A leading dot belongs to the name (``.cargo``); a trailing one ends the sentence.
    tokens = {_UNQUOTE.sub("", token) for message in messages for token in re.split(r"[\s,→=]+", message)}
    if path.startswith("config Env "):
        return path.split()[-1] in tokens
    named = {
        posixpath.normpath(token if token.startswith("/") else posixpath.join(workdir or "/", token))
        for token in tokens
        if token and not token.startswith("-")
    }
    current = path
    while current not in ("/", ""):
        if current in named:
            return True
        current = posixpath.dirname(current)
    return False


def _announced(path: str, messages: list[str], workdir: str, after_config: dict) -> bool:
    """A changed ``Cmd``/``Entrypoint`` is announced when the messages name the path it now runs."""
    if path in ("config Cmd", "config Entrypoint"):
        words = after_config.get(path.split()[1]) or []
        return any(word.startswith("/") and announced_by_message(word, messages, workdir) for word in words)
    return announced_by_message(path, messages, workdir)


def build_pair(engine: Engine, prepared: Prepared, front, local: LocalRepository | None = None) -> PairResult:
    slug = re.sub(r"[^a-z0-9]+", "-", prepared.pair.id.lower()).strip("-")
    before_fails = bool(prepared.pair.expect.get("before_fails"))
    args = {LOCAL_REPOSITORY_ARG: local.url} if local is not None else {}
    before = engine.build(prepared.before, prepared.context, f"dockerls-pair/{slug}:before", args, check=not before_fails)
    engine.prune_cache_mounts()

    def served() -> tuple[int, int]:
        return len(front.files_served), len(local.files_served) if local is not None else 0

    def local_files(start: int, end: int) -> dict[str, list[str]] | None:
        return {local.name: local.files_served[start:end]} if local is not None else None

    first_served = served()
    # Values of this pair's own: no RUN of the after file may come from another pair's layers.
    first = engine.build(
        prepared.rebuild, prepared.context, f"dockerls-pair/{slug}:after", {**args, REBUILD_ARG: f"{slug}-1"}
    )
    second_served = served()
    second = engine.build(
        prepared.rebuild, prepared.context, f"dockerls-pair/{slug}:rebuild", {**args, REBUILD_ARG: f"{slug}-2"}
    )
    third_served = served()
    found = (
        downloads(
            first.log, front.files_served[first_served[0] : second_served[0]], local_files(first_served[1], second_served[1])
        ),
        downloads(
            second.log, front.files_served[second_served[0] : third_served[0]], local_files(second_served[1], third_served[1])
        ),
    )
    if before_fails:  # nothing to compare with: the fix must make it build
        return PairResult(prepared, before, first, second, None, *found)
    before_tar = engine.export(before.tag, prepared.root / "before.tar")
    after_tar = engine.export(first.tag, prepared.root / "after.tar")
    comparison = compare_images(
        before_tar, after_tar, engine.image_config(before.tag), engine.image_config(first.tag), cache_policy(prepared)
    )
    if prepared.pair.unsafe:
        messages = prepared.unsafe_messages()
        workdir = engine.image_config(before.tag).get("WorkingDir") or "/"
        after_config = engine.image_config(first.tag)
        comparison.differences = [
            d for d in comparison.differences if not _announced(d.path, messages, workdir, after_config)
        ]
    for tar in (before_tar, after_tar):
        tar.unlink()
    return PairResult(prepared, before, first, second, comparison, *found)
