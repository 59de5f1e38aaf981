"""GRD: gradle and the gradlew wrapper on the generic package-manager rules (profile: ``dockerls.profiles.jvm.GRADLE``)."""

from __future__ import annotations

from dockerls.profiles import GRADLE
from dockerls.rules.managers.family import manager_rule

GRADLE_CACHES_NOT_MOUNTED = manager_rule("GRD001", "gradle-caches-not-mounted", "cache-not-mounted", GRADLE, """\
`gradle` (or `./gradlew`) runs without a cache mount on the caches of its Gradle user home.

## What it does
Reports a RUN whose `gradle` or `gradlew` runs tasks (anything but `--version`,
`--help`, `--stop` and `--status`) without a `--mount=type=cache` on `caches/` of the
Gradle user home: `-g`/`--gradle-user-home`, then the `gradle.user.home` property
(`-D` on the command, then in `GRADLE_OPTS` or `JAVA_OPTS`), then `GRADLE_USER_HOME`,
then `/home/gradle/.gradle` in the official `gradle` images (whose `/root/.gradle` is
that directory too), then `~/.gradle` of the user the RUN runs as. For `./gradlew` the
distribution the wrapper downloads, `wrapper/` beside `caches/`, is mounted too. A
command with `--offline` only reads what an earlier RUN cached: it is reported when that
RUN has the mount (or gets it), and the two share one fix.

## Why
Without it every build downloads every plugin, dependency (and, for the wrapper, Gradle
itself) again. `caches/` holds the dependency cache and the local build cache; the rest
of the user home (`gradle.properties`, `init.gradle`, the daemon's registry and logs)
is not a cache and stays in the image.

## Example
```Dockerfile
FROM gradle:8.10-jdk21 AS build
WORKDIR /home/gradle/app
COPY . .
RUN gradle build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
```
becomes
```Dockerfile
FROM gradle:8.10-jdk21 AS build
WORKDIR /home/gradle/app
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked \\
    gradle build --no-daemon

FROM eclipse-temurin:21-jre
COPY --from=build /home/gradle/app/build/libs/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
```

## Fix safety
Safe: the caches never land in the image (the project's `build/` and `.gradle/` stay).
Unsafe when the RUN's stage is part of the final image and its `CMD` or `ENTRYPOINT`
starts gradle (`gradle bootRun`): that container would download it all again. The mount
is `sharing=locked`: Gradle processes sharing a user home take file locks and ask the
holder to release them over loopback, which the RUNs of two concurrent builds (each in
its own network namespace) cannot hear. The daemon: the fix leaves `--daemon`,
`--no-daemon` and `org.gradle.daemon` as they are. A daemon (on by default since Gradle
3.0) cannot outlive the RUN: BuildKit kills what is left of the RUN's container when
its command ends, the daemon's file locks go with the process, and the next build takes
them; `--no-daemon` (or `org.gradle.daemon=false`) only spares the start of a daemon
nobody reuses. A RUN as another user gets `uid=`/`gid=` (user `gradle` of the official
images: 1000) and the user makes the mount points first; no fix when the Dockerfile
does not show the user's uid or home. `--refresh-dependencies` still uses the cache
(it checks each module again, and reuses the files whose checksum matches).
Build-proven with Debian's gradle 4.4.1 on its default JDK 17, the dependencies coming
from a local repository on 127.0.0.1 (the plugin portal and Maven Central are not
reachable from the build tier): as root in the official image's layout, with the daemon
on (`tests/build/pairs/gradle-daemon-user-home-of-the-image`), and as its user `gradle`
(`tests/build/pairs/gradle-user-gradle`): the same image, and the rebuild fetches
nothing again. Not build-proven: `./gradlew`, whose distribution download the tier
cannot reach, and newer Gradle releases; checked as text.
""")

GRADLE_CACHE_MOUNT_MISPLACED = manager_rule("GRD005", "gradle-cache-mount-misplaced", "cache-mount-misplaced", GRADLE, """\
A Gradle cache mount is not on the caches of the user home, hides its configuration, or is owned by another user.

## What it does
Reports a `--mount=type=cache` meant for Gradle (its target names `.gradle` or
`gradle`) that does not cover `caches/` of the Gradle user home at that RUN (a mount on
`/root/.gradle` while `GRADLE_USER_HOME` points elsewhere); a mount on the whole user
home when an earlier COPY put `gradle.properties` or `init.gradle` there; a mount
without `sharing=locked`; and a mount the RUN's user cannot write (`USER gradle` with a
mount that belongs to root).

## Why
Gradle then caches nothing in the mount, or fails to write it. A mount on the whole
user home hides its `gradle.properties` (JVM arguments, proxies, credentials) and init
scripts while the RUN runs: the build runs without them.

## Example
```Dockerfile
FROM gradle:8.10-jdk21 AS build
COPY gradle.properties /home/gradle/.gradle/gradle.properties
WORKDIR /home/gradle/app
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle,sharing=locked gradle build
```
becomes
```Dockerfile
FROM gradle:8.10-jdk21 AS build
COPY gradle.properties /home/gradle/.gradle/gradle.properties
WORKDIR /home/gradle/app
COPY . .
RUN --mount=type=cache,target=/home/gradle/.gradle/caches,sharing=locked gradle build
```

## Fix safety
Safe: only the cache mount changes; the image is the same, and the files the Dockerfile
copied are read again as it meant. For `./gradlew`, whose `wrapper/` the mount on the
user home also held, GRD001 then mounts that directory on its own. No fix when the
Dockerfile does not show the user's uid or home directory. Checked as text only (the
mount-owner fix is the one GRD001's `uid=`/`gid=` build proves).
""")

RULES = (GRADLE_CACHES_NOT_MOUNTED, GRADLE_CACHE_MOUNT_MISPLACED)
