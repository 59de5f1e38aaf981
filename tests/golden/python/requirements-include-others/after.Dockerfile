FROM python:3.12 AS build
WORKDIR /app
RUN --mount=type=bind,source=requirements/prod.txt,target=requirements/prod.txt \
    --mount=type=bind,source=requirements/base.txt,target=requirements/base.txt \
    --mount=type=bind,source=requirements/constraints.txt,target=requirements/constraints.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip install --requirement=requirements/prod.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
