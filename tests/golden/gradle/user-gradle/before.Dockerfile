FROM gradle:8.10-jdk21 AS build
USER gradle
WORKDIR /home/gradle
COPY --chown=gradle:gradle . app/
WORKDIR /home/gradle/app
RUN gradle build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
