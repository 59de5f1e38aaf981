FROM rust:1.81 AS build
RUN useradd -m builder
USER builder
WORKDIR /home/builder/app
RUN cargo build --release
