FROM gradle:4.4-jdk17 AS build
USER gradle
WORKDIR /home/gradle
COPY --chown=gradle:gradle . app/
WORKDIR /home/gradle/app
RUN gradle build --no-daemon

FROM gradle:4.4-jdk17
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-cp", "/app.jar", "Hello"]
