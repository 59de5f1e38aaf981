FROM debian:bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
# 日本語のコメント 🐳 — キャッシュを使う
# 中文注释 🚀
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && \
    # 必要なパッケージ 📦
    apt-get install -y --no-install-recommends curl
LABEL description="絵文字 😀 テスト"
