"""Maven (``mvn``, the ``mvnw`` wrapper) and Gradle (``gradle``, the ``gradlew`` wrapper).

Sources: Maven's documentation — "Introduction to Repositories" and the Settings
Reference (the local repository is ``${user.home}/.m2/repository`` unless
``localRepository`` in a settings file or the ``maven.repo.local`` property moves it;
user settings ``${user.home}/.m2/settings.xml``, ``-s``/``--settings`` and
``-gs``/``--global-settings``), "Configuring Apache Maven" (``.mvn/maven.config`` holds
command-line options of the project; ``MAVEN_OPTS`` holds the JVM's options, where
``-Dmaven.repo.local=…`` counts too; ``MAVEN_ARGS``, 3.9+, more command-line options),
Maven Resolver's "Local Repository" and SyncContextFactory pages (the default locking
coordinates the threads of one JVM only: processes sharing a local repository are not
coordinated), the Maven Wrapper's documentation (it downloads Maven into
``~/.m2/wrapper/dists``, ``MAVEN_USER_HOME`` moves it; its script appends
``MAVEN_CONFIG`` to the command line), and the official ``maven`` image (root, home
``/root``, ``MAVEN_CONFIG=/root/.m2``, a reference ``settings-docker.xml`` under
``/usr/share/maven/ref``).
Gradle's documentation — "The Gradle User Home" (default ``~/.gradle``; ``GRADLE_USER_HOME``,
``-g``/``--gradle-user-home`` and the ``gradle.user.home`` property move it; ``caches/``
holds the dependency and build caches, ``wrapper/dists`` the distributions ``gradlew``
downloads, ``gradle.properties`` and ``init.d/`` are read from it), "Command-Line
Interface" (``--offline`` uses the cached modules only, ``--no-daemon``,
``--refresh-dependencies``), "The Gradle Daemon" (on by default since Gradle 3.0;
``org.gradle.daemon=false``), and the official ``gradle`` image (user ``gradle``,
uid/gid 1000, home ``/home/gradle``; its Gradle user home is ``/home/gradle/.gradle``:
``GRADLE_USER_HOME`` in older tags, ``/root/.gradle`` a link to it in newer ones).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, ConfigFile, Profile, Subcommand, Variant

_INFO = ("version", "help")  # `mvn -v`, `gradle --version`: nothing is downloaded
_POM = ("pom.xml",)

MAVEN = Profile(
    name="maven",
    label="maven",
    family="MVN",
    programs=frozenset({"mvn", "mvnw", "mvnDebug"}),
    subcommands=(
        # Any goals or phases download what they need (plugins, dependencies); they read the pom and
        # whatever the project holds besides (sources, modules): its files are never bind-mounted.
        Subcommand((), any_arguments=True, not_with=_INFO, reads_only=("offline",), project_files=_POM, never_bind=True),
        # The dependency-plugin goals a layer runs before the sources come in: they read the pom only.
        *(
            Subcommand((goal,), project_files=_POM, not_with=_INFO, reads_only=("offline",))
            for goal in ("dependency:go-offline", "dependency:resolve", "dependency:resolve-plugins")
        ),
    ),
    valued={
        "-D": "define", "--define": "define", "-s": "settings", "--settings": "settings",
        "-gs": "global-settings", "--global-settings": "global-settings", "-f": "file", "--file": "file",
        "-P": "activate-profiles", "--activate-profiles": "activate-profiles", "-pl": "projects",
        "--projects": "projects", "-rf": "resume-from", "--resume-from": "resume-from", "-T": "threads",
        "--threads": "threads", "-t": "toolchains", "--toolchains": "toolchains", "-l": "log-file",
        "--log-file": "log-file", "-b": "builder", "--builder": "builder", "-gt": "global-toolchains",
        "--global-toolchains": "global-toolchains", "--color": "color",
    },
    switches={"-v": "version", "--version": "version", "-h": "help", "--help": "help", "-o": "offline", "--offline": "offline"},
    settings_option="define",
    option_variables=("MAVEN_OPTS", "MAVEN_ARGS", "MAVEN_CONFIG"),
    caches=(
        CacheDir(
            "repository", settings=(("maven.repo.local", ""),), home_path=".m2/repository",
            beside=("settings.xml", "settings-security.xml", "toolchains.xml"),
            source="Maven, Introduction to Repositories: ${user.home}/.m2/repository; -Dmaven.repo.local moves it",
        ),
        CacheDir(
            "wrapper", derived=(("MAVEN_USER_HOME", "wrapper"),), home_path=".m2/wrapper",
            source="Maven Wrapper: the Maven it downloads goes to ~/.m2/wrapper/dists; MAVEN_USER_HOME moves it",
        ),
    ),
    variants=(
        Variant("maven", frozenset({"mvn", "mvnDebug"}), ("repository",), source="mvn reads and fills the local repository"),
        Variant("maven wrapper", frozenset({"mvnw"}), ("repository", "wrapper"),
                source="mvnw downloads Maven into ~/.m2/wrapper, then runs it"),
    ),
    cleanups=(("dependency:purge-local-repository",),),
    config_options=("settings", "global-settings"),
    config_files=(
        ConfigFile(".mvn/maven.config", r"maven\.repo\.local"),
        # The user's settings, then the installation's (the official image's MAVEN_HOME, Debian's /etc/maven).
        ConfigFile(
            "settings.xml", r"<localRepository>", in_project=False,
            locations=("~/.m2/settings.xml", "/usr/share/maven/conf/settings.xml", "/etc/maven/settings.xml"),
        ),
        ConfigFile("settings.xml", r"<localRepository>", option="settings"),
        ConfigFile("settings.xml", r"<localRepository>", option="global-settings"),
    ),
    sharing="locked",
    cache_read_at_start="the image loses its local repository (~/.m2/repository): the maven its CMD or ENTRYPOINT starts downloads it all again",
    mount_names=r"^(\.m2|m2|maven|maven-repo|mvn)$",
    sources=(
        ("locking", "Maven Resolver's default locking (since Maven 3.9) coordinates one JVM's threads only: "
                    "two builds sharing the local repository at once need sharing=locked"),
        ("offline", "-o/--offline reads only what an earlier command put in the local repository"),
        ("settings", "a mount on all of ~/.m2 hides the settings.xml the image put there: the repository alone is the cache"),
        ("go-offline", "dependency:go-offline reads the pom.xml of the directory it runs in and writes no project file"),
    ),
)

GRADLE = Profile(
    name="gradle",
    label="gradle",
    family="GRD",
    programs=frozenset({"gradle", "gradlew"}),
    subcommands=(Subcommand((), any_arguments=True, not_with=(*_INFO, "stop", "status"), reads_only=("offline",)),),
    valued={
        "-D": "system-prop", "--system-prop": "system-prop", "-P": "project-prop", "--project-prop": "project-prop",
        "-g": "gradle-user-home", "--gradle-user-home": "gradle-user-home", "-p": "project-dir",
        "--project-dir": "project-dir", "-b": "build-file", "--build-file": "build-file", "-c": "settings-file",
        "--settings-file": "settings-file", "-x": "exclude-task", "--exclude-task": "exclude-task",
        "-I": "init-script", "--init-script": "init-script", "--project-cache-dir": "project-cache-dir",
        "--console": "console", "--max-workers": "max-workers", "--warning-mode": "warning-mode",
        "--priority": "priority", "-M": "write-verification-metadata",
        "--write-verification-metadata": "write-verification-metadata", "-F": "dependency-verification",
        "--dependency-verification": "dependency-verification", "--include-build": "include-build",
    },
    switches={"-v": "version", "--version": "version", "-h": "help", "-?": "help", "--help": "help"},
    settings_option="system-prop",
    option_variables=("GRADLE_OPTS", "JAVA_OPTS"),
    project_options=("project-dir",),
    caches=(
        CacheDir(
            "caches", option="gradle-user-home", option_suffix="caches", settings=(("gradle.user.home", "caches"),),
            derived=(("GRADLE_USER_HOME", "caches"),), images=(("gradle", "/home/gradle/.gradle/caches"),),
            home_path=".gradle/caches", beside=("gradle.properties", "init.gradle", "init.gradle.kts"),
            source="Gradle, The Gradle User Home: caches/ under GRADLE_USER_HOME (-g, gradle.user.home), else ~/.gradle",
        ),
        CacheDir(
            "wrapper", option="gradle-user-home", option_suffix="wrapper", settings=(("gradle.user.home", "wrapper"),),
            derived=(("GRADLE_USER_HOME", "wrapper"),), images=(("gradle", "/home/gradle/.gradle/wrapper"),),
            home_path=".gradle/wrapper",
            source="Gradle, The Gradle Wrapper: distributions go to wrapper/dists under the Gradle user home",
        ),
    ),
    variants=(
        Variant("gradle", frozenset({"gradle"}), ("caches",), source="gradle fills the caches of its user home"),
        Variant("gradle wrapper", frozenset({"gradlew"}), ("caches", "wrapper"),
                source="gradlew downloads a Gradle distribution into wrapper/dists, then runs it"),
    ),
    sharing="locked",
    cache_read_at_start="the image loses its Gradle caches: the gradle its CMD or ENTRYPOINT starts downloads them all again",
    mount_names=r"^(\.gradle|gradle|gradle-cache|gradle-caches)$",
    sources=(
        ("locking", "Gradle processes sharing a user home take file locks and ask the holder to release them over "
                    "loopback UDP; the RUNs of two builds run in network namespaces of their own, where the request never "
                    "arrives: sharing=locked lets one build at a time use the caches"),
        ("daemon", "the daemon (on by default since Gradle 3.0) ends with the RUN's container, which kills it; its file "
                   "locks go with the process, so the next build takes them; --no-daemon or org.gradle.daemon=false end "
                   "the JVM with the command instead. A fix leaves this as it is"),
        ("offline", "--offline uses only the modules an earlier command cached"),
        ("user home", "gradle.properties and init.gradle in the Gradle user home are read: a mount on all of it hides them"),
    ),
)
