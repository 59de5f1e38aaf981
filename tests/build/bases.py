"""Base images from Debian's packages, standing in for the official images.

No image registry is reachable, so the images the test Dockerfiles start
from are made here:

- ``debian``: ``debootstrap --variant=minbase bookworm`` from the Debian mirror
  this machine's apt uses, made to look like the official image: the same
  apt sources (bookworm, -updates, -security), the ``docker-clean`` hook the
  official images ship, no package lists, no downloaded packages;
- ``python``, ``rust``, ``node``, ``golang``, ``composer``, ``ruby``: Debian's packages installed FROM
  it, with the variables and users the official images have (``CARGO_HOME``,
  user ``node``, ``GOPATH``), and pip and npm pointed at the caching front on
  127.0.0.1 (:mod:`tests.build.front`);
- ``maven``: Debian's ``maven`` (3.8) and ``default-jdk-headless``, with what the
  official ``maven`` images have that matters to the cache: root with home ``/root``
  (the local repository ``/root/.m2/repository``), ``MAVEN_HOME=/usr/share/maven``
  (where Debian installs it too) and ``MAVEN_CONFIG=/root/.m2``. Not mirrored: the
  official entrypoint (it copies ``/usr/share/maven/ref`` into ``MAVEN_CONFIG`` when a
  container starts; builds do not run it). The remote repository is a local one on
  127.0.0.1 (:mod:`tests.build.localrepo`), named by the pair's ``pom.xml`` or
  ``settings.xml``; the global settings mirror every other one to a closed port on
  127.0.0.1 (``MAVEN_NOWHERE``), so that nothing asks Maven Central;
- ``gradle``: Debian's ``gradle`` (4.4.1) and ``default-jdk-headless``, with the
  official ``gradle`` images' user ``gradle`` (uid/gid 1000, home ``/home/gradle``),
  its Gradle user home ``/home/gradle/.gradle`` (owned by ``gradle``, ``/root/.gradle``
  a link to it, as in the newer tags; ``GRADLE_USER_HOME`` is not set, as in them),
  ``GRADLE_HOME`` and ``WORKDIR /home/gradle``;
- ``oven/bun``: bun's own binary from the npm registry (see :func:`bun_base`) on the
  debian image, with what the official ``oven/bun`` image sets.

Each image is saved (``docker save``) under the test cache folder, keyed by a
hash of its recipe, and loaded from there by the next run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.build.engine import Engine, EngineError

RECIPE_VERSION = "1"
SUITE = "bookworm"

DOCKER_CLEAN = (
    'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb'
    ' /var/cache/apt/*.bin || true"; };\n'
    'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb'
    ' /var/cache/apt/*.bin || true"; };\n'
    "\n"
    'Dir::Cache::pkgcache "";\n'
    'Dir::Cache::srcpkgcache "";\n'
)
# The maven stand-in's global settings: every repository not on 127.0.0.1 or localhost (Maven's
# ``external:*``) is mirrored to a port where nothing listens, so a build that reads no settings of its
# own fails at once instead of asking Maven Central (not reachable here, and never to be contacted).
# A pair's pom.xml or settings.xml names its local repository on 127.0.0.1, which passes.
MAVEN_NOWHERE = (
    '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n'
    "  <mirrors><mirror><id>nowhere</id><mirrorOf>external:*</mirrorOf><url>http://127.0.0.1:9/</url></mirror></mirrors>\n"
    "</settings>\n"
)
OFFICIAL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def cache_folder() -> Path:
    """``$DOCKERLS_TEST_CACHE``, else ``${XDG_CACHE_HOME:-$HOME/.cache}/dockerls-tests``."""
    configured = os.environ.get("DOCKERLS_TEST_CACHE")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "dockerls-tests"


# --- this machine's Debian sources ---------------------------------------------


def debian_sources(directory: Path = Path("/etc/apt/sources.list.d"), main_list: Path = Path("/etc/apt/sources.list")):
    """The deb822 stanzas (or one-line entries) of this machine's apt sources for the suite, as text,
    and the mirror of the suite itself. Other repositories (third-party ones) are left out."""
    stanzas: list[str] = []
    mirror: str | None = None
    for path in sorted(directory.glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", path.read_text()):
            fields = _deb822(stanza)
            suites = fields.get("Suites", "").split()
            if "deb" not in fields.get("Types", "").split() or not suites:
                continue
            if not all(suite == SUITE or suite.startswith(SUITE + "-") for suite in suites):
                continue
            kept = [line for line in stanza.strip().splitlines() if not line.lstrip().startswith("#")]
            stanzas.append("\n".join(kept))
            if SUITE in suites and mirror is None:
                mirror = fields.get("URIs", "").split()[0]
    lines: list[str] = []
    for path in [main_list, *sorted(directory.glob("*.list"))]:
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            words = line.split("#", 1)[0].split()
            if len(words) >= 3 and words[0] == "deb" and not words[1].startswith("["):
                if words[2] == SUITE or words[2].startswith(SUITE + "-"):
                    lines.append(" ".join(words))
                    if words[2] == SUITE and mirror is None:
                        mirror = words[1]
    if mirror is None:
        raise EngineError(f"no apt source for Debian {SUITE} in {directory} or {main_list}")
    text = "\n\n".join(stanzas) + "\n" if stanzas else ""
    return text, "\n".join(lines) + "\n" if lines else "", mirror


def _deb822(stanza: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in stanza.splitlines():
        if line.lstrip().startswith("#") or ":" not in line or line[:1].isspace():
            continue
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


# --- recipes -------------------------------------------------------------------


@dataclass
class Base:
    """One base image: how it is made (``dockerfile`` FROM the debian image, or
    debootstrap for the debian image itself) and the names it is tagged with."""

    name: str
    tags: tuple[str, ...]
    dockerfile: str = ""
    depends: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)

    def recipe(self, bases: dict[str, "Base"], environment: str) -> str:
        parents = "".join(bases[name].recipe(bases, environment) for name in self.depends)
        return f"{RECIPE_VERSION}\n{parents}\n{self.name}\n{self.tags}\n{self.dockerfile}\n{self.files}\n{environment}"


def standard_bases(front_url: str) -> dict[str, Base]:
    """The base images, with pip and npm pointed at the caching front ``front_url``."""
    pypi = f"{front_url}/pypi/simple/"
    npm = f"{front_url}/npm/"
    apt_install = (
        "RUN apt-get update && apt-get install -y --no-install-recommends {packages} "
        "&& rm -rf /var/lib/apt/lists/*\n"
    )
    python = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="python3 python3-pip python3-venv python-is-python3")
        + "RUN rm -f /usr/lib/python3.*/EXTERNALLY-MANAGED\n"
        f"ENV LANG=C.UTF-8 PIP_INDEX_URL={pypi} PIP_TRUSTED_HOST=127.0.0.1 UV_DEFAULT_INDEX={pypi}\n"
        'CMD ["python3"]\n'
    )
    rust = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="cargo rustc gcc libc6-dev")
        + "ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo "
        f"PATH=/usr/local/cargo/bin:{OFFICIAL_PATH}\n"
        "RUN mkdir -p /usr/local/cargo/bin /usr/local/rustup && chmod -R a+w /usr/local/cargo /usr/local/rustup\n"
    )
    node = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="nodejs npm yarnpkg")
        + "RUN ln -s /usr/bin/yarnpkg /usr/local/bin/yarn "
        "&& groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node\n"
        f"ENV npm_config_registry={npm} YARN_REGISTRY={npm}\n"
        'CMD ["node"]\n'
    )
    golang = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="golang-go gcc libc6-dev")
        + f"ENV GOPATH=/go PATH=/go/bin:/usr/lib/go/bin:{OFFICIAL_PATH} GOTOOLCHAIN=local GOPROXY=off\n"
        'RUN mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"\n'
        "WORKDIR /go\n"
    )
    maven = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="default-jdk-headless maven")
        + "COPY settings.xml /etc/maven/settings.xml\n"
        + "ENV MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2 JAVA_HOME=/usr/lib/jvm/default-java\n"
        'CMD ["mvn"]\n'
    )
    gradle = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="default-jdk-headless gradle")
        + "RUN groupadd --system --gid 1000 gradle "
        "&& useradd --system --gid gradle --uid 1000 --shell /bin/bash --create-home gradle "
        "&& mkdir /home/gradle/.gradle && chown --recursive gradle:gradle /home/gradle "
        "&& ln -s /home/gradle/.gradle /root/.gradle\n"
        "ENV GRADLE_HOME=/usr/share/gradle JAVA_HOME=/usr/lib/jvm/default-java\n"
        "WORKDIR /home/gradle\n"
        'CMD ["gradle"]\n'
    )
    return {
        "debian": Base(
            "debian",
            ("debian:bookworm", "debian:bookworm-slim", "debian:stable-slim", "debian:stable", "debian:12",
             "debian:latest", "debian"),
        ),
        "python": Base(
            "python",
            ("python:3.12-bookworm", "python:3.12-slim", "python:3.12-slim-bookworm", "python:3.12",
             "python:3.11-slim", "python:3.11", "python:3-slim", "python"),
            python, ("debian",),
        ),
        "rust": Base(
            "rust",
            ("rust:1.81.0-slim", "rust:1.81.0", "rust:1.81", "rust:1-bookworm", "rust:slim", "rust:latest", "rust"),
            rust, ("debian",),
        ),
        "node": Base("node", ("node:20-bookworm", "node:20", "node:20-slim", "node:lts", "node"), node, ("debian",)),
        "golang": Base("golang", ("golang:1.22-bookworm", "golang:1.22", "golang"), golang, ("debian",)),
        "maven": Base(
            "maven", ("maven:3.8-openjdk-17", "maven:3.8", "maven:3", "maven"), maven, ("debian",),
            files={"settings.xml": MAVEN_NOWHERE},
        ),
        "gradle": Base("gradle", ("gradle:4.4-jdk17", "gradle:4.4", "gradle"), gradle, ("debian",)),
        **php_ruby_bases(apt_install),
        "bun": bun_base(npm),
    }


def php_ruby_bases(apt_install: str) -> dict[str, Base]:
    """Stand-ins for the official ``composer`` and ``ruby`` images, from Debian's packages.

    Facts mirrored (the ones the caches depend on): the ``composer`` image runs as root with
    ``COMPOSER_HOME=/tmp`` (so its cache is ``/tmp/cache``), ``COMPOSER_ALLOW_SUPERUSER=1`` and
    ``WORKDIR /app``; the ``ruby`` image sets ``GEM_HOME=/usr/local/bundle`` (mode 1777),
    ``BUNDLE_SILENCE_ROOT_WARNING=1``, ``BUNDLE_APP_CONFIG=$GEM_HOME``, puts ``$GEM_HOME/bin``
    first on PATH, sets no ``BUNDLE_PATH`` and runs as root. Debian bookworm has Composer 2.5,
    Ruby 3.1 and Bundler 2.3 where the images have newer ones; the repositories they read are
    local (:mod:`tests.build.localrepo`), never the public ones."""
    composer = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="composer php-cli php-zip unzip")
        + "ENV COMPOSER_HOME=/tmp COMPOSER_ALLOW_SUPERUSER=1\n"
        "WORKDIR /app\n"
        'CMD ["composer"]\n'
    )
    ruby = (
        "FROM debian:bookworm\n"
        + apt_install.format(packages="ruby ruby-bundler")
        + "ENV LANG=C.UTF-8 GEM_HOME=/usr/local/bundle BUNDLE_SILENCE_ROOT_WARNING=1 "
        f"BUNDLE_APP_CONFIG=/usr/local/bundle PATH=/usr/local/bundle/bin:{OFFICIAL_PATH}\n"
        'RUN mkdir -p "$GEM_HOME" && chmod 1777 "$GEM_HOME"\n'
        'CMD ["irb"]\n'
    )
    return {
        "composer": Base("composer", ("composer:2", "composer:latest", "composer"), composer, ("debian",)),
        "ruby": Base("ruby", ("ruby:3.1-bookworm", "ruby:3.1", "ruby:3", "ruby"), ruby, ("debian",)),
    }


BUN_VERSION = "1.4.5"


def bun_base(npm: str) -> Base:
    """A stand-in for the official ``oven/bun`` image (its Debian tags).

    Debian does not package bun. Its release binary is also published on the npm registry,
    as the per-platform package the ``bun`` package depends on; the official image installs
    the ``x64-baseline`` build on amd64, and so does this one: ``npm pack`` in a stage FROM
    the node stand-in fetches it through the caching front, nothing runs its install script.
    Facts mirrored (the ones bun's cache depends on): the binary is ``/usr/local/bin/bun``
    (``bunx`` a link to it, ``node`` one on the end of PATH), the image runs as root (so
    bun's install cache is ``/root/.bun/install/cache``: neither ``BUN_INSTALL`` nor
    ``BUN_INSTALL_CACHE_DIR`` is set), ``BUN_INSTALL_BIN=/usr/local/bin``,
    ``BUN_RUNTIME_TRANSPILER_CACHE_PATH=0``, user ``bun`` (uid/gid 1000, home ``/home/bun``,
    shell ``/bin/sh``) and ``WORKDIR /home/bun/app``. Not mirrored: the entrypoint script
    (builds do not run it). Added: ``BUN_CONFIG_REGISTRY``, the front, as the node stand-in
    sets npm's registry; it moves no cache."""
    package = "@oven/bun-linux-x64-baseline"
    tarball = f"oven-bun-linux-x64-baseline-{BUN_VERSION}.tgz"
    dockerfile = (
        "FROM node:20 AS fetch\n"
        f"RUN cd /tmp && npm pack --silent {package}@{BUN_VERSION} && tar -xzf {tarball} "
        "&& test -x /tmp/package/bin/bun\n"
        "FROM debian:bookworm\n"
        "COPY --from=fetch /tmp/package/bin/bun /usr/local/bin/bun\n"
        "RUN ln -s /usr/local/bin/bun /usr/local/bin/bunx && mkdir /usr/local/bun-node-fallback-bin "
        "&& ln -s /usr/local/bin/bun /usr/local/bun-node-fallback-bin/node "
        "&& groupadd --gid 1000 bun && useradd --uid 1000 --gid bun --shell /bin/sh --create-home bun "
        "&& bun --version\n"
        f"ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0 BUN_INSTALL_BIN=/usr/local/bin BUN_CONFIG_REGISTRY={npm} "
        f"PATH={OFFICIAL_PATH}:/usr/local/bun-node-fallback-bin\n"
        "WORKDIR /home/bun/app\n"
        'CMD ["/usr/local/bin/bun"]\n'
    )
    tags = ("oven/bun:1", "oven/bun:1-debian", "oven/bun:1-slim", "oven/bun:1.4", f"oven/bun:{BUN_VERSION}",
            "oven/bun:debian", "oven/bun:slim", "oven/bun:latest", "oven/bun")
    return Base("bun", tags, dockerfile, ("debian", "node"))


def known_tags(bases: dict[str, Base]) -> set[str]:
    return {tag for base in bases.values() for tag in base.tags}


# --- making and loading them -------------------------------------------------------


@dataclass
class BaseReport:
    name: str
    source: str  # "cache" or "built"
    seconds: float


class BaseImages:
    """Loads every base image into an engine, from the cache folder or by building it."""

    def __init__(self, engine: Engine, bases: dict[str, Base], cache: Path | None = None) -> None:
        self.engine = engine
        self.bases = bases
        self.cache = (cache or cache_folder()) / "images"
        self.sources, self.source_lines, self.mirror = debian_sources()
        self.reports: list[BaseReport] = []

    def environment(self) -> str:
        return f"{self.mirror}\n{self.sources}\n{self.source_lines}\n{DOCKER_CLEAN}"

    def key(self, base: Base) -> str:
        return hashlib.sha256(base.recipe(self.bases, self.environment()).encode()).hexdigest()[:16]

    def tarball(self, base: Base) -> Path:
        return self.cache / f"{base.name}-{self.key(base)}.tar"

    def ensure(self, names: tuple[str, ...] | None = None) -> None:
        for name in names or tuple(self.bases):
            self._ensure(self.bases[name])

    def ensure_for(self, images: set[str]) -> None:
        """Load (or make) the bases that provide ``images``; an unknown image is an error."""
        for image in sorted(images):
            owner = next((base for base in self.bases.values() if image in base.tags), None)
            if owner is None:
                raise EngineError(f"FROM {image}: no stand-in image has this name (tests/build/bases.py)")
            self._ensure(owner)

    def _ensure(self, base: Base) -> None:
        if self.engine.has_image(base.tags[0]):
            return
        started = time.monotonic()
        tarball = self.tarball(base)
        if tarball.is_file():
            self.engine.docker("load", "--input", str(tarball))
            if all(self.engine.has_image(tag) for tag in base.tags):
                self.reports.append(BaseReport(base.name, "cache", time.monotonic() - started))
                return
        for parent in base.depends:
            self._ensure(self.bases[parent])
        if base.dockerfile:
            self._build(base)
        else:
            self._debootstrap(base)
        for tag in base.tags[1:]:
            self.engine.docker("tag", base.tags[0], tag)
        self._save(base, tarball)
        self.reports.append(BaseReport(base.name, "built", time.monotonic() - started))

    def _build(self, base: Base) -> None:
        with tempfile.TemporaryDirectory(prefix=f"dockerls-base-{base.name}-") as directory:
            context = Path(directory)
            (context / "Dockerfile").write_text(base.dockerfile)
            for name, text in base.files.items():
                (context / name).write_text(text)
            self.engine.build(context / "Dockerfile", context, base.tags[0])

    def _debootstrap(self, base: Base) -> None:
        if shutil.which("debootstrap") is None:
            raise EngineError("debootstrap is missing: install Debian's debootstrap (scripts/test.sh does)")
        with tempfile.TemporaryDirectory(prefix="dockerls-debootstrap-") as directory:
            root = Path(directory) / "root"
            result = subprocess.run(
                ["debootstrap", "--variant=minbase", SUITE, str(root), self.mirror],
                capture_output=True, timeout=1800,
            )
            if result.returncode != 0:
                output = (result.stdout + result.stderr).decode(errors="replace")
                raise EngineError(f"debootstrap failed ({result.returncode}):\n{output[-4000:]}")
            self._look_official(root)
            archive = subprocess.run(["tar", "-C", str(root), "-c", "."], capture_output=True, check=True).stdout
            self.engine.docker(
                "import", "--change", 'CMD ["bash"]', "--change", f"ENV PATH={OFFICIAL_PATH}",
                "-", base.tags[0], input=archive,
            )

    def _look_official(self, root: Path) -> None:
        """What the official image has and a fresh debootstrap has not, or the reverse."""
        apt = root / "etc" / "apt"
        (apt / "sources.list").unlink(missing_ok=True)
        if self.sources:
            (apt / "sources.list.d" / "debian.sources").write_text(self.sources)
        if self.source_lines:
            (apt / "sources.list").write_text(self.source_lines)
        (apt / "apt.conf.d" / "docker-clean").write_text(DOCKER_CLEAN)
        for pattern in ("var/lib/apt/lists/*", "var/cache/apt/archives/*.deb", "var/cache/apt/*.bin"):
            for path in root.glob(pattern):
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()

    def _save(self, base: Base, tarball: Path) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        for stale in self.cache.glob(f"{base.name}-*.tar"):
            stale.unlink()
        partial = tarball.with_suffix(".tar.partial")
        self.engine.docker("save", "--output", str(partial), *base.tags)
        partial.rename(tarball)
