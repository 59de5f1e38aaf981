FROM maven:3.8-openjdk-17 AS build
WORKDIR /app
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \
    mvn -B -o package -DskipTests

FROM maven:3.8-openjdk-17
COPY --from=build /app/target/hello-1.0.jar /hello.jar
CMD ["java", "-cp", "/hello.jar", "Hello"]
