FROM debian:bookworm
# 日本語のコメント 🐳 — キャッシュを使う
# 中文注释 🚀
RUN apt-get update && \
    # 必要なパッケージ 📦
    apt-get install -y --no-install-recommends curl && \
    # 掃除 🧹
    rm -rf /var/lib/apt/lists/*
LABEL description="絵文字 😀 テスト"
