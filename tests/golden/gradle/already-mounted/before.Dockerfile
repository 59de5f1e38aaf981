FROM gradle:8.10-jdk21 AS build
WORKDIR /home/gradle/app
RUN gradle --version
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked \
    gradle build --no-daemon
RUN gradle --stop

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
