"""GOL: the module and build caches on the generic package-manager rules (profile: ``dockerls.profiles.go.GO``)."""

from __future__ import annotations

from dockerls.profiles import GO
from dockerls.rules.managers.family import manager_rule

GO_CACHE_NOT_MOUNTED = manager_rule("GOL001", "go-cache-not-mounted", "cache-not-mounted", GO, """\
`go build`, `go mod download` and friends run without cache mounts on Go's module and build caches.

## What it does
Reports a RUN whose `go mod download` lacks a `--mount=type=cache` on the module
cache, or whose `go build`, `go install`, `go test`, `go run` or `go vet` lacks one
on the module cache or the build cache. The module cache is `GOMODCACHE`, else
`$GOPATH/pkg/mod` (the first entry of GOPATH), `/go/pkg/mod` in the official
`golang` image, else `~/go/pkg/mod`; the build cache is `GOCACHE`, else
`$XDG_CACHE_HOME/go-build`, else `~/.cache/go-build` (`/root/.cache/go-build` as root).

## Why
Without them every build downloads every module again and recompiles every
package; `go clean -modcache`/`-cache` only keep them out of the image, which a
cache mount does by itself.

## Example
```Dockerfile
FROM golang:1.23
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app ./cmd/app
```
becomes
```Dockerfile
FROM golang:1.23
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    go build -o /usr/local/bin/app ./cmd/app
```

## Fix safety
Safe: the caches never land in the image, and the outputs go where `-o` says.
(An output written inside a cached directory is GOL006's.) The fix removes
`go clean -modcache` and `go clean -cache` in the same RUN. No fix when `GOENV` or an
earlier `go env -w` may move the caches, or when a non-root user's uid is unknown.
Nothing turns Go's caches off: `GOCACHE=off` is an error since Go 1.12.
Build-proven (tests/build/pairs/go-*) against a local module proxy.
""")

GO_FILES_NOT_BIND_MOUNTED = manager_rule("GOL002", "go-mod-files-not-bind-mounted", "files-not-bind-mounted", GO, """\
`go mod download` reads `go.mod`/`go.sum` copied into the image only for it: bind-mount them.

## What it does
Reports `go.mod` and `go.sum` that a COPY naming them brought into the image, when a
Go command after it is what reads them.

## Why
The classic `COPY go.mod go.sum ./` + `RUN go mod download` keeps the download layer
cached until the module files change; a bind mount does the same without a layer
that holds them.

## Example
```Dockerfile
FROM golang:1.23
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
```

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
`go mod download` writes `go.sum` only when lines it needs are missing; with a
read-only bind it then fails instead — as the later `go build` would on the same
missing lines.
""")

GO_FILES_COPY_REMOVABLE = manager_rule("GOL003", "go-mod-files-copy-removable", "copy-removable", GO, """\
A COPY brings `go.mod`/`go.sum` that only `go mod download` reads before `COPY . .` brings them again.

## What it does
Reports the `COPY go.mod go.sum ./` of the classic module-download step when nothing
but Go commands that will bind them read the files before a later COPY brings them back.

## Why
The layer holds two files the next COPY replaces; binding them where
`go mod download` reads them keeps the layer cache keyed on them without the layer.

## Example
```Dockerfile
FROM golang:1.23
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /usr/local/bin/app .
```

## Fix safety
Safe when a later COPY brings the files back and the build context holds them;
unsafe when they would be missing from the final image, or the context is unknown.
""")

GO_CACHE_MOUNT_MISPLACED = manager_rule("GOL005", "go-cache-mount-misplaced", "cache-mount-misplaced", GO, """\
A Go cache mount is not where Go keeps that cache, or belongs to a user Go does not run as.

## What it does
Reports a `--mount=type=cache` meant for Go (its target is a `go-build` or `mod`
directory) that does not cover the module or build cache at that RUN (for example
`/root/go/pkg/mod` in the `golang` image, whose GOPATH is `/go`), and a mount the
RUN's user cannot write.

## Why
Go then downloads and compiles everything again.

## Example
```Dockerfile
FROM golang:1.23
ENV GOCACHE=/cache/go-build
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/go/pkg/mod \\
    go build ./...
```

## Fix safety
Safe: only the cache mount changes.
""")

RULES = (GO_CACHE_NOT_MOUNTED, GO_FILES_NOT_BIND_MOUNTED, GO_FILES_COPY_REMOVABLE, GO_CACHE_MOUNT_MISPLACED)
