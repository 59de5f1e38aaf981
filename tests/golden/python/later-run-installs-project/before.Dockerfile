FROM python:3.12 AS build
WORKDIR /app
COPY requirements.txt setup.py ./
RUN pip install -r requirements.txt
RUN pip install .
