FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS build
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --no-install-project

FROM python:3.12-slim
COPY --from=build /app/.venv /app/.venv
