FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY nuget.config web.csproj ./
RUN dotnet restore web.csproj

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /src /src
