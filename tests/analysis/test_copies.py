"""Which COPY brought a file, and what removing it would change."""

from __future__ import annotations

import pytest

from dockerls.core.buildcontext import MemoryContext
from dockerls.analysis.copies import FINAL_IMAGE, NEEDED, SAFE, provider, removal_effect
from dockerls.syntax import parse
from dockerls.syntax.shell import shell_of

CONTEXT = MemoryContext({"requirements.txt": "flask\n", "src/app.py": "", "dir/requirements.txt": "x\n"})


def provider_of(text: str, path: str = "/app/requirements.txt"):
    document = parse("FROM python:3.12 AS build\nWORKDIR /app\n" + text + "RUN pip install -r requirements.txt\n")
    return document, provider(document, document.instructions[-1], path, CONTEXT)


@pytest.mark.parametrize(
    "copy",
    [
        "COPY requirements.txt .\n",
        "COPY requirements.txt ./\n",
        "COPY requirements.txt /app/\n",
        "COPY requirements.txt /app/requirements.txt\n",
        "COPY ./requirements.txt .\n",
        "COPY --chown=1000:1000 requirements.txt .\n",
        'COPY ["requirements.txt", "./"]\n',
        "ADD requirements.txt .\n",
        "COPY requirements.txt setup.cfg ./\n",
    ],
)
def test_dedicated_copies(copy: str) -> None:
    _, found = provider_of(copy)
    assert found is not None and found.context_path == "requirements.txt" and found.path == "/app/requirements.txt"


@pytest.mark.parametrize(
    "copy",
    [
        "COPY . .\n",
        "COPY dir/ ./\n",  # a directory's contents
        "COPY requirements*.txt ./\n",  # a wildcard
        "COPY --from=other /requirements.txt .\n",
        "ADD https://example.invalid/requirements.txt .\n",
        "COPY <<EOF requirements.txt\nflask\nEOF\n",
        "COPY requirements.txt .\nRUN sed -i s/a/b/ requirements.txt\n",  # rewritten after the copy
        "COPY requirements.txt .\nCOPY . .\n",  # the later copy wins
        "",  # from the base image, as far as the Dockerfile shows
    ],
)
def test_not_dedicated(copy: str) -> None:
    _, found = provider_of(copy)
    assert found is None


def effect_of(text: str, context=CONTEXT) -> str:
    document = parse(text)
    run = next(i for i in document.instructions if i.keyword == "RUN" and "pip install" in i.args)
    found = provider(document, run, "/app/requirements.txt", context)
    assert found is not None
    command = next(c for c in shell_of(run).commands if c.name == "pip")
    return removal_effect(document, found, {command.span, command.argv[-1].span}, context)


BASE = "FROM python:3.12 AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"


@pytest.mark.parametrize(
    ("rest", "effect"),
    [
        ("", FINAL_IMAGE),
        ("FROM python:3.12-slim\n", SAFE),
        ("COPY . .\n", SAFE),
        ("COPY src/ ./\n", FINAL_IMAGE),
        ("RUN cat requirements.txt\nFROM scratch\n", NEEDED),
        ("RUN cp -r /app /dist\nFROM scratch\n", NEEDED),
        ("RUN python setup.py bdist_wheel\nFROM scratch\n", NEEDED),
        ("RUN chown -R 1000 /app\nFROM scratch\n", SAFE),
        ("FROM scratch\nCOPY --from=build /app/requirements.txt /\n", NEEDED),
        ("FROM scratch\nCOPY --from=build / /\n", NEEDED),
        ("FROM scratch\nCOPY --from=build /usr/local /usr/local\n", SAFE),
        ("FROM build AS child\nRUN pip check -r requirements.txt\nFROM scratch\n", NEEDED),
        ("FROM build\nCOPY . .\n", SAFE),
        ("FROM alpine\nRUN --mount=from=build,source=/app,target=/m ls /m\n", NEEDED),
        ('CMD ["pip", "install", "-r", "requirements.txt"]\n', NEEDED),
    ],
)
def test_removal_effect(rest: str, effect: str) -> None:
    assert effect_of(BASE + rest) == effect


def test_a_restoring_copy_must_find_the_file_in_the_context() -> None:
    ignored = MemoryContext({"requirements.txt": "flask\n"}, dockerignore="requirements.txt\n")
    assert effect_of(BASE + "COPY . .\n", ignored) == FINAL_IMAGE
