FROM eclipse-temurin:21-jdk AS build
ENV GRADLE_USER_HOME=/gradle
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/gradle/caches,sharing=locked \
    --mount=type=cache,target=/gradle/wrapper,sharing=locked \
    ./gradlew build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
