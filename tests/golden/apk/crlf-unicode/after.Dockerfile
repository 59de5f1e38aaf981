FROM alpine:3.20
# 日本語のコメント 🐳
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
      apk --cache-dir /var/cache/apk --update-cache add \
      curl
