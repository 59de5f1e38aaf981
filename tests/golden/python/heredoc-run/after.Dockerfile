# syntax=docker/dockerfile:1
FROM python:3.12 AS build
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    <<EOF
set -e
pip install -r requirements.txt
EOF

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
