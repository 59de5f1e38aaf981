FROM python:3.12 AS build
WORKDIR /app
COPY config.toml ./
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=bind,source=constraints.txt,target=constraints.txt \
    --mount=type=cache,target=/root/.cache/pip \
    python -m pip install -r requirements.txt -c constraints.txt
RUN python -m app.check config.toml

FROM python:3.12-slim
COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
