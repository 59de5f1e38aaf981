FROM python:3.12 AS referenced
ENV PIP_NO_CACHE_DIR=1
RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR= pip install flask
RUN echo "cache off: $PIP_NO_CACHE_DIR"

FROM python:3.12
ENV PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1
RUN --mount=type=cache,target=/root/.cache/pip PIP_NO_CACHE_DIR= pip install flask
