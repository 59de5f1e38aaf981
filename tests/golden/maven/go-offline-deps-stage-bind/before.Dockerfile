FROM maven:3.9-eclipse-temurin-21 AS deps
WORKDIR /app
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B -o package -DskipTests
