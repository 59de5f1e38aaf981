FROM debian:bookworm
RUN apt-get update && apt-get install -y aptitude && rm -rf /var/lib/apt/lists/*
RUN aptitude update && aptitude install -y curl && aptitude clean
