FROM python:3.12
ENV PIP_CACHE_DIR=/var/cache/pip
RUN pip install six==1.16.0
ENV PIP_CACHE_DIR=
ARG XDG_CACHE_HOME=/tmp/xdg
RUN pip install idna==3.7
RUN PIP_CACHE_DIR=/opt/pc pip install packaging==24.1
