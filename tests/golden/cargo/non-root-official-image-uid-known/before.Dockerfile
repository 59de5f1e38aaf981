FROM rust:1.81 AS build
RUN useradd -m -u 1000 builder
USER 1000:1000
WORKDIR /home/builder/app
RUN cargo fetch
