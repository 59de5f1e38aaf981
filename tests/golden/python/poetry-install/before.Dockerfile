FROM python:3.12 AS venv-in-cache
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --no-root --no-cache

FROM python:3.12 AS system-install
WORKDIR /app
ENV POETRY_VIRTUALENVS_CREATE=false POETRY_CACHE_DIR=/opt/poetry-cache
COPY pyproject.toml poetry.lock ./
RUN poetry install --no-root --only main
COPY . .

FROM python:3.12 AS configured
RUN poetry config virtualenvs.in-project true
RUN poetry install -C /srv/project

FROM python:3.12-slim
COPY --from=venv-in-cache /usr/local /usr/local
