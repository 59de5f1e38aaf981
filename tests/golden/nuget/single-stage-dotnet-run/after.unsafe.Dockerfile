FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet build
CMD ["dotnet", "run", "--no-build"]
