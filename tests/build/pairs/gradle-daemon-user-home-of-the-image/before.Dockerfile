FROM gradle:4.4-jdk17 AS build
WORKDIR /home/gradle/app
COPY . .
RUN gradle build

FROM gradle:4.4-jdk17
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-cp", "/app.jar", "Hello"]
