FROM python:3.12-bookworm AS build
WORKDIR /app
COPY requirements.txt .
RUN apt-get update && \
    apt-get install -y --no-install-recommends build-essential && \
    pip install --no-cache-dir -r requirements.txt && \
    rm -rf /var/lib/apt/lists/*

FROM python:3.12-slim-bookworm
COPY --from=build /usr/local /usr/local
