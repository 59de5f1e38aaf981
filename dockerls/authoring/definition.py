"""Go to definition: from ``--mount=…,from=stage`` and ``COPY --from=stage`` to the stage's FROM."""

from __future__ import annotations

from dockerls.authoring.place import FLAG_VALUE, MOUNT_VALUE, place_at
from dockerls.authoring.vocabulary import canonical_key
from dockerls.syntax import Dockerfile, Span


def definition(document: Dockerfile, offset: int) -> Span | None:
    """The span of the FROM instruction of the stage named at ``offset``; None when none is."""
    place = place_at(document, offset)
    if place is None:
        return None
    mount_from = place.kind == MOUNT_VALUE and canonical_key(place.key) == "from"
    copy_from = place.kind == FLAG_VALUE and place.flag.name == "from" and place.instruction.keyword == "COPY"
    if not (mount_from or copy_from):
        return None
    reference = document.text[place.span.start : place.span.end].strip("\"'")
    stage = document.stage_by_reference(reference) if reference else None
    if stage is None or stage.index >= place.instruction.stage >= 0:
        return None  # an image, or no stage before this one by that name
    return stage.from_instruction.span
