FROM python:3.12
RUN useradd -m -u 1000 app
USER app
WORKDIR /home/app
COPY requirements.txt .
RUN pip install --user -r requirements.txt
CMD ["python", "-c", "import six"]
