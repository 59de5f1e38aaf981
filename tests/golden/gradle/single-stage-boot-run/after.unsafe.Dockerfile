FROM gradle:8.10-jdk21
WORKDIR /home/gradle/app
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked \
    gradle assemble --no-daemon
ENTRYPOINT ["gradle", "bootRun", "--no-daemon"]
