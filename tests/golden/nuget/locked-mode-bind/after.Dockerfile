FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
RUN --mount=type=bind,source=web.csproj,target=web.csproj \
    --mount=type=bind,source=packages.lock.json,target=packages.lock.json \
    --mount=type=cache,target=/root/.nuget/packages \
    dotnet restore --locked-mode web.csproj
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
