FROM rust:1.81
RUN useradd -m -u 1001 builder
USER builder
ENV CARGO_HOME=/home/builder/.cargo
WORKDIR /home/builder/app
COPY --chown=builder . .
RUN cargo build --locked --release && ./target/release/app
CMD ["./target/release/app"]
