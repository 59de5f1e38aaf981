FROM gradle:8.10-jdk21 AS build
USER gradle
WORKDIR /home/gradle/app
COPY --chown=gradle:gradle . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked,uid=1000,gid=1000 gradle build --no-daemon
