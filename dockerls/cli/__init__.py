"""The ``dockerls`` command line.

Imports stay lazy: ``dockerls check`` starts fast and never loads the
language-server stack (pygls, lsprotocol), which only ``dockerls serve`` needs.
"""

from __future__ import annotations

import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 clean, 1 findings, 2 usage or I/O error)."""
    from dockerls.cli.arguments import build_parser

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse exits 2 on a usage error and 0 for --help
        return exit.code if isinstance(exit.code, int) else 2
    if args.version:
        args.command = "version"
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    if args.command == "serve":
        from dockerls import lsp

        return lsp.run(tcp=args.tcp, host=args.host, port=args.port)
    from dockerls.cli import commands
    from dockerls.runtime import tune_gc

    tune_gc()
    try:
        return getattr(commands, args.command)(args)
    except BrokenPipeError:  # `dockerls check … | head`
        sys.stderr.close()
        return 1
