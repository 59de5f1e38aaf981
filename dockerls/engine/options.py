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
    pass


@dataclass(frozen=True)
class CargoOptions:
    pass


@dataclass(frozen=True)
class Options:
    apt: AptOptions = field(default_factory=AptOptions)
    pip: PipOptions = field(default_factory=PipOptions)
    cargo: CargoOptions = field(default_factory=CargoOptions)
