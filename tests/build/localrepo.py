"""Local package repositories on loopback: a static directory over HTTP, with a request log.

The public repositories of Maven, Gradle, Composer, RubyGems and Go modules are not
reachable from these machines, and must not be contacted. A pair that needs one
gets a stand-in: a directory served on ``127.0.0.1`` (an ephemeral port) for the
time of the pair, which logs every request. The download counting reads that
log (:func:`tests.build.downloads.downloads`, key ``local-<filler>``): what the
second build of the after file fetched again is what its cache did not spare.

A pair declares it in its ``pair.toml``::

    [local_repository]
    fill = "maven"        # which filler (FILLERS) makes the directory's content

The pair's context files may carry ``@LOCALREPO@`` (replaced by the server's
URL, without a trailing slash, as ``@FRONT@`` is by the front's), and every
build of the pair gets it as the build argument ``DOCKERLS_LOCAL_REPOSITORY``.

Fillers (add one per manager):

- ``maven``: the Maven repository Debian installs under ``/usr/share/maven-repo``
  with the packages in :data:`MAVEN_PACKAGES` (Maven plugins and the libraries
  they need), symlinks resolved. It is made once by a build FROM the debian
  stand-in and kept in the test cache folder, keyed by its recipe;
- ``directory``: the pair's own ``repository/`` folder, as it is;
- ``rubygems``, ``composer``: a gem repository (``gem generate_index``) and a Composer
  repository (``packages.json`` and zip archives) of two tiny packages, one needing the
  other (:mod:`tests.build.localrepo_php_ruby`);
- ``goproxy``: a Go module proxy (the GOPROXY protocol's static files) of two tiny modules,
  one needing the other (:mod:`tests.build.localrepo_go`); the pairs' ``go.sum`` carry their hashes.
- ``cargo``: a cargo registry of two tiny crates, one needing the other: ``.crate`` files
  and a git index (:mod:`tests.build.localrepo_cargo`).

A directory ``<name>.git`` in the served directory is a git repository, served by git's
smart HTTP (``git http-backend``): cargo's git index is fetched that way.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

from tests.build import localrepo_go as go
from tests.build import localrepo_cargo as cargo
from tests.build import localrepo_php_ruby as php_ruby

PLACEHOLDER = "@LOCALREPO@"
BUILD_ARG = "DOCKERLS_LOCAL_REPOSITORY"


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    status: int


class LocalRepository:
    """A static directory served on 127.0.0.1, every request logged."""

    def __init__(self, directory: Path, name: str = "local", index: tuple[str, ...] = (), rewrite: tuple[str, ...] = ()) -> None:
        self.directory = Path(directory)
        self.name = name
        # Index files (regexes of their paths) that tools ask for on every run by design, as apt
        # its lists: counted apart from the downloads (rubygems' specs.4.8.gz, composer's packages.json).
        self.index = tuple(re.compile(pattern) for pattern in index)
        # Files (by suffix) whose @LOCALREPO@ is replaced by the URL when served: a repository's
        # metadata names its archives by absolute URL, and the port is known only once it serves.
        self.rewrite = rewrite
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the local repository is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def files_served(self) -> list[str]:
        """The paths of the files sent whole (GET, status 200), in order: the downloads (index files apart)."""
        return [path for path in self._sent() if not self._is_index(path)]

    @property
    def index_served(self) -> list[str]:
        """The index files sent whole, in order."""
        return [path for path in self._sent() if self._is_index(path)]

    def _sent(self) -> list[str]:
        with self._lock:
            return [request.path for request in self.requests if request.method == "GET" and request.status == 200]

    def _is_git(self, path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return first.endswith(".git") and (self.directory / first).is_dir()

    def _is_index(self, path: str) -> bool:
        return any(pattern.search(path.lstrip("/")) for pattern in self.index)

    def start(self) -> None:
        repository = self

        class Handler(SimpleHTTPRequestHandler):
            def log_request(self, code="-", size="-"):  # the log the download counting reads
                with repository._lock:
                    repository.requests.append(Request(self.command, self.path.split("?", 1)[0], int(code)))

            def log_message(self, format, *args):  # quiet: the tools' logs say what they fetched
                pass

            def do_GET(self):
                if repository._is_git(self.path):
                    return self._git()
                return super().do_GET()

            def do_POST(self):
                if repository._is_git(self.path):
                    return self._git()
                self.send_error(405)

            def _git(self):
                """git's smart HTTP, by ``git http-backend`` run as CGI."""
                path, _, query = self.path.partition("?")
                body = self._request_body()
                environment = {
                    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "GIT_PROJECT_ROOT": str(repository.directory),
                    "GIT_HTTP_EXPORT_ALL": "1",
                    "REQUEST_METHOD": self.command,
                    "PATH_INFO": path,
                    "QUERY_STRING": query,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(body)),
                    "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                    "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
                    "REMOTE_ADDR": "127.0.0.1",
                }
                answer = subprocess.run(["git", "http-backend"], input=body, env=environment, capture_output=True)
                status, headers, payload = cgi_response(answer.stdout)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _request_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                    return self.rfile.read(int(self.headers.get("Content-Length") or 0))
                chunks = []
                while size := int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return b"".join(chunks)

            def list_directory(self, path):  # a repository lists nothing: tools must ask for files
                self.send_error(404)
                return None

            def send_head(self):
                path = self.translate_path(self.path)
                if not (repository.rewrite and path.endswith(repository.rewrite) and os.path.isfile(path)):
                    return super().send_head()
                with open(path, encoding="utf-8") as handle:
                    body = handle.read().replace(PLACEHOLDER, repository.url).encode()
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)

        handler = partial(Handler, directory=str(self.directory))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=f"dockerls-{self.name}", daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def cgi_response(output: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """A CGI program's output as status, headers and body (``Status:`` names the status; 200 without it)."""
    end = re.search(rb"\r?\n\r?\n", output)
    head, body = (output[: end.start()], output[end.end() :]) if end else (output, b"")
    status, headers = 200, []
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.lower() == "status":
            status = int(value.split()[0])
        elif name:
            headers.append((name.strip(), value.strip()))
    return status, headers, body


# --- what the directories hold -------------------------------------------------------

# Maven plugins (pinned in the pairs' pom.xml to the versions Debian bookworm has) and what they need.
MAVEN_PACKAGES = (
    "libmaven-resources-plugin-java",
    "libmaven-compiler-plugin-java",
    "libmaven-jar-plugin-java",
    "libmaven-install-plugin-java",
    "libmaven-dependency-plugin-java",
    "libmaven-clean-plugin-java",
    "libmaven-deploy-plugin-java",
    "libmaven-site-plugin-java",
    "libsurefire-java",
    "libcommons-lang3-java",
    "junit4",
)


@dataclass(frozen=True)
class Filler:
    """How a repository's content is made: ``make(directory, tools)`` fills ``directory``.
    ``recipe`` keys what is kept in the cache folder (None: made again for every pair)."""

    make: Callable[[Path, "FillTools"], None]
    recipe: str | None = None
    index: tuple[str, ...] = ()  # see LocalRepository.index
    rewrite: tuple[str, ...] = ()  # see LocalRepository.rewrite
    # What the directory needs once it is served and its URL known, ``publish(directory, url)``
    # (only with ``recipe`` None: the directory is the pair's own, not the cache folder's).
    publish: Callable[[Path, str], None] | None = None


@dataclass
class FillTools:
    """What a filler may use: the engine, the base images and the pair's directory."""

    engine: object
    bases: object
    pair_directory: Path | None


def _debian_tree(packages: tuple[str, ...], tree: str) -> str:
    """A Dockerfile whose output (``docker build -o type=local``) is ``tree`` of Debian's ``packages``, symlinks resolved."""
    return (
        "FROM debian:bookworm AS packages\n"
        f"RUN apt-get update && apt-get install -y --no-install-recommends {' '.join(packages)} "
        f"&& cp -rL {tree} /export\n"
        "FROM scratch\n"
        "COPY --from=packages /export /\n"
    )


def _fill_from_debian(packages: tuple[str, ...], tree: str) -> Callable[[Path, FillTools], None]:
    def make(directory: Path, tools: FillTools) -> None:
        tools.bases.ensure(("debian",))
        with tempfile.TemporaryDirectory(prefix="dockerls-localrepo-") as scratch:
            dockerfile = Path(scratch) / "Dockerfile"
            dockerfile.write_text(_debian_tree(packages, tree))
            tools.engine.docker(
                "build", "--network=host", "-f", str(dockerfile), "-o", f"type=local,dest={directory}", scratch
            )

    return make


def _fill_from_pair(directory: Path, tools: FillTools) -> None:
    source = (tools.pair_directory or Path("/nonexistent")) / "repository"
    if not source.is_dir():
        raise FileNotFoundError(f"fill = 'directory' needs {source}")
    shutil.copytree(source, directory, dirs_exist_ok=True)


FILLERS: dict[str, Filler] = {
    "maven": Filler(
        _fill_from_debian(MAVEN_PACKAGES, "/usr/share/maven-repo"),
        _debian_tree(MAVEN_PACKAGES, "/usr/share/maven-repo"),
    ),
    "directory": Filler(_fill_from_pair),
    "rubygems": Filler(php_ruby.make_rubygems, php_ruby.RUBYGEMS_RECIPE, php_ruby.RUBYGEMS_INDEX),
    "composer": Filler(php_ruby.make_composer, php_ruby.COMPOSER_RECIPE, php_ruby.COMPOSER_INDEX, (".json",)),
    "goproxy": Filler(go.make_goproxy, go.GOPROXY_RECIPE, go.GOPROXY_INDEX),
    "cargo": Filler(cargo.make_cargo, None, cargo.CARGO_INDEX, publish=cargo.publish_index),
}


class LocalRepositories:
    """The session's fillers, their content kept under ``cache/localrepo/<filler>-<key>``."""

    def __init__(self, cache: Path, tools: FillTools, fillers: dict[str, Filler] | None = None) -> None:
        self.cache = cache / "localrepo"
        self.tools = tools
        self.fillers = FILLERS if fillers is None else fillers

    def content(self, fill: str, pair_directory: Path | None = None) -> Path:
        """The directory ``fill`` makes: from the cache folder when its recipe was made before."""
        if fill not in self.fillers:
            raise KeyError(f"no local repository filler {fill!r} (tests/build/localrepo.py FILLERS)")
        filler = self.fillers[fill]
        tools = FillTools(self.tools.engine, self.tools.bases, pair_directory)
        if filler.recipe is None:
            directory = Path(tempfile.mkdtemp(prefix=f"dockerls-localrepo-{fill}-"))
            try:
                filler.make(directory, tools)
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            return directory
        key = hashlib.sha256(filler.recipe.encode()).hexdigest()[:16]
        directory = self.cache / f"{fill}-{key}"
        if not directory.is_dir():
            partial_directory = self.cache / f"{fill}-{key}.partial"
            shutil.rmtree(partial_directory, ignore_errors=True)
            partial_directory.mkdir(parents=True)
            filler.make(partial_directory, tools)
            partial_directory.rename(directory)
        return directory

    @contextlib.contextmanager
    def serve(self, settings: dict | None, pair_directory: Path | None = None) -> Iterator[LocalRepository | None]:
        """The pair's local repository, started (None when its ``pair.toml`` asks for none)."""
        if not settings:
            yield None
            return
        fill = settings.get("fill", "directory")
        directory = self.content(fill, pair_directory)
        filler = self.fillers[fill]
        repository = LocalRepository(directory, fill, filler.index, filler.rewrite)
        repository.start()
        try:
            if filler.publish is not None:
                filler.publish(directory, repository.url)
            yield repository
        finally:
            repository.stop()
            if self.fillers[fill].recipe is None:  # made for this pair only
                shutil.rmtree(directory, ignore_errors=True)
