FROM python:3.12 AS build
COPY requirements.txt settings.ini /srv
RUN pip install -r /srv/requirements.txt
RUN python -c 'print(1)' /srv/settings.ini

FROM scratch
COPY --from=build /usr/local/bin /bin
