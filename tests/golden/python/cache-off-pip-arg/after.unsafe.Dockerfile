FROM python:3.12-slim
ARG PIP_NO_CACHE_DIR
WORKDIR /code
RUN --mount=type=bind,source=requirements.txt,target=requirements.txt \
    --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt
CMD ["python", "-m", "flask", "run"]
