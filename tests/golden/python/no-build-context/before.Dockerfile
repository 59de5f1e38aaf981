FROM python:3.12 AS build
COPY requirements.txt .
RUN pip install -r requirements.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
