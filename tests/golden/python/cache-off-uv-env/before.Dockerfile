FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
ENV UV_NO_CACHE=1
WORKDIR /code
COPY requirements.txt .
RUN uv pip install --system -r requirements.txt
