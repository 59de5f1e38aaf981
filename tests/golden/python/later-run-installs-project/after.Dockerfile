FROM python:3.12 AS build
WORKDIR /app
COPY requirements.txt setup.py ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install .
