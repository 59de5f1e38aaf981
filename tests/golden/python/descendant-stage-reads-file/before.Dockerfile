FROM python:3.12 AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

FROM base AS test
RUN cat requirements.txt
