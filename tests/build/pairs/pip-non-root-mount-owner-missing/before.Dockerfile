FROM python:3.12
RUN useradd -m -u 1000 app
USER app
RUN --mount=type=cache,target=/home/app/.cache/pip pip install --user six==1.16.0
