"""The ``dockerls`` command line. Imports stay lazy so ``dockerls check`` starts fast
and never loads the language-server stack (pygls, lsprotocol)."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dockerls", description="Dockerfile linter and language server.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="lint Dockerfiles")
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."])
    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    serve.add_argument("--tcp", action="store_true", help="listen on a TCP socket instead")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=2087)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from dockerls import lsp

        lsp.run(tcp=args.tcp, host=args.host, port=args.port)
        return 0
    return _check(args.paths)


def _check(paths: list[str]) -> int:
    from dockerls.engine import lint

    found = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                text = handle.read()
        except OSError as error:
            print(f"dockerls: {path}: {error.strerror}", file=sys.stderr)
            return 2
        document_lines = None
        for finding in lint(text):
            from dockerls.syntax.lines import LineIndex

            document_lines = document_lines or LineIndex(text)
            row, column = document_lines.position(finding.span.start)
            print(f"{path}:{row + 1}:{column + 1}: {finding.code} {finding.message}")
            found += 1
    return 1 if found else 0
