FROM node:20-bookworm
RUN apt-get install -y python3-pip
USER node
RUN pip install --user --break-system-packages pyyaml
