"""The Dockerfiles the server tests open, and what the engine (in process) says about them."""

from __future__ import annotations

import dockerfile
from lsprotocol import types

from dockerls.core.findings import Finding
from tests.linting import lint
from dockerls.rules import BY_CODE

from .lsp_client import example, lsp_range

APT = example("apt.before.Dockerfile")

# CJK and emoji before the fix sites, on the lines the fixes edit.
CJK = (
    "# 日本語のコメント 🐳\n"
    "FROM debian:bookworm\n"
    'LABEL note="キャッシュ 🐳🚀"\n'
    'RUN echo "準備 🎉" && apt-get update && \\\n'
    '    apt-get install -y --no-install-recommends sl && echo "完了 🎉" && \\\n'
    "    rm -rf /var/lib/apt/lists/*\n"
)

# Mounts already there but incomplete, cleanup inside them, a RUN without them: several rules,
# safe and unsafe fixes, and a finding whose whole span is unnecessary.
PARTIAL = (
    "FROM debian:bookworm\n"
    'LABEL description="部分的 🐳"\n'
    "RUN --mount=type=cache,target=/var/cache/apt \\\n"
    "    --mount=type=cache,target=/var/lib/apt \\\n"
    '    echo "🎉" && apt-get update && apt-get install -y curl && apt-get clean\n'
    "RUN apt-get install -y git\n"
)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


DOCUMENTS = {
    "apt": APT,
    "apt-crlf": crlf(APT),
    "cjk": CJK,
    "cjk-crlf": crlf(CJK),
    "partial": PARTIAL,
    "partial-crlf": crlf(PARTIAL),
}


def parses(text: str) -> bool:
    """BuildKit's own parser accepts the text (the oracle every expected output must pass)."""
    dockerfile.parse_string(text)
    return True


def expected_diagnostics(findings: list[Finding], text: str, encoding: str) -> list[tuple]:
    """(code, range, severity, tags) of what the server should publish for these findings."""
    severities = {"error": 1, "warning": 2, "info": 3, "hint": 4}
    expected = []
    for finding in findings:
        tags = [types.DiagnosticTag.Unnecessary] if finding.span in finding.unnecessary else None
        expected.append(
            (finding.code, lsp_range(text, *finding.span, encoding), severities[finding.severity.value], tags)
        )
        for span in dict.fromkeys(finding.unnecessary):
            if span != finding.span:
                expected.append((finding.code, lsp_range(text, *span, encoding), 4, [types.DiagnosticTag.Unnecessary]))
    return expected


def published_diagnostics(diagnostics) -> list[tuple]:
    return [(d.code, d.range, int(d.severity), list(d.tags) if d.tags else None) for d in diagnostics]


def apt_findings(text: str) -> list[Finding]:
    """The engine's findings; the tests are about real apt findings, so there must be some with fixes."""
    findings = lint(text)
    assert any(f.code.startswith("APT") and f.fix is not None for f in findings), findings
    return findings


def rule_url(code: str) -> str:
    return BY_CODE[code].url
