FROM python:3.12 AS build
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    ["pip", "install", "-r", "requirements.txt"]

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
