"""JVM build tools on the profiles: MVN (maven, mvnw) and GRD (gradle, gradlew)."""

from dockerls.rules.jvm import gradle, maven

RULES = (*maven.RULES, *gradle.RULES)
