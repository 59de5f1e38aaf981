"""MVN: maven and the mvnw wrapper on the generic package-manager rules (profile: ``dockerls.profiles.jvm.MAVEN``)."""

from __future__ import annotations

from dockerls.profiles import MAVEN
from dockerls.rules.managers.family import manager_rule

MAVEN_REPOSITORY_NOT_MOUNTED = manager_rule("MVN001", "maven-repository-not-mounted", "cache-not-mounted", MAVEN, """\
`mvn` (or `./mvnw`) runs without a cache mount on Maven's local repository.

## What it does
Reports a RUN whose `mvn`, `mvnw` or `mvnDebug` runs goals or phases (anything but
`-v`/`--version` and `-h`/`--help`) without a `--mount=type=cache` on the local
repository: the `maven.repo.local` property (`-Dmaven.repo.local=…` on the command, then
in `MAVEN_OPTS`, `MAVEN_ARGS` or `MAVEN_CONFIG`), else `~/.m2/repository` of the user
the RUN runs as (`/root/.m2/repository` in the official `maven` images). For `./mvnw`
the wrapper's own download, `~/.m2/wrapper` (`$MAVEN_USER_HOME/wrapper`), is mounted too.
A command with `-o`/`--offline` only reads what an earlier RUN put in the repository: it
is reported when that RUN has the mount (or gets it), and the two share one fix.

## Why
Without it every build downloads every plugin and dependency again: the layer that
holds them is rebuilt whenever `pom.xml` or the sources change. Maven's local
repository is a cache of the remote repositories (Maven, "Introduction to
Repositories"). `mvn dependency:purge-local-repository` inside the cached RUN would
empty the cache on every build: the fix drops it, as it drops an `rm` of the repository.

## Example
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY . .
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
```
becomes
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \\
    mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /app/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
```

## Fix safety
Safe: the repository never lands in the image (the project's own build output goes to
`target/`, which stays). Unsafe when the RUN's stage is part of the final image and its
`CMD` or `ENTRYPOINT` starts maven (`mvn spring-boot:run`): that container would find
an empty repository and download it all again. The mount is `sharing=locked`: Maven
Resolver's default locking coordinates the threads of one JVM only, not two builds
writing one repository at once (Maven Resolver, "Local Repository" and
SyncContextFactory). A RUN as another user gets `uid=`/`gid=` and the user makes the
mount points first; no fix when the Dockerfile does not show the user's uid or home.
No fix when the repository is moved where dockerls cannot read it: `-s`/`--settings`
or `-gs`/`--global-settings` naming a file whose `<localRepository>` is set or unknown
(a settings file copied from a known build context without one is fine), a copied
`~/.m2/settings.xml` with `<localRepository>`, or a `.mvn/maven.config` that sets
`maven.repo.local`. The official image's `MAVEN_CONFIG=/root/.m2` is where its
entrypoint copies reference files, not the repository; during a build it changes nothing.
Build-proven (`tests/build/pairs/maven-go-offline-then-offline-package`): Debian's maven
3.8 against a local repository on 127.0.0.1 holding the Maven repository Debian packages
(Maven Central is not reachable from the build tier): a `dependency:go-offline` and a
later `mvn -o package` get the mount together, the image is the same, and the rebuild
fetches none of the 273 files the first build fetched. Not build-proven: `./mvnw`, whose
download of Maven itself needs a repository the tier cannot reach; checked as text.
""")

MAVEN_FILES_NOT_BIND_MOUNTED = manager_rule("MVN002", "maven-files-not-bind-mounted", "files-not-bind-mounted", MAVEN, """\
`mvn dependency:go-offline` reads a `pom.xml` copied into the image only for it.

## What it does
Reports the `pom.xml` that `mvn dependency:go-offline` (or `dependency:resolve`,
`dependency:resolve-plugins`) reads in the directory it runs in, when a COPY naming it
brought it in for that command.

## Why
These goals only read the pom and fill the local repository: a bind mount gives them the
file without a layer that holds it. With the repository in a cache mount the layer
trick they are used for (resolve first, copy the sources after) is no longer needed,
but the command still works as before.

## Example
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS deps
WORKDIR /app
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \\
    mvn -B dependency:go-offline
```

## Fix safety
Safe when the build context is known and holds the file; unsafe when it is unknown.
A multi-module project reads its modules' poms too: binding the root pom alone does
not give them, so such a build keeps its COPY. Build-proven with MVN003
(`tests/build/pairs/maven-go-offline-pom-bound`).
""")

MAVEN_FILES_COPY_REMOVABLE = manager_rule("MVN003", "maven-files-copy-removable", "copy-removable", MAVEN, """\
A COPY brings a `pom.xml` that only `mvn dependency:go-offline` reads.

## What it does
Reports a COPY of the `pom.xml` a `dependency:go-offline` (or `dependency:resolve`)
reads when nothing else reads it before a later COPY brings it back.

## Why
The file sits in a layer of its own for nothing.

## Example
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \\
    mvn -B dependency:go-offline
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked \\
    mvn -B -o package
```

## Fix safety
Safe when a later COPY brings the file back and the build context holds it; unsafe
when it would be missing from the final image, or the context is unknown. Build-proven
with MVN002 (`tests/build/pairs/maven-go-offline-pom-bound`).
""")

MAVEN_REPOSITORY_MOUNT_MISPLACED = manager_rule("MVN005", "maven-repository-mount-misplaced", "cache-mount-misplaced", MAVEN, """\
A Maven cache mount is not on the local repository, hides `settings.xml`, or is owned by another user.

## What it does
Reports a `--mount=type=cache` meant for Maven (its target names `.m2`, `m2`, `maven`
or `mvn`) that does not cover the local repository at that RUN (`/root/.m2/repository`
after `USER app`, or while `-Dmaven.repo.local` points elsewhere); a mount on all of
`~/.m2` when an earlier COPY put `settings.xml`, `settings-security.xml` or
`toolchains.xml` there; a mount without `sharing=locked`; and a mount the RUN's user
cannot write.

## Why
Maven then caches nothing in the mount, or fails to write it. A mount on `~/.m2` hides
everything the image has below it while the RUN runs: Maven reads no `settings.xml`
(its mirrors, credentials and proxies), and the build goes elsewhere or fails.

## Example
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY toolchains.xml /root/.m2/toolchains.xml
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked mvn -B package
```
becomes
```Dockerfile
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /app
COPY toolchains.xml /root/.m2/toolchains.xml
COPY . .
RUN --mount=type=cache,target=/root/.m2/repository,sharing=locked mvn -B package
```

## Fix safety
Safe: only the cache mount changes; the image is the same, and the files the
Dockerfile copied are read again as it meant. A copied `settings.xml` is also where
`<localRepository>` may move the repository: the fix needs the build context to read it. For `./mvnw`, whose wrapper download
(`~/.m2/wrapper`) the mount on `~/.m2` also held, MVN001 then mounts that directory on
its own. No fix when the Dockerfile does not show the user's uid or home directory.
Build-proven (`tests/build/pairs/maven-settings-hidden-by-m2-mount`): with the mount on
`/root/.m2`, the build reads no `settings.xml`, turns to Maven Central and fails; with
the mount moved onto the repository it reads the mirror the file names, builds, and the
rebuild fetches none of the files the first build fetched.
""")

RULES = (MAVEN_REPOSITORY_NOT_MOUNTED, MAVEN_FILES_NOT_BIND_MOUNTED, MAVEN_FILES_COPY_REMOVABLE, MAVEN_REPOSITORY_MOUNT_MISPLACED)
