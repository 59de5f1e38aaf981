FROM mcr.microsoft.com/dotnet/sdk:8.0 AS base
ENV NUGET_PACKAGES=/nuget

FROM base AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/nuget \
    dotnet restore

FROM build AS publish
RUN --mount=type=cache,target=/nuget \
    dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=publish /app /app
