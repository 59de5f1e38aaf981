FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
RUN groupadd -g 1001 dev && useradd -u 1001 -g dev -m dev
USER dev
WORKDIR /home/dev/src
COPY --chown=dev:dev . .
RUN mkdir -p /home/dev/.nuget/packages
RUN --mount=type=cache,target=/home/dev/.nuget/packages,uid=1001,gid=1001 \
    dotnet publish -c Release -o /home/dev/out

FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY --from=build /home/dev/out /app
ENTRYPOINT ["dotnet", "/app/web.dll"]
