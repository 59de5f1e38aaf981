FROM debian:bookworm
RUN apt-get update && apt-get install -y sudo && rm -rf /var/lib/apt/lists/*
RUN useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app
USER app
FROM debian:bookworm AS later
USER app
RUN sudo apt-get update && sudo apt-get install -y curl && sudo rm -rf /var/lib/apt/lists/*
