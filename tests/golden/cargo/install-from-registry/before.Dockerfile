FROM rust:1.81-slim
RUN cargo install ripgrep --locked
