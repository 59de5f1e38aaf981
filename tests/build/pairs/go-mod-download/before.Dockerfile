FROM golang:1.22
ARG DOCKERLS_LOCAL_REPOSITORY
ENV GOPROXY=$DOCKERLS_LOCAL_REPOSITORY GOSUMDB=off
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/hello .
CMD ["hello"]
