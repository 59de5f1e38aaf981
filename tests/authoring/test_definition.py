"""Go to definition from ``from=stage`` in a mount and ``COPY --from=stage``, pure."""

from __future__ import annotations

from dockerls.authoring import definition

from .cursor import at_cursor

STAGES = "FROM golang:1.22 AS Build\nRUN go build -o /app .\nFROM alpine AS 1tool\n"


def target(marked: str) -> str | None:
    document, offset = at_cursor(marked)
    found = definition(document, offset)
    return None if found is None else document.text[found.start : found.end]


def test_mount_from_goes_to_the_stages_from():
    assert target(STAGES + "FROM alpine\nRUN --mount=from=bu|ild,source=/app,target=/x true\n") == (
        "FROM golang:1.22 AS Build"
    )
    assert target(STAGES + "FROM alpine\nRUN --mount=type=cache,from=|1tool,target=/x true\n") == (
        "FROM alpine AS 1tool"
    )


def test_copy_from_goes_to_the_stages_from_by_name_or_index():
    assert target(STAGES + "FROM alpine\nCOPY --from=build| /app /app\n") == "FROM golang:1.22 AS Build"
    assert target(STAGES + "FROM alpine\nCOPY --from=|0 /app /app\n") == "FROM golang:1.22 AS Build"


def test_images_later_stages_and_other_places_go_nowhere():
    assert target(STAGES + "FROM alpine\nCOPY --from=node:2|0 /x /y\n") is None
    assert target("FROM alpine\nCOPY --from=la|ter /x /y\nFROM alpine AS later\n") is None
    assert target(STAGES + "FROM alpine\nRUN --mount=source=bu|ild,target=/x true\n") is None
    assert target(STAGES + "FROM alpine\nCOPY --chown=bu|ild /x /y\n") is None
