"""Base images by name: what official images are known to set up."""

from __future__ import annotations

import re

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


def image_tag(base: str) -> str:
    """``1.81-slim`` for ``rust:1.81-slim``; ``latest`` when no tag is written (a digest alone too)."""
    name = base.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else "latest"


def image_matches(pattern: str, base: str) -> bool:
    """Whether ``base`` is the image ``pattern`` names: ``name`` (any registry before it,
    ``ubi9/ubi-minimal`` matches ``registry.access.redhat.com/ubi9/ubi-minimal``) or
    ``name:tag-regex`` (the tag, ``latest`` when none is written, matches the regex whole)."""
    if not base:
        return False
    wanted, _, tags = pattern.partition(":")
    name = image_name(base)
    if not (name == wanted or name.endswith("/" + wanted)):
        return False
    return not tags or re.fullmatch(tags, image_tag(base)) is not None
