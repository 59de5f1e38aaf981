FROM python:3.12-slim
RUN groupadd -g 10001 app && useradd -m -u 10001 -g app app
USER app
WORKDIR /home/app/src
RUN pip install --user --no-cache-dir idna==3.7
