"""cargo: what the hand-written CRG rules read from the table.

Sources: the Cargo Book ("Cargo Home": ``$CARGO_HOME``, default ``$HOME/.cargo``;
``registry/`` and ``git/db/`` hold downloads, ``bin/`` installed binaries; "Build
cache": ``target/``, ``--target-dir``, ``CARGO_TARGET_DIR``) and the official ``rust``
images (``ENV CARGO_HOME=/usr/local/cargo``, run as root). target/ and copying
the artifacts out of it stay hand-written in ``dockerls.rules.cargo``.
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, Profile, Subcommand

DOWNLOADING = (
    "build", "install", "test", "fetch", "bench", "check", "clippy", "doc", "run", "rustc", "zigbuild",
    "chef cook", "auditable build",
)  # fmt: skip

CARGO = Profile(
    name="cargo",
    label="cargo",
    family="CRG",
    programs=frozenset({"cargo", "xx-cargo"}),
    subcommands=tuple(Subcommand(tuple(words.split())) for words in DOWNLOADING),
    caches=tuple(
        CacheDir(
            name, derived=(("CARGO_HOME", name),), images=(("rust", f"/usr/local/cargo/{name}"),),
            home_path=f".cargo/{name}",
            source=f"Cargo Book, Cargo Home: $CARGO_HOME/{name} (default $HOME/.cargo); the rust images set /usr/local/cargo",
        )
        for name in ("git/db", "registry")
    ),
    sharing="locked",
    mount_names=r"^(registry|db)$",
    sources=(("locking", "cargo's package lock lives in $CARGO_HOME, outside the mounts: concurrent platforms race"),),
)
