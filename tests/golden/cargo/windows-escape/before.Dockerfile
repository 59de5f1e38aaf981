# escape=`
FROM rust:1.81-windowsservercore AS build
WORKDIR C:\app
COPY . .
RUN cargo build --release
