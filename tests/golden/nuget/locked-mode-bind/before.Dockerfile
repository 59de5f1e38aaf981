FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY web.csproj packages.lock.json ./
RUN dotnet restore --locked-mode web.csproj
COPY . .
RUN dotnet publish --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
