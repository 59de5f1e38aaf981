FROM gradle:8.10-jdk21
WORKDIR /home/gradle/app
COPY . .
RUN gradle assemble --no-daemon
ENTRYPOINT ["gradle", "bootRun", "--no-daemon"]
