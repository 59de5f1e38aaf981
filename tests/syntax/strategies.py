"""Hypothesis strategies for Dockerfile-like text: well-formed, and mangled."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "apt-get", "update", "install", "-y", "--no-install-recommends", "curl", "pip", "-r",
        "requirements.txt", "cargo", "build", "--release", "&&", "||", ";", "|", "rm", "-rf",
        "/var/lib/apt/lists/*", "echo", '"a b"', "'c d'", "$HOME", "${X:-y}", "日本語", "🐳", "(cd", "x)",
        "set", "-eux;", "\\$", "a=b", "<<<", "2>&1", "#", "é",
    ]
)
SPACES = st.sampled_from([" ", "  ", "\t", " \t "])
EOLS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def shell_body(draw) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=8))
    return " ".join(words)


@st.composite
def mount_flag(draw) -> str:
    mount_type = draw(st.sampled_from(["cache", "bind", "tmpfs", "secret"]))
    target = draw(st.sampled_from(["/var/cache/apt", "/root/.cache/pip", "src", "/app/target/"]))
    extra = draw(st.sampled_from(["", ",sharing=locked", ",source=src", ",uid=1000,gid=1000", ",rw"]))
    return f"--mount=type={mount_type},target={target}{extra}"


@st.composite
def instruction(draw, eol: str) -> str:
    kind = draw(st.sampled_from(["RUN", "RUN", "RUN", "FROM", "COPY", "ENV", "ARG", "WORKDIR", "USER", "CMD", "run"]))
    if kind in ("RUN", "run"):
        flags = draw(st.lists(mount_flag(), max_size=2))
        head = " ".join([kind, *flags])
        style = draw(st.sampled_from(["plain", "continued", "heredoc", "exec"]))
        if style == "plain":
            return f"{head} {draw(shell_body())}"
        if style == "exec":
            return f'{head} ["pip", "install", "x"]'
        if style == "heredoc":
            strip = draw(st.sampled_from(["", "-"]))
            name = draw(st.sampled_from(["EOF", '"EOT"', "'END'"]))
            bare = name.strip("\"'")
            body = eol.join(draw(st.lists(shell_body(), min_size=1, max_size=3)))
            return f"{head} <<{strip}{name}{eol}{body}{eol}{bare}"
        parts = draw(st.lists(shell_body(), min_size=2, max_size=4))
        inner = []
        for part in parts[1:]:
            if draw(st.booleans()):
                inner.append(f"    # {draw(WORDS)}")
            inner.append(f"    {part}")
        return f"{head} {parts[0]} \\{eol}" + f" \\{eol}".join(inner).replace(f"# {parts[0]} \\", "#")
    if kind == "FROM":
        return draw(st.sampled_from(["FROM debian:bookworm", "FROM rust:1 AS build", "FROM build AS final", "FROM python:3.12"]))
    if kind == "COPY":
        return draw(st.sampled_from(["COPY . .", "COPY --from=build /app/x /x", "COPY requirements.txt ./", "COPY <<EOF /f" + eol + "x" + eol + "EOF"]))
    if kind == "ENV":
        return draw(st.sampled_from(["ENV A=1 B=\"two words\"", "ENV HOME /home/app", "ENV PIP_NO_CACHE_DIR=off"]))
    if kind == "ARG":
        return draw(st.sampled_from(["ARG V=1", "ARG X"]))
    if kind == "WORKDIR":
        return draw(st.sampled_from(["WORKDIR /app", "WORKDIR sub", "WORKDIR $V"]))
    if kind == "USER":
        return draw(st.sampled_from(["USER app", "USER 1000:1000", "USER root"]))
    return 'CMD ["python", "main.py"]'


@st.composite
def dockerfile_text(draw) -> str:
    eol = draw(EOLS)
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# syntax=docker/dockerfile:1", "# escape=\\", "# check=skip=all"])))
    lines.append("FROM debian:bookworm")
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            lines.append(f"# {draw(WORDS)} 日本語 🐳")
        elif choice == 1:
            lines.append("")
        else:
            lines.append(draw(instruction(eol)))
    text = eol.join(lines)
    if draw(st.booleans()):
        text += eol
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def mangled_text(draw) -> str:
    """Well-formed text with random cuts, insertions and junk characters."""
    text = draw(dockerfile_text())
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        position = draw(st.integers(0, len(text)))
        action = draw(st.integers(0, 2))
        if action == 0:
            end = draw(st.integers(position, min(len(text), position + 12)))
            text = text[:position] + text[end:]
        else:
            junk = draw(st.text(alphabet=st.sampled_from(list("\\`\"'<>-=,#$[]{}\r\n\t \x00\ufeff\ud800🐳字")), max_size=6))
            text = text[:position] + junk + text[position:]
    return text


SNIPPETS = [
    "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
    "RUN set -eux; \\\n    apt-get update; \\\n    # tools 日本語\n    apt-get install -y git; \\\n    apt-get clean; \\\n    rm -rf /var/lib/apt/lists/*",
    "RUN apt-get install -y make",
    "RUN <<EOF\napt-get update\napt-get install -y gcc\nrm -rf /var/lib/apt/lists/*\nEOF",
    "COPY requirements.txt .",
    "RUN pip install --no-cache-dir -r requirements.txt",
    "RUN python -m pip install flask",
    "ENV PIP_NO_CACHE_DIR=1",
    "RUN useradd -m -u 1000 app",
    "USER app",
    "USER 1000:1000",
    "WORKDIR /app",
    "COPY . .",
    "COPY Cargo.toml Cargo.lock ./",
    "COPY src src",
    "RUN cargo build --locked --release",
    "RUN cargo install --path .",
    "RUN uv pip install --system -r requirements.txt",
    "RUN poetry install --no-root",
    "ENV CARGO_HOME=/opt/cargo",
    "RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y vim",
    "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
    "RUN rm -f /etc/apt/apt.conf.d/docker-clean",
    '# dockerls: ignore=APT001',
    "# 🐳 comment",
]
BASES = ["debian:bookworm", "python:3.12-slim", "rust:1.81 AS build", "ubuntu:24.04 AS base", "base AS child"]


@st.composite
def realistic_dockerfile(draw) -> str:
    """Multi-stage files made of the patterns the rule families rewrite."""
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append("FROM " + draw(st.sampled_from(BASES)))
        parts.extend(draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=7)))
    if draw(st.booleans()):
        parts.append("FROM debian:stable-slim")
        parts.append("COPY --from=build /app/target/release/app /usr/local/bin/app")
    return eol.join(part.replace("\n", eol) for part in parts) + eol
