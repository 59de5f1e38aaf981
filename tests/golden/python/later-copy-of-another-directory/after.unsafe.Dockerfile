FROM python:3.12
WORKDIR /app
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip3 install -r requirements.txt
COPY src/ ./
