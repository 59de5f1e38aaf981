FROM python:3.12-slim
RUN pip install --no-cache-dir uv==0.5.11
ENV UV_NO_CACHE=1
RUN --mount=type=cache,target=/root/.cache/uv uv pip install --system six==1.16.0
