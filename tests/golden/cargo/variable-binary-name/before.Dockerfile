ARG APP_NAME=app
FROM rust:1.81 AS build
ARG APP_NAME
WORKDIR /app
COPY . .
RUN cargo build --locked --release --bin "$APP_NAME"
FROM debian:bookworm-slim
ARG APP_NAME
COPY --from=build /app/target/release/${APP_NAME} /usr/local/bin/${APP_NAME}
