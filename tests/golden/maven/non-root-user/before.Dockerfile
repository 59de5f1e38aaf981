FROM maven:3.9-eclipse-temurin-21 AS build
RUN groupadd -g 1001 dev && useradd -u 1001 -g dev -m dev
USER dev
WORKDIR /home/dev/app
COPY --chown=dev:dev . .
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /home/dev/app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
