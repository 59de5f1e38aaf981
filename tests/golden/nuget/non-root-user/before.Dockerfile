FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
RUN groupadd -g 1001 dev && useradd -u 1001 -g dev -m dev
USER dev
WORKDIR /home/dev/src
COPY --chown=dev:dev . .
RUN dotnet publish -c Release -o /home/dev/out

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /home/dev/out /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
