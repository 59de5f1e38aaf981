FROM alpine:3.20
# 日本語のコメント 🐳
RUN apk --no-cache add \
      curl
