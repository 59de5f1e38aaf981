FROM golang:1.22
WORKDIR /src
COPY go.mod main.go ./
RUN go build -o /usr/local/bin/hello .
CMD ["hello"]
