FROM python:3.12-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/uv \
    UV_LINK_MODE=copy uv pip install --system -r requirements.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
