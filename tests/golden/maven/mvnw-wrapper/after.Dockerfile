FROM eclipse-temurin:21-jdk AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    --mount=type=cache,target=/root/.m2/wrapper,sharing=locked \
    ./mvnw -B package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
