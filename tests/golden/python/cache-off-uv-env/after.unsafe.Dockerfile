FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
WORKDIR /code
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/uv \
    UV_LINK_MODE=copy uv pip install --system -r requirements.txt
