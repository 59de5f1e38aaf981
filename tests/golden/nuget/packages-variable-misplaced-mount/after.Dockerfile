FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
ENV NUGET_PACKAGES=/nuget
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/nuget dotnet restore
RUN --mount=type=cache,target=/nuget \
    dotnet build --no-restore -c Release

FROM mcr.microsoft.com/dotnet/runtime:8.0
COPY --from=build /src/bin/Release/net8.0 /app
