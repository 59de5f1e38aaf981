FROM rockylinux:9
RUN dnf install -y gcc make && dnf clean all && rm -rf /var/cache/dnf
