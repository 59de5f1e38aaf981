FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS linked
ENV UV_LINK_MODE=symlink
RUN --mount=type=cache,target=/root/.cache/uv UV_LINK_MODE=copy uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS option
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system --link-mode copy flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS copy-already
ENV UV_LINK_MODE=copy
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS moved
ENV UV_CACHE_DIR=/opt/uv-cache
RUN --mount=type=cache,target=/opt/uv-cache \
    UV_NO_CACHE=false UV_LINK_MODE=copy uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS false-is-fine
ENV UV_NO_CACHE=0 XDG_CACHE_HOME=/xdg
RUN --mount=type=cache,target=/xdg/uv \
    UV_LINK_MODE=copy uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
RUN --mount=type=cache,target=/root/.cache/uv \
    ["uv", "pip", "install", "--link-mode=copy", "--system", "flask"]
