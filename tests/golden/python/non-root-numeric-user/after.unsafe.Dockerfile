FROM python:3.12-slim
ENV HOME=/home/runner
USER 1000:1000
RUN --mount=type=cache,target=/home/runner/.cache/pip,uid=1000,gid=1000 \
    pip install --user flask
