FROM eclipse-temurin:21-jdk AS build
ENV GRADLE_USER_HOME=/cache/gradle
WORKDIR /app
COPY . .
RUN ./gradlew build --no-daemon

FROM gradle:8.10-jdk21 AS check
WORKDIR /app
COPY . .
RUN gradle -g /opt/gradle-home check && gradle -Dgradle.user.home=/srv/gh test

FROM eclipse-temurin:21-jre
COPY --from=build /app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
