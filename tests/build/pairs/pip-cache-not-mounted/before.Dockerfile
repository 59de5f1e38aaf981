FROM python:3.12-slim
RUN pip install six==1.16.0 idna==3.7
CMD ["python", "-c", "import six, idna"]
