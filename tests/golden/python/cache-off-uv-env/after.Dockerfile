FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
ENV UV_NO_CACHE=1
WORKDIR /code
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    UV_NO_CACHE=false UV_LINK_MODE=copy uv pip install --system -r requirements.txt
