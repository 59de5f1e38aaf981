"""Base images by name: what official images are known to set up."""

from __future__ import annotations

from dockerls.syntax import Dockerfile, Instruction


def image_name(base: str) -> str:
    """``rust`` for ``rust:1.81-slim``, ``docker.io/library/rust@sha256:…`` and the like."""
    name = base.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    for prefix in ("docker.io/library/", "index.docker.io/library/", "library/"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name.lower()


def root_image(document: Dockerfile, instruction: Instruction) -> str:
    """The image ``instruction``'s stage chain starts from (its last stage's FROM image)."""
    if instruction.stage < 0:
        return ""
    chain = document.stage_chain(instruction.stage)
    return chain[-1].base if chain else ""
