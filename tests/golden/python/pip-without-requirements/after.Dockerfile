FROM python:3.12
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -e .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask gunicorn
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -e . || true
