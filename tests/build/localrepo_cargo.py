"""What the cargo stand-in registry holds: two tiny crates, ``dockerls-shout`` needing
``dockerls-greet``, so that a build resolves and downloads two ``.crate`` files.

The rust stand-in is Debian's cargo 0.66 (Rust 1.65): sparse registries came to stable
cargo in 1.68, so the index is a git repository (the protocol every cargo speaks), served
by git's smart HTTP (``git http-backend``, :class:`tests.build.localrepo.LocalRepository`).
A project points cargo at it by source replacement in its ``.cargo/config.toml``::

    [source.crates-io]
    replace-with = "local"
    [source.local]
    registry = "@LOCALREPO@/index.git"

- ``crates/<name>/<name>-<version>.crate``: gzip tar of ``<name>-<version>/`` with
  ``Cargo.toml`` and ``src/lib.rs``, written byte for byte the same every time (fixed
  times, owners and modes; gzip without name or time), so that their SHA-256 (the index's
  ``cksum``) is the ``checksum`` a committed ``Cargo.lock`` holds;
- ``index/``: the index's files, ``config.json`` (``dl``: the ``.crate`` files by URL, with
  ``@LOCALREPO@``) and one file per crate at its index path (``1/``, ``2/``, ``3/<c>/``,
  ``<ab>/<cd>/``), one JSON line per version;
- ``index.git``: a bare repository of one commit of ``index/`` with the URL put in, made
  when the server has its port (:func:`publish_index`).

The git requests (``index.git/…``) are the index, asked on every run that resolves: counted
apart (``CARGO_INDEX``); the ``.crate`` files are the downloads.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

PLACEHOLDER = "@LOCALREPO@"  # as tests.build.localrepo.PLACEHOLDER (this module is imported by it)
CARGO_INDEX = (r"^index\.git/",)

# (name, version, dependencies (name, requirement), lib.rs)
CRATES = (
    ("dockerls-greet", "0.1.0", (), 'pub fn greeting() -> &\'static str {\n    "dockerls-greet"\n}\n'),
    (
        "dockerls-shout",
        "0.1.0",
        (("dockerls-greet", "^0.1"),),
        "pub fn shout() -> String {\n    dockerls_greet::greeting().to_uppercase()\n}\n",
    ),
)

_MANIFEST = '[package]\nname = "{name}"\nversion = "{version}"\nedition = "2021"\n\n[dependencies]\n{dependencies}'


def index_path(name: str) -> str:
    """Where the index keeps a crate's file: ``1/a``, ``2/ab``, ``3/a/abc``, ``ab/cd/abcd…`` (lower case)."""
    name = name.lower()
    if len(name) <= 2:
        return f"{len(name)}/{name}"
    if len(name) == 3:
        return f"3/{name[0]}/{name}"
    return f"{name[:2]}/{name[2:4]}/{name}"


def crate_archive(name: str, version: str, files: dict[str, str]) -> bytes:
    """A ``.crate``: gzip tar of ``<name>-<version>/<file>``, the same bytes for the same files."""
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for path, text in sorted(files.items()):
            data = text.encode()
            member = tarfile.TarInfo(f"{name}-{version}/{path}")
            member.size, member.mode, member.mtime = len(data), 0o644, 0
            member.uid = member.gid = 0
            member.uname = member.gname = ""
            archive.addfile(member, io.BytesIO(data))
    zipped = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=zipped, compresslevel=9, mtime=0) as stream:
        stream.write(tarred.getvalue())
    return zipped.getvalue()


def crate_files(name: str, version: str, dependencies: tuple[tuple[str, str], ...], library: str) -> dict[str, str]:
    requirements = "".join(f'{dependency} = "{requirement}"\n' for dependency, requirement in dependencies)
    return {"Cargo.toml": _MANIFEST.format(name=name, version=version, dependencies=requirements), "src/lib.rs": library}


def index_line(name: str, version: str, dependencies: tuple[tuple[str, str], ...], checksum: str) -> str:
    """A version's line in the index (the registry index format of the Cargo Book)."""
    deps = [
        {"name": dependency, "req": requirement, "features": [], "optional": False, "default_features": True,
         "target": None, "kind": "normal"}
        for dependency, requirement in dependencies
    ]
    entry = {"name": name, "vers": version, "deps": deps, "cksum": checksum, "features": {}, "yanked": False}
    return json.dumps(entry, separators=(",", ":")) + "\n"


def make_cargo(directory: Path, tools=None) -> None:
    """The crates and the index's files (``index.git`` comes when served: :func:`publish_index`)."""
    config = {"dl": f"{PLACEHOLDER}/crates/{{crate}}/{{crate}}-{{version}}.crate"}
    index = directory / "index"
    index.mkdir(parents=True)
    (index / "config.json").write_text(json.dumps(config) + "\n")
    for name, version, dependencies, library in CRATES:
        archive = crate_archive(name, version, crate_files(name, version, dependencies, library))
        crate = directory / "crates" / name / f"{name}-{version}.crate"
        crate.parent.mkdir(parents=True, exist_ok=True)
        crate.write_bytes(archive)
        entry = index / index_path(name)
        entry.parent.mkdir(parents=True, exist_ok=True)
        with entry.open("a") as lines:
            lines.write(index_line(name, version, dependencies, hashlib.sha256(archive).hexdigest()))


def publish_index(directory: Path, url: str) -> None:
    """``index.git``: one commit of ``index/`` with ``@LOCALREPO@`` replaced by ``url``."""
    with tempfile.TemporaryDirectory(prefix="dockerls-cargo-index-") as scratch:
        tree = Path(scratch)
        for path in (directory / "index").rglob("*"):
            if path.is_file():
                target = tree / path.relative_to(directory / "index")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(path.read_text().replace(PLACEHOLDER, url))
        repository = directory / "index.git"
        environment = {
            **os.environ,
            "GIT_DIR": str(repository), "GIT_WORK_TREE": scratch,
            "GIT_AUTHOR_NAME": "dockerls", "GIT_AUTHOR_EMAIL": "tests@localhost",
            "GIT_COMMITTER_NAME": "dockerls", "GIT_COMMITTER_EMAIL": "tests@localhost",
            "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
        }
        subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=master", str(repository)], check=True, capture_output=True)
        for command in (["git", "add", "-A"], ["git", "commit", "-q", "-m", "index"]):
            subprocess.run(command, env=environment, check=True, capture_output=True)


def lock_checksums() -> dict[str, str]:
    """Per ``<name> <version>``, the SHA-256 of its ``.crate`` (what a ``Cargo.lock`` must hold)."""
    return {
        f"{name} {version}": hashlib.sha256(
            crate_archive(name, version, crate_files(name, version, dependencies, library))
        ).hexdigest()
        for name, version, dependencies, library in CRATES
    }
