FROM python:3.12-slim
USER 1000
RUN pip install --user flask
