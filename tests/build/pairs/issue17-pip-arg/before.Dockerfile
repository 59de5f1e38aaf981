FROM python:3.12-slim
ARG PIP_NO_CACHE_DIR=1
WORKDIR /code
COPY requirements.txt .
RUN pip install -r requirements.txt
CMD ["python", "-c", "import six, idna"]
