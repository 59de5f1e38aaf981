"""What the Go module proxy stand-in holds: two tiny modules, ``dockerls.test/shout``
needing ``dockerls.test/greet``, so that ``go mod download`` resolves and downloads two zips.

The GOPROXY protocol is static files (``go help goproxy``): for each module
``<module>/@v/list`` (its versions), ``<version>.info`` (JSON: version and time),
``<version>.mod`` (its go.mod) and ``<version>.zip`` (its files, each under the
``<module>@<version>/`` prefix). The zips are written here with fixed timestamps, so
their hashes never change: the pairs' ``go.sum`` files carry them (:func:`go_sum`), and
the go command checks every download against them (a wrong line fails the build).

``.dockerls.test`` is a reserved top-level name: these module paths name no real host.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

VERSION = "v1.0.0"
_TIME = (2024, 1, 1, 0, 0, 0)

# module path -> (its go.mod, its Go source files)
MODULES: dict[str, tuple[str, dict[str, str]]] = {
    "dockerls.test/greet": (
        "module dockerls.test/greet\n\ngo 1.19\n",
        {"greet.go": 'package greet\n\n// Hello is what the build tier\'s Go pairs print.\nfunc Hello() string { return "hello" }\n'},
    ),
    "dockerls.test/shout": (
        f"module dockerls.test/shout\n\ngo 1.19\n\nrequire dockerls.test/greet {VERSION}\n",
        {
            "shout.go": 'package shout\n\nimport (\n\t"strings"\n\n\t"dockerls.test/greet"\n)\n\n'
            "// Hello is greet's, louder.\nfunc Hello() string { return strings.ToUpper(greet.Hello()) }\n"
        },
    ),
}

GOPROXY_RECIPE = json.dumps(MODULES, sort_keys=True) + VERSION
# Nothing is asked for on every run: with the module cache kept, the go command asks for nothing.
GOPROXY_INDEX: tuple[str, ...] = ()


def _zip_files(module: str) -> dict[str, bytes]:
    """The module zip's files, by their name in the zip (``<module>@<version>/<file>``)."""
    go_mod, sources = MODULES[module]
    files = {"go.mod": go_mod, **sources}
    return {f"{module}@{VERSION}/{name}": text.encode() for name, text in files.items()}


def hash1(files: dict[str, bytes]) -> str:
    """Go's ``h1:`` hash of a file tree (``golang.org/x/mod/sumdb/dirhash.Hash1``): the SHA-256
    of the lines ``<sha256 hex of the file>  <name>``, names sorted, base64-encoded."""
    summary = "".join(f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()


def go_sum(modules: tuple[str, ...] = tuple(MODULES)) -> str:
    """The ``go.sum`` lines of ``modules``: the hash of each zip's content and of its go.mod."""
    lines = []
    for module in sorted(modules):
        lines.append(f"{module} {VERSION} {hash1(_zip_files(module))}")
        lines.append(f"{module} {VERSION}/go.mod {hash1({'go.mod': MODULES[module][0].encode()})}")
    return "".join(line + "\n" for line in lines)


def make_goproxy(directory: Path, tools) -> None:
    """Write the proxy's files under ``directory`` (no engine needed: ``tools`` is unused)."""
    for module, (go_mod, _) in MODULES.items():
        versions = directory / module / "@v"
        versions.mkdir(parents=True)
        (versions / "list").write_text(VERSION + "\n")
        (versions / f"{VERSION}.info").write_text(json.dumps({"Version": VERSION, "Time": "2024-01-01T00:00:00Z"}) + "\n")
        (versions / f"{VERSION}.mod").write_text(go_mod)
        with zipfile.ZipFile(versions / f"{VERSION}.zip", "w") as archive:
            for name, content in _zip_files(module).items():
                info = zipfile.ZipInfo(name, date_time=_TIME)
                info.external_attr = 0o644 << 16
                archive.writestr(info, content)
