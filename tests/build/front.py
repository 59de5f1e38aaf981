"""A caching pass-through front on 127.0.0.1 for the Python index and the npm registry.

Responses reach this machine without the HTTP cache headers the index and the
registry normally send, and pip's cache is an HTTP cache: without them it
stores nothing, and a correct pip cache mount would seem to spare nothing.
This front passes requests through and adds the headers back:

- files (wheels, sdists, tarballs): ``Cache-Control: max-age=365000000, immutable, public``;
- project pages and package documents: ``Cache-Control: max-age=600, public``.

Pages are rewritten so that the files they link to are fetched through the
front too (``/files/<host>/<path>``; only hosts such pages named are passed
through). The upstream addresses are read from pip and npm at run time.
Files are also kept on disk between runs, to spare the network, not the
tools: what a tool downloads is decided by the tool's own cache and printed
in its log, whichever way the front answered.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FILE_HEADERS = "max-age=365000000, immutable, public"
PAGE_HEADERS = "max-age=600, public"
DEFAULT_PORT = 38573
# Links to files: ``href="…"`` in HTML project pages, ``"url"`` in JSON ones,
# ``"tarball"`` in npm's package documents. Other URLs (home pages, …) stay as they are.
_FILE_LINK = re.compile(rb'(href="|"url":\s*"|"tarball":\s*")https?://([A-Za-z0-9.-]+(?::\d+)?)/')
_PAGE_TYPES = ("html", "json")


def pip_index_url() -> str:
    """The index pip on this machine installs from (its configuration, else pip's own default)."""
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".index-url"):
            return value.strip().strip("'\"")
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"]
    default = subprocess.run(
        [sys.executable, "-c", "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"],
        capture_output=True, text=True, check=True,
    )
    return default.stdout.strip()


def npm_registry_url() -> str | None:
    """The registry npm on this machine uses, or None without npm."""
    try:
        result = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.startswith("http") else None


def _ssl_context() -> ssl.SSLContext:
    bundle = os.environ.get("SSL_CERT_FILE") or os.environ.get("PIP_CERT") or "/etc/ssl/certs/ca-certificates.crt"
    return ssl.create_default_context(cafile=bundle if os.path.isfile(bundle) else None)


class Front:
    """The server: ``/pypi/simple/…``, ``/npm/…`` and ``/files/<host>/…``, on 127.0.0.1."""

    def __init__(self, store: Path, port: int | None = None, pypi: str | None = None, npm: str | None = None):
        self.port = port or int(os.environ.get("DOCKERLS_TEST_FRONT_PORT", DEFAULT_PORT))
        self.store = store
        self.upstreams = {"pypi/simple": (pypi or pip_index_url()).rstrip("/"), "npm": (npm or npm_registry_url() or "").rstrip("/")}
        self.allowed_hosts = {urlsplit(url).netloc for url in self.upstreams.values() if url}
        self.context = _ssl_context()
        self.pages: dict[tuple[str, str], tuple[int, str, bytes]] = {}
        self.lock = threading.Lock()
        self.files_served: list[str] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                front.handle(self, "GET")

            def do_HEAD(self):  # noqa: N802
                front.handle(self, "HEAD")

            def do_POST(self):  # noqa: N802
                front.handle(self, "POST")

            def log_message(self, format, *args):  # quiet: the tools' logs say what was fetched
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="dockerls-front", daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    # --- requests ---------------------------------------------------------------

    def upstream_url(self, path: str) -> tuple[str | None, bool]:
        """The upstream address of a request path, and whether it is a file (not a page)."""
        for prefix, base in self.upstreams.items():
            if base and (path == f"/{prefix}" or path.startswith(f"/{prefix}/")):
                rest = path[len(prefix) + 1 :]
                return base + rest, prefix == "npm" and "/-/" in rest
        if path.startswith("/files/"):
            host, _, rest = path[len("/files/") :].partition("/")
            if host in self.allowed_hosts:
                return f"https://{host}/{rest}", True
        return None, False

    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url, is_file = self.upstream_url(request.path)
        if url is None:
            self._reply(request, 404, "text/plain", b"not passed through\n", None, method)
            return
        body = None
        if method == "POST":
            body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        accept = request.headers.get("Accept", "*/*")
        try:
            if method == "POST":
                status, kind, content = self._fetch(url, accept, method, body, request.headers)
            elif is_file:
                status, kind, content = self._file(url, accept)
            else:
                status, kind, content = self._page(url, accept)
        except OSError as error:
            self._reply(request, 502, "text/plain", f"upstream failed: {error}\n".encode(), None, method)
            return
        if is_file and status == 200:
            with self.lock:
                self.files_served.append(request.path)
        headers = FILE_HEADERS if is_file else PAGE_HEADERS
        self._reply(request, status, kind, content, headers if status == 200 else None, method)

    def _reply(self, request, status, kind, content, cache_control, method) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(content)))
        if cache_control:
            request.send_header("Cache-Control", cache_control)
            request.send_header("ETag", '"' + hashlib.sha256(content).hexdigest()[:32] + '"')
        request.end_headers()
        if method != "HEAD":
            request.wfile.write(content)

    def _fetch(self, url, accept, method="GET", body=None, headers=None) -> tuple[int, str, bytes]:
        outgoing = {"Accept": accept, "Accept-Encoding": "identity", "User-Agent": "dockerls-tests-front"}
        if headers is not None and headers.get("Content-Type"):
            outgoing["Content-Type"] = headers["Content-Type"]
        request = urllib.request.Request(url, data=body, method=method, headers=outgoing)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=120) as response:
                return response.status, response.headers.get("Content-Type", "application/octet-stream"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", "text/plain"), error.read()

    def _page(self, url: str, accept: str) -> tuple[int, str, bytes]:
        key = (url, accept)
        with self.lock:
            if key in self.pages:
                return self.pages[key]
        status, kind, content = self._fetch(url, accept)
        if status == 200 and any(word in kind for word in _PAGE_TYPES):
            content = self._rewrite(content)
            with self.lock:
                self.pages[key] = (status, kind, content)
        return status, kind, content

    def _rewrite(self, content: bytes) -> bytes:
        """Point absolute links at the front, and allow their hosts."""

        def through_front(match: re.Match) -> bytes:
            host = match.group(2).decode()
            with self.lock:
                self.allowed_hosts.add(host)
            return match.group(1) + f"{self.url}/files/{host}/".encode()

        return _FILE_LINK.sub(through_front, content)

    def _file(self, url: str, accept: str) -> tuple[int, str, bytes]:
        name = hashlib.sha256(url.encode()).hexdigest()
        stored = self.store / name[:2] / name
        if stored.is_file():
            meta = json.loads(stored.with_suffix(".json").read_text())
            return 200, meta["type"], stored.read_bytes()
        status, kind, content = self._fetch(url, accept)
        if status == 200:
            stored.parent.mkdir(parents=True, exist_ok=True)
            partial = stored.with_suffix(f".{threading.get_ident()}.partial")
            partial.write_bytes(content)
            stored.with_suffix(".json").write_text(json.dumps({"url": url, "type": kind}))
            os.replace(partial, stored)
        return status, kind, content
