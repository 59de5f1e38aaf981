FROM maven:3.9-eclipse-temurin-21
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B package -DskipTests
CMD ["mvn", "spring-boot:run"]
