FROM python:3.12 AS complete
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS parent-dir
RUN --mount=type=cache,target=/root/.cache pip install flask

FROM python:3.12 AS user-moved
RUN useradd -m -u 1000 app
USER app
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask

FROM python:3.12 AS owner-missing
RUN useradd -m -u 1000 app
USER app
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask

FROM python:3.12 AS root-with-uid
RUN --mount=type=cache,target=/root/.cache/pip,uid=0 pip install flask

FROM python:3.12 AS variable-elsewhere
ENV PIP_CACHE_DIR=/pip-cache
RUN --mount=type=cache,target=/pip-cache,id=pip pip install flask

FROM python:3.12 AS cache-off-with-mount
RUN --mount=type=cache,target=/root/.cache/pip pip install flask

FROM python:3.12 AS already-bound
WORKDIR /app
COPY requirements.txt .
RUN --mount=type=bind,source=requirements.txt,target=/app/requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt
