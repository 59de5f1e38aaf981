FROM python:3.12 AS a
ENV PIP_CACHE_DIR=/var/cache/pip
RUN pip install flask

FROM python:3.12 AS b
ARG XDG_CACHE_HOME=/tmp/xdg
RUN pip install flask

FROM python:3.12 AS c
ENV HOME=/srv/home
RUN pip install flask

FROM python:3.12 AS d
RUN pip --cache-dir ~/pipcache install flask

FROM python:3.12 AS e
RUN PIP_CACHE_DIR=/opt/pc pip install flask
