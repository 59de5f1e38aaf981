#!/usr/bin/env python3
"""Deterministic generator of realistic Dockerfiles for the benchmarks.

``generate(n_lines, seed=0, crlf=False)`` returns a Dockerfile of exactly
``n_lines`` lines built from stages that look like real-world files:

* multi-stage builds (``FROM image AS name``, ``COPY --from=name``),
* long ``RUN`` chains with ``\\`` continuations, ``&&`` and ``set -eux;``,
* apt-get, pip and cargo installs written the old way (no cache mounts,
  ``--no-cache-dir``, list clean-up), so linters have findings to report,
* heredocs (``RUN <<EOF ... EOF``, ``COPY <<EOF``),
  each followed by a blank line (hadolint fails to parse a file in which
  anything but whitespace follows a heredoc terminator, hadolint#960, and a
  file it cannot parse would make its timing meaningless),
* ``ARG``/``ENV``/``WORKDIR``/``USER``/``LABEL``/``EXPOSE``/``HEALTHCHECK``,
* comment lines with CJK text and emoji (``# 日本語のコメント 🐳``).

The same arguments always give the same text (``random.Random(seed)``; no
hash randomisation, no clock).  Usable as a module or from the command line::

    gen_dockerfile.py 1000 > Dockerfile
    gen_dockerfile.py 1000 --crlf --seed 3 -o big.Dockerfile
    gen_dockerfile.py --dir /tmp/corpus --count 300 --min-lines 50 --max-lines 300
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SIZES = (100, 1_000, 5_000, 20_000)

BASE_IMAGES = [
    "debian:bookworm",
    "debian:bookworm-slim",
    "ubuntu:22.04",
    "ubuntu:24.04",
    "python:3.12-bookworm",
    "python:3.11-slim-bookworm",
    "rust:1.81.0-slim",
    "rust:1.79-bookworm",
    "node:20-bookworm",
    "golang:1.22-bookworm",
]

APT_PACKAGES = [
    "build-essential", "ca-certificates", "curl", "git", "gnupg", "jq",
    "libffi-dev", "libpq-dev", "libssl-dev", "libxml2-dev", "libxslt1-dev",
    "locales", "make", "netcat-openbsd", "openssh-client", "pkg-config",
    "procps", "python3-dev", "rsync", "sqlite3", "tini", "tzdata", "unzip",
    "vim-tiny", "wget", "xz-utils", "zlib1g-dev", "zstd", "less", "file",
    "libjpeg62-turbo-dev", "libpng-dev", "gettext-base", "dumb-init", "sl",
]

PIP_PACKAGES = [
    "requests==2.32.3", "numpy", "pandas>=2.2", "fastapi", "uvicorn[standard]",
    "pydantic>=2", "sqlalchemy", "psycopg[binary]", "gunicorn", "celery",
    "redis", "boto3", "click", "rich", "httpx", "orjson", "pyyaml", "jinja2",
]

CRATES = ["ripgrep", "fd-find", "bat", "cargo-watch", "sccache", "just", "hyperfine"]

COMMENTS = [
    "# 日本語のコメント 🐳",
    "# 依存パッケージをインストールする 📦",
    "# 构建阶段：编译二进制文件 🚀",
    "# 한국어 주석: 캐시를 사용합니다 ✅",
    "# Ünïcödé and emoji 🐍🦀 in a comment",
    "# TODO(ops): pin versions — see ticket #1234 🔧",
    "# Install system dependencies",
    "# Build the application",
    "# Runtime configuration",
    "# 環境変数 (environment) 🌏",
    "# ----------------------------------------------------------------",
    "#",
    "# Keep this layer small: clean up in the same RUN",
]

STAGE_NAMES = ["base", "deps", "build", "builder", "compile", "test", "assets", "tools", "runtime"]


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.stages: list[str] = []
        self.counter = 0

    # -- helpers ---------------------------------------------------------
    def pick(self, seq, k=None):
        if k is None:
            return self.rng.choice(seq)
        return self.rng.sample(seq, k)

    def uid(self) -> int:
        self.counter += 1
        return self.counter

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def comment(self) -> None:
        self.emit(self.pick(COMMENTS))

    # -- instruction blocks ----------------------------------------------
    def block_from(self) -> None:
        name = f"{self.pick(STAGE_NAMES)}{self.uid()}"
        image = self.pick(BASE_IMAGES)
        if self.rng.random() < 0.3:
            self.emit(f"ARG BASE_{self.counter}={image}", f"FROM ${{BASE_{self.counter}}} AS {name}")
        else:
            self.emit(f"FROM {image} AS {name}")
        self.stages.append(name)

    def block_env(self) -> None:
        n = self.uid()
        kind = self.rng.randrange(4)
        if kind == 0:
            self.emit(f"ARG VERSION_{n}=1.{n % 10}.{n % 7}", f"ENV APP_VERSION_{n}=${{VERSION_{n}}}")
        elif kind == 1:
            self.emit(
                f"ENV PYTHONDONTWRITEBYTECODE=1 \\",
                f"    PYTHONUNBUFFERED=1 \\",
                f"    APP_HOME=/srv/app{n} \\",
                f"    LANG=C.UTF-8",
            )
        elif kind == 2:
            self.emit(f"WORKDIR /srv/app{n}")
        else:
            self.emit(f'LABEL org.opencontainers.image.title="svc-{n}" \\',
                      f'      org.opencontainers.image.description="サービス {n} 🐳"')

    def block_apt(self) -> None:
        pkgs = sorted(self.pick(APT_PACKAGES, self.rng.randint(3, 12)))
        style = self.rng.randrange(3)
        if style == 0:
            body = ["RUN apt-get update && \\",
                    "    apt-get install -y --no-install-recommends \\"]
            body += [f"      {p} \\" for p in pkgs[:-1]]
            body += [f"      {pkgs[-1]} && \\", "    rm -rf /var/lib/apt/lists/*"]
        elif style == 1:
            body = ["RUN set -eux; \\",
                    "    apt-get update; \\",
                    "    apt-get install -y --no-install-recommends \\"]
            body += [f"        {p} \\" for p in pkgs[:-1]]
            body += [f"        {pkgs[-1]} \\", "    ; \\",
                     "    apt-get clean; \\",
                     "    rm -rf /var/lib/apt/lists/*"]
        else:
            body = [f"RUN apt-get update && apt-get install -y {' '.join(pkgs)} \\",
                    "    && apt-get clean \\",
                    "    && rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*"]
        self.emit(*body)

    def block_pip(self) -> None:
        style = self.rng.randrange(3)
        if style == 0:
            self.emit("COPY requirements.txt .", "RUN pip install --no-cache-dir -r requirements.txt")
        elif style == 1:
            pkgs = self.pick(PIP_PACKAGES, self.rng.randint(2, 6))
            self.emit("RUN python -m pip install --upgrade pip && \\",
                      "    pip install --no-cache-dir \\")
            self.emit(*[f"        '{p}' \\" for p in pkgs[:-1]])
            self.emit(f"        '{pkgs[-1]}'")
        else:
            self.emit("ENV PIP_NO_CACHE_DIR=1",
                      "COPY pyproject.toml poetry.lock ./",
                      f"RUN pip install {' '.join(self.pick(PIP_PACKAGES, 3))}")

    def block_cargo(self) -> None:
        style = self.rng.randrange(3)
        if style == 0:
            self.emit("COPY Cargo.toml Cargo.lock ./", "COPY src src",
                      "RUN cargo build --locked --release")
        elif style == 1:
            self.emit("RUN set -eux; \\",
                      "    cargo fetch --locked; \\",
                      "    cargo build --release --bin server; \\",
                      "    strip target/release/server")
        else:
            self.emit(f"RUN cargo install --locked {' '.join(self.pick(CRATES, 2))}")

    def block_heredoc(self) -> None:
        n = self.uid()
        style = self.rng.randrange(3)
        if style == 0:
            self.emit("RUN <<EOF",
                      "set -eux",
                      "apt-get update",
                      "apt-get install -y --no-install-recommends curl ca-certificates",
                      f"echo 'ビルド {n} 完了 ✅' > /etc/build-{n}.txt",
                      "EOF", "")
        elif style == 1:
            self.emit("RUN <<-SCRIPT bash",
                      "\tset -euo pipefail",
                      "\tpip install --no-cache-dir wheel setuptools",
                      f"\tpython -c 'print(\"stage {n} 🐍\")'",
                      "SCRIPT", "")
        else:
            self.emit(f"COPY <<CONF /etc/app/conf-{n}.ini",
                      "[server]",
                      f"port = {8000 + n % 1000}",
                      "greeting = こんにちは 👋",
                      "CONF", "")

    def block_long_chain(self) -> None:
        n = self.uid()
        steps = self.rng.randint(5, 18)
        self.emit("RUN set -eux; \\")
        ops = [
            "mkdir -p /opt/tool{n}/bin",
            "curl -fsSL -o /tmp/tool{n}.tgz https://example.invalid/tool{n}.tgz",
            "tar -xzf /tmp/tool{n}.tgz -C /opt/tool{n}",
            "rm -f /tmp/tool{n}.tgz",
            "ln -s /opt/tool{n}/bin/tool /usr/local/bin/tool{n}",
            "chmod +x /usr/local/bin/tool{n}",
            "tool{n} --version",
            "useradd --system --uid 10{m} --create-home app{n} || true",
            "echo \"export PATH=/opt/tool{n}/bin:$PATH\" >> /etc/profile",
            "find /opt/tool{n} -name '*.a' -delete",
            "sed -i 's/^#\\s*\\(en_US.UTF-8\\)/\\1/' /etc/locale.gen",
        ]
        for i in range(steps):
            op = self.pick(ops).format(n=n, m=n % 90 + 10)
            sep = "&&" if self.rng.random() < 0.5 else ";"
            last = i == steps - 1
            self.emit(f"    {op}" + ("" if last else (f" {sep} \\" if sep == "&&" else "; \\")))

    def block_copy(self) -> None:
        n = self.uid()
        if len(self.stages) > 1 and self.rng.random() < 0.6:
            src = self.pick(self.stages[:-1])
            self.emit(f"COPY --from={src} /srv/app/dist /srv/app{n}/dist")
        else:
            self.emit(f"COPY --chown=app:app . /srv/app{n}/")

    def block_user(self) -> None:
        self.emit(self.pick(["USER app", "USER 1000:1000", "USER root", "USER nobody"]))

    def block_misc(self) -> None:
        n = self.uid()
        self.emit(self.pick([
            f"EXPOSE {8000 + n % 1000}",
            "HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1",
            'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
            f"VOLUME /var/lib/app{n}",
            "STOPSIGNAL SIGTERM",
        ]))

    def stage(self) -> None:
        self.block_from()
        weights = [
            (self.block_env, 4), (self.block_apt, 3), (self.block_pip, 2),
            (self.block_cargo, 1), (self.block_heredoc, 2), (self.block_long_chain, 2),
            (self.block_copy, 2), (self.block_user, 1), (self.block_misc, 2),
        ]
        funcs = [f for f, _ in weights]
        ws = [w for _, w in weights]
        for _ in range(self.rng.randint(6, 14)):
            if self.rng.random() < 0.3:
                self.comment()
            self.rng.choices(funcs, ws)[0]()
            if self.rng.random() < 0.25:
                self.emit("")


def generate(n_lines: int, seed: int = 0, crlf: bool = False) -> str:
    """Return a Dockerfile of exactly ``n_lines`` lines (ending in a newline)."""
    if n_lines < 4:
        raise ValueError("n_lines must be at least 4")
    rng = random.Random(f"dockerls-bench:{seed}:{n_lines}")
    g = _Gen(rng)
    g.emit("# syntax=docker/dockerfile:1", f"# Generated benchmark Dockerfile ({n_lines} lines) 🐳")
    tail = ['CMD ["/usr/local/bin/app", "--serve"]']
    body_limit = n_lines - len(tail)
    while True:
        mark, stages = len(g.lines), len(g.stages)
        g.stage()
        if len(g.lines) > body_limit:
            del g.lines[mark:]
            del g.stages[stages:]
            break
    if not g.stages:
        g.block_from()
    # Fill the rest with whole blocks that fit, then comments.
    fillers = [g.block_env, g.block_apt, g.block_pip, g.block_cargo, g.block_heredoc,
               g.block_long_chain, g.block_copy, g.block_user, g.block_misc, g.block_from]
    misses = 0
    while len(g.lines) < body_limit:
        mark, stages = len(g.lines), len(g.stages)
        if misses < 8:
            g.rng.choice(fillers)()
        else:
            g.comment()
        if len(g.lines) > body_limit:
            del g.lines[mark:]
            del g.stages[stages:]
            misses += 1
    g.emit(*tail)
    assert len(g.lines) == n_lines, (len(g.lines), n_lines)
    nl = "\r\n" if crlf else "\n"
    return nl.join(g.lines) + nl


def generate_corpus(directory: Path, count: int, min_lines: int, max_lines: int,
                    seed: int = 0) -> list[Path]:
    """Write ``count`` Dockerfiles as ``directory/NNNN/Dockerfile``; return their paths.

    Every linter recognises the plain name ``Dockerfile``.  About one file in
    ten uses CRLF line endings.
    """
    rng = random.Random(f"dockerls-corpus:{seed}")
    paths = []
    for i in range(count):
        n = rng.randint(min_lines, max_lines)
        text = generate(n, seed=seed * 100_000 + i, crlf=rng.random() < 0.1)
        path = directory / f"{i:04d}" / "Dockerfile"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("lines", nargs="?", type=int, help="number of lines (e.g. 100, 1000, 5000, 20000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--crlf", action="store_true", help="use CRLF line endings")
    p.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    p.add_argument("--dir", type=Path, help="write a corpus of files into this directory")
    p.add_argument("--count", type=int, default=300, help="corpus: number of files")
    p.add_argument("--min-lines", type=int, default=50, help="corpus: shortest file")
    p.add_argument("--max-lines", type=int, default=300, help="corpus: longest file")
    a = p.parse_args(argv)
    if a.dir is not None:
        paths = generate_corpus(a.dir, a.count, a.min_lines, a.max_lines, a.seed)
        print(f"wrote {len(paths)} files under {a.dir}", file=sys.stderr)
        return 0
    if a.lines is None:
        p.error("give a number of lines, or --dir")
    data = generate(a.lines, a.seed, a.crlf).encode("utf-8")
    if a.output:
        a.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
