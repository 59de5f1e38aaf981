FROM rust:1.81
WORKDIR /app
COPY . .
RUN cargo build --locked --release && ./target/release/app
CMD ["./target/release/app"]
