"""What a build downloaded, per package manager, read from its log.

What counts, per manager:

- ``apt``: the ``Get:`` lines that name a package, its architecture and its
  version (the ``.deb`` downloads). Package lists (``InRelease``,
  ``Packages``, ``Translation``) are not counted: ``apt-get update`` asks the
  mirror about them on every run by design; with the lists cached it gets
  ``Hit:`` instead of ``Get:``, and :func:`apt_lists` counts those apart.
- ``pip``: ``Downloading <file>`` lines (pip prints ``Using cached`` for a cache hit).
- ``cargo``: ``Downloaded <crate> <version>`` lines; ``Compiling`` lines are
  counted apart (``cargo-compile``): a cached ``target/`` spares them.
- ``go``: ``go: downloading <module> <version>`` lines.
- ``front``: the files the caching front on 127.0.0.1 served during the build
  (pip, uv, npm and yarn fetch every wheel and tarball through it), so tools
  that print nothing for a download are counted too.
- ``local-<name>``: the files a local repository on 127.0.0.1 served during the
  build (:mod:`tests.build.localrepo`: Maven, Gradle, Composer, RubyGems stand-ins),
  by their path in the repository.
"""

from __future__ import annotations

import re

_STEP = r"^#\d+ (?:\d+\.\d+ )?"
_APT_PACKAGE = re.compile(_STEP + r"Get:\d+ \S+ \S+ \S+ (\S+) (\S+) (\S+) \[", re.M)
_APT_LIST = re.compile(_STEP + r"(Get|Hit):\d+ \S+ \S+ (?:\S+ )?(?:InRelease|Release|Packages|Translation-\S+)(?: |$)", re.M)
_PIP = re.compile(_STEP + r"\s*Downloading (?!crates \.\.\.)(\S+)", re.M)  # not cargo's "Downloading crates ..."
_CARGO = re.compile(_STEP + r"\s*Downloaded (\S+ v?\S+)", re.M)
_CARGO_COMPILE = re.compile(_STEP + r"\s*Compiling (\S+ v\S+)", re.M)
_GO = re.compile(_STEP + r"go: downloading (\S+ \S+)", re.M)


def downloads(
    log: str, front_files: list[str] | None = None, local_files: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Everything the build fetched (or compiled, for ``cargo-compile``), per manager, in log order.
    ``local_files``: per local repository (its filler's name), the paths it served."""
    found = {
        "apt": [f"{name} {version}" for name, _, version in _APT_PACKAGE.findall(log)],
        "pip": [_pip_file(name) for name in _PIP.findall(log)],
        "cargo": _CARGO.findall(log),
        "cargo-compile": _CARGO_COMPILE.findall(log),
        "go": _GO.findall(log),
    }
    if front_files is not None:
        found["front"] = [path.rsplit("/", 1)[-1] for path in front_files]
    for name, paths in (local_files or {}).items():
        found[f"local-{name}"] = [path.lstrip("/") for path in paths]
    return found


def _pip_file(name: str) -> str:
    """pip prints a file name, or (when it logs the URL) the URL; both come down to the file name."""
    return name.rsplit("/", 1)[-1].split("#", 1)[0]


def apt_lists(log: str) -> dict[str, int]:
    """How many package lists ``apt-get update`` fetched (``Get``) or found unchanged (``Hit``)."""
    counts = {"Get": 0, "Hit": 0}
    for kind in _APT_LIST.findall(log):
        counts[kind] += 1
    return counts


def fetched_again(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per manager, what the second build downloaded that the first one had already fetched."""
    again = {}
    for manager, items in second.items():
        earlier = set(first.get(manager, ()))
        repeated = [item for item in items if item in earlier]
        if repeated:
            again[manager] = repeated
    return again
