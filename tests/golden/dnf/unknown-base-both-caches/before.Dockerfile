FROM registry.example.com/platform/base:2024
RUN dnf -y install git && dnf clean all
