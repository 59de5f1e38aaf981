FROM python:3.12
ENV POETRY_CACHE_DIR=/tmp/poetry POETRY_VIRTUALENVS_IN_PROJECT=1
RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install
