FROM python:3.12-slim
RUN groupadd -g 10001 app && useradd -m -u 10001 -g app app
USER app
WORKDIR /home/app/src
RUN mkdir -p /home/app/.cache/pip
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=10001,gid=10001 \
    pip install --user flask
