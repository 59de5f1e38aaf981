FROM python:3.12 AS build
WORKDIR /app
COPY requirements.txt constraints.txt config.toml ./
RUN python -m pip install -r requirements.txt -c constraints.txt
RUN python -m app.check config.toml

FROM python:3.12-slim
COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
