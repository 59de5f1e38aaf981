FROM fedora:40
RUN dnf install -y sudo && useradd -u 1000 app && echo 'app ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/app
USER app
RUN sudo dnf install -y --setopt keepcache=0 tar
