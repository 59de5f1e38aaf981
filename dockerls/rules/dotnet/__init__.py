"""NUG: NuGet as `dotnet restore` and the commands that restore implicitly, on the profiles."""

from dockerls.rules.dotnet import nuget

RULES = nuget.RULES
