FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
RUN mvn -v
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B package -DskipTests
RUN mvn --version && mvn -h

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
