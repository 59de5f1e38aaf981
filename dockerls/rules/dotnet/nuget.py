"""NUG: NuGet on the generic package-manager rules (profile: ``dockerls.profiles.dotnet.NUGET``)."""

from __future__ import annotations

from dockerls.profiles import NUGET
from dockerls.rules.managers.family import manager_rule

NUGET_CACHE_NOT_MOUNTED = manager_rule("NUG001", "nuget-packages-not-mounted", "cache-not-mounted", NUGET, """\
`dotnet restore` (or a build that restores) runs without a cache mount on NuGet's global packages folder.

## What it does
Reports a RUN whose `dotnet restore`, or `dotnet build`, `publish`, `test`, `pack` or
`run` (which restore first), has no `--mount=type=cache` on NuGet's global packages
folder: `--packages`, then `NUGET_PACKAGES`, then `~/.nuget/packages` of the user the
RUN runs as (`/root/.nuget/packages` in the official SDK images). A command with
`--no-restore` only reads the packages an earlier restore left there: it is reported
when that restore has the mount (or gets it), and the two RUNs share one fix.

## Why
Without it every build downloads every package again. `dotnet nuget locals global-packages
--clear` is only there to keep the packages out of the image, which a cache mount does by
itself; `dotnet nuget locals all --clear` also empties the http-cache, temp and
plugins-cache folders, which no mount keeps out, so dropping it is an unsafe fix that says so.
The folder is also where the packages are installed: a `dotnet publish --no-restore`
after a cached restore finds nothing unless its RUN mounts the same cache.

## Example
```Dockerfile
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY . .
RUN dotnet restore
RUN dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
```
becomes
```Dockerfile
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \\
    dotnet restore
RUN --mount=type=cache,target=/root/.nuget/packages \\
    dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
```

## Fix safety
Safe when the stage is not part of the final image (a build stage whose published
output is copied out): the packages never land in an image that uses them. Unsafe when
it is: the final image loses `~/.nuget/packages`, which `dotnet run` or `dotnet test` in
a container would restore again. A restore and the `--no-restore` commands after it get
the mount together. For a user other than root the mount carries its `uid=`/`gid=` and
the user makes the mount points first; no fix when the Dockerfile does not show them,
or with `--configfile`, or a `nuget.config`/`Directory.Build.props` copied next to the
project that moves the folder (`globalPackagesFolder`, `RestorePackagesPath`).
`--no-cache`/`--no-http-cache` skip only NuGet's HTTP cache, not this folder. Not
build-proven: Microsoft's package feeds and images are not reachable from the build
tier, and Debian does not package the .NET SDK; checked as text against BuildKit's
parser and NuGet's documented behaviour.
""")

NUGET_FILES_NOT_BIND_MOUNTED = manager_rule("NUG002", "nuget-files-not-bind-mounted", "files-not-bind-mounted", NUGET, """\
`dotnet restore --locked-mode` reads a project and its lock file copied into the image only for it.

## What it does
Reports the project file named on `dotnet restore --locked-mode App.csproj` and
`packages.lock.json` when a COPY naming them brought them in for that restore.

## Why
A bind mount gives restore the files without a layer that holds them. Without
`--locked-mode` restore may rewrite `packages.lock.json`: not reported. A `dotnet
restore` that finds its project by itself (no project named) is not reported either:
dockerls does not guess which `*.csproj` it picks.

## Example
```Dockerfile
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY web.csproj packages.lock.json ./
RUN dotnet restore --locked-mode web.csproj
```

## Fix safety
Safe when the build context is known and holds the files; unsafe when it is unknown.
""")

NUGET_FILES_COPY_REMOVABLE = manager_rule("NUG003", "nuget-files-copy-removable", "copy-removable", NUGET, """\
A COPY brings a project and `packages.lock.json` that only `dotnet restore --locked-mode` reads.

## What it does
Reports a COPY of the project file and lock file a locked restore reads when nothing
else reads them before a later COPY brings them back.

## Why
The files sit in a layer of their own for nothing.

## Example
```Dockerfile
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY web.csproj packages.lock.json ./
RUN dotnet restore --locked-mode web.csproj
COPY . .
RUN dotnet publish --no-restore -c Release -o /app
```

## Fix safety
Safe when a later COPY brings the files back and the build context holds them; unsafe
when they would be missing from the final image, or the context is unknown.
""")

NUGET_CACHE_MOUNT_MISPLACED = manager_rule("NUG005", "nuget-packages-mount-misplaced", "cache-mount-misplaced", NUGET, """\
A NuGet cache mount is not on the global packages folder, or belongs to a user dotnet does not run as.

## What it does
Reports a `--mount=type=cache` meant for NuGet (its target names nuget) that does not
cover the global packages folder at that RUN (`/root/.nuget/packages` after `USER app`,
or while `NUGET_PACKAGES` points elsewhere; a mount on `~/.nuget` as a whole is fine),
and a mount on it that the RUN's user cannot write.

## Why
NuGet then installs every package into the image again (or fails when it cannot write).

## Example
```Dockerfile
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
ENV NUGET_PACKAGES=/nuget
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore
```

## Fix safety
Safe: only the cache mount changes. No fix when the Dockerfile does not show the
user's uid or home directory.
""")

RULES = (NUGET_CACHE_NOT_MOUNTED, NUGET_FILES_NOT_BIND_MOUNTED, NUGET_FILES_COPY_REMOVABLE, NUGET_CACHE_MOUNT_MISPLACED)
