FROM golang:1.23
RUN useradd -m -u 1000 builder
USER builder
ENV GOPATH=/home/builder/go
WORKDIR /home/builder/src
COPY --chown=builder . .
RUN go test ./...
