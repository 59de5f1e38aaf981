FROM python:3.12 AS build
WORKDIR /app
COPY r1.txt r2.txt c.txt ./
RUN pip3.12 install -r r1.txt --requirement r2.txt -c c.txt --upgrade
RUN /usr/local/bin/python -m pip install --no-cache-dir -q httpx
RUN python3 -I -m pip wheel -w /w flask
RUN pip --disable-pip-version-check download -d /d flask

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
