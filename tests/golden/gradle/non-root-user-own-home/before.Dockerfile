FROM eclipse-temurin:21-jdk AS build
RUN groupadd -g 1001 dev && useradd -u 1001 -g dev -m dev
USER dev
WORKDIR /home/dev/app
COPY --chown=dev:dev . .
RUN ./gradlew build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/dev/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
