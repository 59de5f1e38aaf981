FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS linked
ENV UV_LINK_MODE=symlink
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS option
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system --link-mode hardlink flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS copy-already
ENV UV_LINK_MODE=copy
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS moved
ENV UV_CACHE_DIR=/opt/uv-cache UV_NO_CACHE=1
RUN uv pip install --system flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS false-is-fine
ENV UV_NO_CACHE=0 XDG_CACHE_HOME=/xdg
RUN UV_NO_CACHE=true uv pip install --system -n flask

FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
RUN ["uv", "pip", "install", "--system", "flask"]
