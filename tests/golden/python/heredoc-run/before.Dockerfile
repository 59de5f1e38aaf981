# syntax=docker/dockerfile:1
FROM python:3.12 AS build
COPY requirements.txt .
RUN <<EOF
set -e
pip install --no-cache-dir -r requirements.txt
EOF

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
