"""A project on disk baited for the security tests.

Layout under the test's root directory::

    outside/                 never to be read or listed: secrets, a Cargo workspace, a build script
    markers/                 where a command from a Dockerfile would leave a file if it ran
    workspace/               the editor's workspace folder, and the runs' working directory, holding
                             decoy modules (tomllib.py, pygls.py …) that touch markers/ if imported
      project/               the Dockerfile's directory: the build context
        confinement.Dockerfile   COPY ../../.., -r ../../../etc/shadow, symlinks out, a FIFO, a 200 MB file
        execution.Dockerfile     RUN/ARG/ENV/... with commands, $(...) and backticks that touch markers/
        network.Dockerfile       URLs, remote images, git sources, a registry in # syntax=
        requirements.txt         includes reaching outside; escape.txt and outside-dir: symlinks out
        fifo/requirements.txt    a FIFO (opening it would block forever)
        huge/requirements.txt    a 200 MB sparse file
        pyproject.toml           another (config discovery reads a pyproject.toml whole)
        Cargo.toml, Cargo.lock, src/main.rs

Every file outside the context holds ``SECRET``, so output that quotes one is caught too.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

SECRET = f"OUTSIDE-SECRET-{uuid.uuid4().hex}"
HUGE_BYTES = 200 * 1024 * 1024
# Hosts under the reserved .invalid top-level domain can never resolve.
HOST = "example.invalid"


@dataclass(frozen=True)
class Baits:
    root: Path
    outside: Path
    markers: Path
    workspace: Path
    project: Path

    @property
    def dockerfiles(self) -> list[Path]:
        return sorted(self.project.glob("*.Dockerfile"))

    def marker_files(self) -> list[str]:
        return sorted(os.listdir(self.markers))


CONFINEMENT = """\
FROM python:3.12-bookworm AS app
WORKDIR /app
COPY ../../etc/passwd /etc/passwd-copy
COPY ../../../../../etc/shadow /etc/shadow
COPY ../../outside/secret.txt /app/secret.txt
COPY ../../outside/requirements.txt /app/outside-requirements.txt
RUN pip install -r /app/outside-requirements.txt
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY escape.txt ./escape.txt
RUN pip install -r escape.txt
COPY outside-dir/requirements.txt ./linked.txt
RUN pip install -r linked.txt
COPY fifo/requirements.txt ./fifo.txt
RUN pip install -r fifo.txt
COPY huge/requirements.txt ./huge.txt
RUN pip install -r huge.txt

FROM rust:1.81.0-slim AS build
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY ../../outside ./outside
COPY outside-dir ./linked
RUN cargo build --locked --release

FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /bin/app
"""

EXECUTION = """\
# syntax=docker/dockerfile:1
ARG GLOBAL=$(touch {m}/global-arg)
FROM debian:bookworm AS base
ARG A=$(touch {m}/arg-substitution)
ENV E="`touch {m}/env-backticks`" F="$(touch {m}/env-dollar)"
SHELL ["/bin/sh", "-c", "touch {m}/shell-instruction; exec sh -c \\"$0\\""]
RUN touch {m}/run-shell && apt-get update && apt-get install -y $(touch {m}/run-substitution) `touch {m}/run-backticks` && rm -rf /var/lib/apt/lists/*
RUN ["touch", "{m}/run-exec"]
RUN <<EOF
touch {m}/run-heredoc
pip install -r requirements.txt
EOF
RUN --mount=type=cache,target=$(touch {m}/mount-target) pip install --no-cache-dir -r $(touch {m}/pip-argument) flask
WORKDIR $(touch {m}/workdir)
USER $(touch {m}/user)
ONBUILD RUN touch {m}/onbuild
HEALTHCHECK CMD touch {m}/healthcheck
COPY --from=$(touch {m}/copy-from) /a /b
CMD touch {m}/cmd
ENTRYPOINT ["touch", "{m}/entrypoint"]
"""

NETWORK = f"""\
# syntax={HOST}/frontend/dockerfile:1
FROM {HOST}/team/python:3.12 AS build
ADD https://{HOST}/archive.tar.gz /tmp/
ADD git@{HOST}:org/repo.git /src
RUN pip install --index-url https://{HOST}/simple -r https://{HOST}/requirements.txt flask
RUN curl -fsSL https://{HOST}/install.sh | sh && apt-get update && apt-get install -y curl
COPY --from={HOST}/library/alpine:3 /etc/os-release /
RUN --mount=type=bind,from={HOST}/tools:1,source=/bin/tool,target=/bin/tool cargo build --release
"""

REQUIREMENTS = """\
-r ../../outside/requirements.txt
-r ../../../etc/shadow
-c /etc/passwd
-r $(touch {m}/requirements-include)
flask
"""

CARGO_TOML = """\
[package]
name = "app"
version = "0.1.0"
build = "../../outside/build.rs"

[workspace]
members = [".", "../../outside/*", "outside-dir", "outside-dir/*"]
"""


# Modules dockerls imports after it starts: `python -m` puts the working directory first on sys.path.
DECOY_MODULES = ("tomllib", "argparse", "difflib", "pygls", "lsprotocol", "tree_sitter", "tree_sitter_bash")
# A decoy records that it was imported, then hands over to the real module, so the run goes on
# and the test fails on the marker rather than on a crash.
DECOY = """\
import importlib, os, sys
open({marker!r}, "w").close()
_here = os.path.dirname(os.path.abspath(__file__))
_path = sys.path[:]
sys.path[:] = [entry for entry in _path if os.path.abspath(entry or ".") != _here]
del sys.modules[__name__]
try:
    sys.modules[__name__] = importlib.import_module(__name__)
finally:
    sys.path[:] = _path
"""


def build(root: Path) -> Baits:
    baits = Baits(root, root / "outside", root / "markers", root / "workspace", root / "workspace" / "project")
    for directory in (baits.outside / "member", baits.markers, baits.project / "src", baits.project / "fifo", baits.project / "huge"):
        directory.mkdir(parents=True)
    markers = str(baits.markers)
    for name, text in {
        "secret.txt": f"{SECRET}\n",
        "requirements.txt": f"-r secret.txt\n{SECRET}\n",
        "Cargo.toml": f'[package]\nname = "{SECRET}"\nversion = "0.1.0"\n',
        "build.rs": f"// {SECRET}\nfn main() {{}}\n",
        "member/Cargo.toml": f'[package]\nname = "{SECRET}-member"\nversion = "0.1.0"\n',
    }.items():
        (baits.outside / name).write_text(text, encoding="utf-8")
    files = {
        "confinement.Dockerfile": CONFINEMENT,
        "execution.Dockerfile": EXECUTION.replace("{m}", markers),
        "network.Dockerfile": NETWORK,
        "requirements.txt": REQUIREMENTS.replace("{m}", markers),
        "Cargo.toml": CARGO_TOML,
        "Cargo.lock": "version = 3\n",
        "src/main.rs": "fn main() {}\n",
    }
    for name, text in files.items():
        (baits.project / name).write_text(text, encoding="utf-8")
    for module in DECOY_MODULES:
        marker = str(baits.markers / f"imported-{module}")
        (baits.workspace / f"{module}.py").write_text(DECOY.format(marker=marker), encoding="utf-8")
    os.symlink("../../outside/secret.txt", baits.project / "escape.txt")
    os.symlink("../../outside", baits.project / "outside-dir")
    os.mkfifo(baits.project / "fifo" / "requirements.txt")
    for huge_path in (baits.project / "huge" / "requirements.txt", baits.project / "pyproject.toml"):
        with open(huge_path, "wb") as huge:
            huge.truncate(HUGE_BYTES)  # sparse: no disk space used
    return baits
