FROM maven:3.9-eclipse-temurin-21 AS deps
WORKDIR /app
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    --mount=type=bind,source=pom.xml,target=pom.xml \
    mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B -o package -DskipTests
