FROM rust:1.81 AS build
ENV CARGO_HOME=/opt/cargo
WORKDIR /app
RUN cargo fetch --locked
