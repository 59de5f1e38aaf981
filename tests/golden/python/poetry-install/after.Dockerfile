FROM python:3.12 AS venv-in-cache
WORKDIR /app
RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    --mount=type=bind,source=poetry.lock,target=poetry.lock \
    --mount=type=cache,target=/root/.cache/pypoetry/cache \
    --mount=type=cache,target=/root/.cache/pypoetry/artifacts \
    poetry install --no-root

FROM python:3.12 AS system-install
WORKDIR /app
ENV POETRY_VIRTUALENVS_CREATE=false POETRY_CACHE_DIR=/opt/poetry-cache
RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    --mount=type=bind,source=poetry.lock,target=poetry.lock \
    --mount=type=cache,target=/opt/poetry-cache \
    poetry install --no-root --only main
COPY . .

FROM python:3.12 AS configured
RUN poetry config virtualenvs.in-project true
RUN --mount=type=cache,target=/root/.cache/pypoetry \
    poetry install -C /srv/project

FROM python:3.12-slim
COPY --from=venv-in-cache /usr/local /usr/local
