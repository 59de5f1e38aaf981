FROM gradle:8.10-jdk21 AS build
WORKDIR /home/gradle/app
COPY build.gradle settings.gradle ./
RUN gradle dependencies --no-daemon
COPY src ./src
RUN gradle build --offline --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
