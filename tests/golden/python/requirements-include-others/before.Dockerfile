FROM python:3.12 AS build
WORKDIR /app
COPY requirements/prod.txt requirements/base.txt requirements/constraints.txt requirements/
RUN pip install --requirement=requirements/prod.txt

FROM python:3.12-slim
COPY --from=build /usr/local /usr/local
