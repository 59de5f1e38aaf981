FROM gradle:8.10-jdk21 AS build
USER gradle
WORKDIR /home/gradle/app
COPY --chown=gradle:gradle . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked gradle build --no-daemon
