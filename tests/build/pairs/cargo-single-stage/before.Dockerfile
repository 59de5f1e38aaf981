FROM rust:1.81
WORKDIR /app
COPY . .
RUN cargo build --locked --release
CMD ["./target/release/app"]
