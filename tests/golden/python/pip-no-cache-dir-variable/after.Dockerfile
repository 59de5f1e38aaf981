ARG PIP_NO_CACHE_DIR

FROM python:3.12 AS zero
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS false
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS off
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS empty
ENV PIP_NO_CACHE_DIR=
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS global
ARG PIP_NO_CACHE_DIR
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS local-arg
ARG PIP_NO_CACHE_DIR
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
