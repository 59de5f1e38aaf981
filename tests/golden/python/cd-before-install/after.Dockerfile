FROM python:3.12 AS build
WORKDIR /app
RUN --mount=type=bind,source=requirements.txt,target=/src/requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    cd /src && pip install -r requirements.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
