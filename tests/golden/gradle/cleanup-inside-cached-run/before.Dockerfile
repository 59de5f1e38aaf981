FROM eclipse-temurin:21-jdk AS build
ENV GRADLE_USER_HOME=/gradle
WORKDIR /app
COPY . .
RUN ./gradlew build --no-daemon && rm -rf /gradle/caches /gradle/wrapper

FROM eclipse-temurin:21-jre
COPY --from=build /app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
