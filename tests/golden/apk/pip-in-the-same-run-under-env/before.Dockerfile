FROM python:3.12-alpine
ENV PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN apk add --no-cache build-base && pip install flask
CMD ["flask", "run"]
