"""Maven's and Gradle's entries read the way their documentation says (issue 14)."""

from __future__ import annotations

import pytest

from dockerls.analysis.invocations import invocations
from dockerls.profiles import GRADLE, MAVEN
from dockerls.rules.managers.cache import cache_location, setting_value
from dockerls.syntax import parse
from tests.linting import lint


def calls(text: str, profile, base: str = "maven:3.9-eclipse-temurin-21"):
    document = parse(f"FROM {base}\n" + text + "\n")
    found = [call for instruction in document.instructions for call in invocations(instruction, profile)]
    return document, found


@pytest.mark.parametrize(
    "text, goals",
    [
        ("RUN mvn -B package -DskipTests", ["package"]),
        ("RUN mvn clean verify -pl app -am", ["clean", "verify"]),
        ("RUN ./mvnw -T 4 -s settings.xml install", ["install"]),
        ("RUN mvn", []),  # the pom's defaultGoal
    ],
)
def test_maven_goals_and_phases_are_any_arguments(text: str, goals: list[str]) -> None:
    _, (call,) = calls(text, MAVEN)
    assert [word.text for word in call.positionals] == goals


@pytest.mark.parametrize("text", ["RUN mvn -v", "RUN mvn --version", "RUN mvn -h", "RUN /usr/bin/mvn --help"])
def test_maven_version_and_help_download_nothing(text: str) -> None:
    assert calls(text, MAVEN)[1] == []


@pytest.mark.parametrize("text", ["RUN gradle --version", "RUN gradle -v", "RUN ./gradlew --stop", "RUN gradle --status"])
def test_gradle_version_help_stop_and_status_download_nothing(text: str) -> None:
    assert calls(text, GRADLE, "gradle:8.10-jdk21")[1] == []


def test_go_offline_reads_the_pom_and_offline_only_reads_the_repository() -> None:
    _, (resolve, build) = calls("WORKDIR /app\nRUN mvn -B dependency:go-offline\nRUN mvn -o package", MAVEN)
    assert resolve.spec.words == ("dependency:go-offline",) and not resolve.spec.never_bind
    assert [file.path for file in resolve.inputs] == ["/app/pom.xml"]
    assert build.spec.never_bind and "offline" in build.options


@pytest.mark.parametrize(
    "text, targets",
    [
        ("RUN mvn package", ("/root/.m2/repository",)),
        ("RUN ./mvnw package", ("/root/.m2/repository", "/root/.m2/wrapper")),
        ("RUN mvn -Dmaven.repo.local=/cache/m2 package", ("/cache/m2",)),
        ("RUN mvn -D maven.repo.local=/cache/m2 package", ("/cache/m2",)),
        ("RUN mvn --define=maven.repo.local=/cache/m2 package", ("/cache/m2",)),
        ('ENV MAVEN_OPTS="-Xmx1g -Dmaven.repo.local=/var/m2"\nRUN mvn package', ("/var/m2",)),
        ("ENV MAVEN_ARGS=-Dmaven.repo.local=/args/m2\nRUN mvn package", ("/args/m2",)),
        ("ENV MAVEN_USER_HOME=/mvnw\nRUN ./mvnw package", ("/root/.m2/repository", "/mvnw/wrapper")),
        ("RUN useradd -u 1001 -m dev\nUSER dev\nRUN mvn package", ("/home/dev/.m2/repository",)),
    ],
)
def test_the_local_repository_and_what_moves_it(text: str, targets: tuple[str, ...]) -> None:
    document, found = calls(text, MAVEN)
    assert cache_location(document, found[-1]).targets == targets


@pytest.mark.parametrize(
    "text, base, targets",
    [
        ("RUN gradle build", "gradle:8.10-jdk21", ("/home/gradle/.gradle/caches",)),
        ("USER gradle\nRUN gradle build", "gradle:8.10-jdk21", ("/home/gradle/.gradle/caches",)),
        ("RUN ./gradlew build", "eclipse-temurin:21-jdk", ("/root/.gradle/caches", "/root/.gradle/wrapper")),
        ("ENV GRADLE_USER_HOME=/gh\nRUN gradle build", "gradle:8.10-jdk21", ("/gh/caches",)),
        ("RUN gradle -g /opt/gh build", "gradle:8.10-jdk21", ("/opt/gh/caches",)),
        ("RUN gradle --gradle-user-home=/opt/gh build", "gradle:8.10-jdk21", ("/opt/gh/caches",)),
        ("RUN gradle -Dgradle.user.home=/srv/gh build", "gradle:8.10-jdk21", ("/srv/gh/caches",)),
        ('ENV GRADLE_OPTS="-Dgradle.user.home=/opts/gh"\nRUN ./gradlew build', "eclipse-temurin:21-jdk",
         ("/opts/gh/caches", "/opts/gh/wrapper")),
        # The command line wins over the variable.
        ("ENV GRADLE_USER_HOME=/env\nRUN gradle -g /cli build", "gradle:8.10-jdk21", ("/cli/caches",)),
    ],
)
def test_the_gradle_user_home_and_what_moves_it(text: str, base: str, targets: tuple[str, ...]) -> None:
    document, found = calls(text, GRADLE, base)
    assert cache_location(document, found[-1]).targets == targets


def test_gradle_image_user_has_uid_1000() -> None:
    document, (call,) = calls("USER gradle\nRUN gradle build", GRADLE, "gradle:8.10-jdk21")
    assert cache_location(document, call).owner_options == {"uid": "1000", "gid": "1000"}


def test_a_setting_in_an_option_variable_is_read_in_both_spellings() -> None:
    _, (call,) = calls('ENV MAVEN_OPTS="-D maven.repo.local=/split"\nRUN mvn package', MAVEN)
    assert setting_value(call, "maven.repo.local") == "/split"
    _, (other,) = calls('ENV MAVEN_OPTS="-Dmaven.repo.local.x=/no"\nRUN mvn package', MAVEN)
    assert setting_value(other, "maven.repo.local") is None


@pytest.mark.parametrize(
    "final, unsafe",
    [
        ('CMD ["java", "-jar", "/app/target/app.jar"]', False),
        ('CMD ["mvn", "spring-boot:run"]', True),
        ("ENTRYPOINT ./mvnw exec:java", True),
    ],
)
def test_the_fix_is_unsafe_only_when_the_final_image_starts_maven(final: str, unsafe: bool) -> None:
    text = f"FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package\n{final}\n"
    (finding,) = [f for f in lint(text) if f.code == "MVN001"]
    assert (finding.fix.applicability.value == "unsafe") is unsafe


def test_a_mount_above_the_repository_is_fine_without_files_beside_it() -> None:
    text = "FROM maven:3.9-eclipse-temurin-21\nRUN --mount=type=cache,target=/root/.m2,sharing=locked mvn package\n"
    assert [f.code for f in lint(text) if f.code.startswith("MVN")] == []
