FROM python:3.12
ENV PIP_CACHE_DIR=/pip-cache
RUN --mount=type=cache,target=/root/.cache/pip pip install six==1.16.0
