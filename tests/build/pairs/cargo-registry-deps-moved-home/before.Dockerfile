FROM rust:1.81 AS build
ENV CARGO_HOME=/opt/cargo
WORKDIR /src
COPY .cargo/config.toml /opt/cargo/config.toml
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo build --locked --release

FROM debian:stable-slim
COPY --from=build /src/target/release/app /usr/local/bin/app
CMD ["app"]
