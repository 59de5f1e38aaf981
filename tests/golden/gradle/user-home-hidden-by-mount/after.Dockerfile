FROM gradle:8.10-jdk21 AS build
COPY gradle.properties /home/gradle/.gradle/gradle.properties
WORKDIR /home/gradle/app
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked gradle build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
