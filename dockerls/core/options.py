"""Per-family rule options (the ``[apt]``, ``[pip]``, ``[cargo]`` tables of the config)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AptOptions:
    # Add the RUN that removes docker-clean when a stage lacks it.
    docker_clean: bool = True
    # Sharing mode of the apt cache mounts; apt needs exclusive access.
    sharing: str = "locked"


@dataclass(frozen=True)
class PipOptions:
    """The ``[pip]`` table: the Python family (pip, uv, poetry; codes PIP0xx, PIP1xx, PIP2xx)."""

    # Offer bind mounts for requirements/lock files copied only to be installed (PIP002/3, PIP102/3, PIP202/3).
    bind_mounts: bool = True
    # ``sharing=`` written on new cache mounts (None: BuildKit's default, shared; the tools lock their caches).
    cache_sharing: str | None = None


@dataclass(frozen=True)
class CargoOptions:
    # Offer caching target/ (with the artifacts copied out of it) on `cargo build` RUNs.
    cache_target: bool = True
    # Offer bind mounts for sources that a COPY puts in the image only for the build.
    bind_sources: bool = True
    # Where artifacts are copied out of a cached target/: outside every cache mount,
    # present in common base images, and not holding the system's own tools.
    artifact_dir: str = "/usr/local/bin"
    # `sharing=` on the cache mounts this family writes. "locked": the platforms of a
    # multi-platform build run concurrently on one cache, and cargo's package lock
    # ($CARGO_HOME/.package-cache) lies outside the mounts, so shared registry mounts
    # race; a shared target/ could also be rebuilt for another platform between
    # `cargo build` and the copy that follows it. "shared" is BuildKit's default.
    sharing: str = field(default="locked", metadata={"choices": ("locked", "private", "shared")})


@dataclass(frozen=True)
class Options:
    apt: AptOptions = field(default_factory=AptOptions)
    pip: PipOptions = field(default_factory=PipOptions)
    cargo: CargoOptions = field(default_factory=CargoOptions)
