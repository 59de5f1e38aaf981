"""NuGet as .NET's ``dotnet`` CLI runs it: restore and the commands that restore implicitly.

Sources: NuGet's documentation, "Managing the global packages, cache, and temp folders"
(global-packages ``~/.nuget/packages`` on Linux, overridden by ``NUGET_PACKAGES``,
``globalPackagesFolder`` in a NuGet.Config or the ``RestorePackagesPath`` MSBuild property;
"Projects using the PackageReference format always use packages directly from this
folder"; the http-cache ``~/.local/share/NuGet/v3-cache`` is consulted only when a package
is missing there); ``dotnet restore`` (``--packages``, ``--locked-mode``, ``--no-cache``
and ``--no-http-cache`` skip the http-cache only); ``dotnet build``/``publish``/``test``/
``pack``/``run`` restore implicitly unless ``--no-restore``; ``dotnet nuget locals
--clear``; the ``mcr.microsoft.com/dotnet/sdk`` images run as root with HOME=/root.
"""

from __future__ import annotations

from dockerls.profiles.profile import CacheDir, ConfigFile, Profile, Subcommand

_BUILDING = ("build", "publish", "test", "pack", "run")

NUGET = Profile(
    name="nuget",
    label="NuGet",
    family="NUG",
    programs=frozenset({"dotnet"}),
    subcommands=(
        # restore reads the project it is given; with --locked-mode it never writes packages.lock.json.
        Subcommand(("restore",), positional_files=True, project_files=("packages.lock.json",), bind_needs=("locked-mode",)),
        *(Subcommand((word,), reads_only=("no-restore",)) for word in _BUILDING),
    ),
    valued={
        "--packages": "packages", "-s": "source", "--source": "source", "--configfile": "configfile",
        "-r": "runtime", "--runtime": "runtime", "-c": "configuration", "--configuration": "configuration",
        "-o": "output", "--output": "output", "-f": "framework", "--framework": "framework",
        "-v": "verbosity", "--verbosity": "verbosity", "-a": "arch", "--arch": "arch", "--os": "os",
        "--lock-file-path": "lock-file-path", "--artifacts-path": "artifacts-path", "--version-suffix": "version-suffix",
        "-l": "logger", "--logger": "logger", "-s:": "source", "--settings": "settings", "--filter": "filter",
        "--results-directory": "results-directory", "--property": "property",
    },
    caches=(
        CacheDir(
            "global packages", option="packages", variables=("NUGET_PACKAGES",), home_path=".nuget/packages",
            source="NuGet docs, Managing the global packages folder: ~/.nuget/packages; NUGET_PACKAGES; dotnet restore --packages",
        ),
    ),
    # `locals global-packages --clear` empties the mounted folder only; `locals all --clear` also the
    # http-cache, temp and plugins-cache, which then stay in the image; the others leave the mount alone.
    cleanups=(("nuget", "locals", "global-packages"), ("nuget", "locals", "all")),
    cleanups_beyond=(
        (("nuget", "locals", "all"), "the http-cache, temp and plugins-cache folders that `locals all --clear` also emptied stay in the image"),
    ),
    config_options=("configfile",),
    config_files=(
        ConfigFile("nuget.config", r"globalPackagesFolder"),
        ConfigFile("NuGet.Config", r"globalPackagesFolder"),
        ConfigFile("Directory.Build.props", r"RestorePackagesPath"),
    ),
    cache_is_install="the restored packages leave the image (~/.nuget/packages): `dotnet run` or `dotnet test` in a container of it would restore them again",
    mount_names=r"nuget",
    sources=(
        ("no-cache", "dotnet restore --no-cache/--no-http-cache skip the http-cache, not the global packages folder"),
        ("readers", "build/publish with --no-restore read the packages restored earlier: they need the mount exactly "
                    "when the restoring RUN has it"),
        ("locked-mode", "restore rewrites packages.lock.json unless --locked-mode: only then may it be read-only"),
    ),
)
