FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY . .
RUN mvn -B -Dmaven.repo.local=/cache/m2 package -DskipTests

FROM maven:3.9-eclipse-temurin-21 AS test
ENV MAVEN_OPTS="-Xmx1g -Dmaven.repo.local=/var/m2"
WORKDIR /app
COPY . .
RUN mvn -B verify

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
