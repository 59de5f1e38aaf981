FROM registry.example.com/team/builder:2 AS build
RUN cargo fetch
