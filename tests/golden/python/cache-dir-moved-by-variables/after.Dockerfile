FROM python:3.12 AS a
ENV PIP_CACHE_DIR=/var/cache/pip
RUN --mount=type=cache,target=/var/cache/pip \
    pip install flask

FROM python:3.12 AS b
ARG XDG_CACHE_HOME=/tmp/xdg
RUN --mount=type=cache,target=/tmp/xdg/pip \
    pip install flask

FROM python:3.12 AS c
ENV HOME=/srv/home
RUN --mount=type=cache,target=/srv/home/.cache/pip \
    pip install flask

FROM python:3.12 AS d
RUN --mount=type=cache,target=/root/pipcache \
    pip --cache-dir ~/pipcache install flask

FROM python:3.12 AS e
RUN --mount=type=cache,target=/opt/pc \
    PIP_CACHE_DIR=/opt/pc pip install flask
