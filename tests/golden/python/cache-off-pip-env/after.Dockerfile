FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
WORKDIR /code
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    PIP_NO_CACHE_DIR= pip install -r requirements.txt
