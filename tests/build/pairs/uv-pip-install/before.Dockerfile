FROM python:3.12-slim
RUN pip install --no-cache-dir uv==0.5.11
COPY requirements.txt .
RUN uv pip install --system --no-cache -r requirements.txt
