FROM python:3.12 AS build
COPY settings.ini /srv/
RUN --mount=type=bind,source=requirements.txt,target=/srv/requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip install -r /srv/requirements.txt
RUN python -c 'print(1)' /srv/settings.ini

FROM scratch
COPY --from=build /usr/local/bin /bin
