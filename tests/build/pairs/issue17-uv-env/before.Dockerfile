FROM python:3.12-slim
RUN pip install uv==0.5.11
ENV UV_NO_CACHE=1
WORKDIR /code
COPY requirements.txt .
RUN uv pip install --system -r requirements.txt
CMD ["python", "-c", "import six, idna"]
