FROM debian:bookworm
RUN apt-get update

# The lists come from the layer above: the mount hides them.
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get install -y --no-install-recommends sl
