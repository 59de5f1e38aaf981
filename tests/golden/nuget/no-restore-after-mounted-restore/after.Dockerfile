FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet test --no-restore

FROM build AS publish
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=publish /app /app
