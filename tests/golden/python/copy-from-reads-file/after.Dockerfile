FROM python:3.12 AS deps
WORKDIR /app
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt

FROM python:3.12-slim
COPY --from=deps /app /app
