FROM python:3.12-slim
ENV HOME=/home/runner
USER 1000:1000
RUN pip install --user flask
