FROM debian:bookworm
RUN (apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*) || echo "offline build"
RUN apt-get update && apt-get install -y --no-install-recommends git || apt-get clean
