FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends sl && rm -rf /var/lib/apt/lists/*
RUN useradd -m -u 1000 app
RUN apt-get update && apt-get install -y --no-install-recommends tree && rm -rf /var/lib/apt/lists/*
USER app
