FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1

FROM base AS app
WORKDIR /code
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "-c", "import six, idna"]
