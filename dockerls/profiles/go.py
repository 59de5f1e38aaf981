"""Go: the module cache and the build cache.

Sources: ``go help environment`` and ``go help modules`` (GOMODCACHE defaults to
``$GOPATH/pkg/mod``, the first entry of GOPATH; GOPATH defaults to ``$HOME/go``;
GOCACHE defaults to ``go-build`` in the user cache directory, ``$XDG_CACHE_HOME`` or
``~/.cache``), ``go help clean`` (``-modcache``, ``-cache``), the Go 1.12 release
notes (``GOCACHE=off`` is no longer allowed: nothing turns the cache off), and the
official ``golang`` image (``ENV GOPATH /go``, runs as root).
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, Profile, Subcommand

_MODULE_FILES = ("go.mod", "go.sum")
_BUILDING = ("module cache", "build cache")

GO = Profile(
    name="go",
    label="go",
    family="GOL",
    programs=frozenset({"go"}),
    subcommands=(
        Subcommand(("mod", "download"), caches=("module cache",), project_files=_MODULE_FILES),
        Subcommand(("build",), caches=_BUILDING, project_files=_MODULE_FILES),
        Subcommand(("install",), caches=_BUILDING, project_files=_MODULE_FILES),
        Subcommand(("test",), caches=_BUILDING, project_files=_MODULE_FILES),
        Subcommand(("run",), caches=_BUILDING, project_files=_MODULE_FILES),
        Subcommand(("vet",), caches=_BUILDING, project_files=_MODULE_FILES),
        Subcommand(("generate",), downloads=False),
    ),
    valued={
        "-o": "output", "-C": "dir", "-p": "p", "-tags": "tags", "--tags": "tags", "-ldflags": "ldflags",
        "-gcflags": "gcflags", "-asmflags": "asmflags", "-mod": "mod", "-modfile": "modfile", "-pkgdir": "pkgdir",
        "-overlay": "overlay", "-buildmode": "buildmode", "-compiler": "compiler", "-installsuffix": "installsuffix",
        "-toolexec": "toolexec", "-exec": "exec", "-run": "run", "-bench": "bench", "-count": "count",
        "-timeout": "timeout", "-coverprofile": "coverprofile", "-cpu": "cpu", "-parallel": "parallel",
        "-covermode": "covermode", "-coverpkg": "coverpkg", "-pgo": "pgo",
    },
    project_options=("dir",),
    caches=(
        CacheDir(
            "module cache", variables=("GOMODCACHE",), derived=(("GOPATH", "pkg/mod"),),
            images=(("golang", "/go/pkg/mod"),), home_path="go/pkg/mod",
            source="go help environment: GOMODCACHE, else $GOPATH/pkg/mod (GOPATH defaults to $HOME/go); the golang image sets GOPATH=/go",
        ),
        CacheDir(
            "build cache", variables=("GOCACHE",), xdg="go-build", home_path=".cache/go-build",
            source="go help environment: GOCACHE, else go-build in the user cache directory ($XDG_CACHE_HOME or ~/.cache)",
        ),
    ),
    cleanups=(("clean", "-modcache"), ("clean", "-cache")),
    config_variables=("GOENV",),
    config_commands=(("env", "-w"),),
    mount_names=r"^(mod|go-build|gomod|go-mod|gocache|go-cache|gomodcache)$",
    sources=(
        ("build output", "go build -o and go install write where they are told ($GOBIN, $GOPATH/bin): an output under a "
                         "cache mount is gone for the next instruction, as cargo's target/ is"),
        ("bind", "go mod download reads go.mod and go.sum; with a complete go.sum it writes neither"),
    ),
)
