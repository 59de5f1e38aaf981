FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends golang-go && rm -rf /var/lib/apt/lists/*
ENV GOPATH=/gopath GOCACHE=/var/cache/go-build
WORKDIR /src
COPY . .
RUN cd cmd/tool && go install .
