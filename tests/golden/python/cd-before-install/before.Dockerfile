FROM python:3.12 AS build
WORKDIR /app
COPY requirements.txt /src/
RUN cd /src && pip install -r requirements.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
