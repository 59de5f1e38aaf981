FROM python:3.12 AS build
WORKDIR /app
RUN --mount=type=bind,source=r1.txt,target=r1.txt \
    --mount=type=bind,source=r2.txt,target=r2.txt \
    --mount=type=bind,source=c.txt,target=c.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip3.12 install -r r1.txt --requirement r2.txt -c c.txt --upgrade
RUN --mount=type=cache,target=/root/.cache/pip \
    /usr/local/bin/python -m pip install -q httpx
RUN --mount=type=cache,target=/root/.cache/pip \
    python3 -I -m pip wheel -w /w flask
RUN --mount=type=cache,target=/root/.cache/pip \
    pip --disable-pip-version-check download -d /d flask

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
