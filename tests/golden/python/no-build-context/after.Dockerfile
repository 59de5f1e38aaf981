FROM python:3.12 AS build
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
