FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=true PIP_CACHE_DIR=/var/cache/pip

FROM base AS app
WORKDIR /code
COPY requirements.txt .
RUN export PIP_NO_CACHE_DIR=1 && pip install -r requirements.txt
