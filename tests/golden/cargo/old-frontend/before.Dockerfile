# syntax=docker/dockerfile:1.1
FROM rust:1.81 AS build
WORKDIR /app
COPY . .
RUN cargo build --release
