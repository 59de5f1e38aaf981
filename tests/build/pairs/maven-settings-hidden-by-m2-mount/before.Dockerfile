FROM maven:3.8-openjdk-17 AS build
COPY settings.xml /root/.m2/settings.xml
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked mvn -B package -DskipTests

FROM maven:3.8-openjdk-17
COPY --from=build /app/target/hello-1.0.jar /hello.jar
CMD ["java", "-cp", "/hello.jar", "Hello"]
