FROM python:3.12-alpine
ENV PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    --mount=type=cache,target=/root/.cache/pip \
    apk --cache-dir /var/cache/apk add --update-cache build-base && PIP_NO_CACHE_DIR= pip install flask
CMD ["flask", "run"]
