"""The command-line grammar."""

from __future__ import annotations

import argparse

from dockerls.cli.colors import AUTO, CHOICES

FORMATS = ("text", "json", "github", "sarif")


def _codes(value: str) -> list[str]:
    """``--select APT001,PIP`` → ["APT001", "PIP"]."""
    return [code.strip() for code in value.split(",") if code.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockerls",
        description="Find package-manager steps in Dockerfiles that BuildKit cache and bind mounts do better, "
        "and rewrite them.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _check(commands.add_parser("check", help="lint (and fix) Dockerfiles", description="Lint (and fix) Dockerfiles."))
    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over stdin and stdout (the default)")
    serve.add_argument("--tcp", action="store_true", help="listen on a TCP socket instead")
    serve.add_argument("--host", default="127.0.0.1", help="TCP host (default: %(default)s)")
    serve.add_argument("--port", type=int, default=2087, help="TCP port (default: %(default)s)")
    rule = commands.add_parser("rule", help="print a rule's documentation (Markdown)")
    rule.add_argument("code", metavar="CODE")
    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--output-format", choices=("text", "json"), default="text")
    commands.add_parser("version", help="print the version")
    return parser


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, or directories searched for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile and "
        "Containerfile.*; '-' reads standard input (default: .)",
    )
    fixing = check.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply fixes and report what remains")
    fixing.add_argument(
        "--unsafe-fixes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also apply (and mark) fixes that may change the image",
    )
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what --fix would change, write nothing; "
        "exit 1 when there is a change (as ruff does)",
    )
    output = check.add_argument_group("output")
    output.add_argument("--output-format", choices=FORMATS, default="text")
    output.add_argument(
        "--color",
        choices=CHOICES,
        default=AUTO,
        help="colour the text report: auto (default: on a terminal, unless NO_COLOR is set; FORCE_COLOR "
        "forces it), always or never",
    )
    output.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    inputs = check.add_argument_group("input")
    inputs.add_argument("--stdin-filename", metavar="PATH", help="the name standard input is reported under")
    inputs.add_argument(
        "--context",
        metavar="DIR",
        help="the build context (default: each Dockerfile's directory; none for standard input)",
    )
    rules = check.add_argument_group("rule selection (codes or prefixes, comma-separated)")
    rules.add_argument("--select", type=_codes, action="extend", metavar="CODES", help="check only these")
    rules.add_argument("--ignore", type=_codes, action="extend", metavar="CODES", help="do not check these")
    rules.add_argument("--extend-select", type=_codes, action="extend", metavar="CODES", help="check these too")
    config = check.add_argument_group("configuration").add_mutually_exclusive_group()
    config.add_argument("--config", metavar="FILE", help="use this config file for every Dockerfile")
    config.add_argument("--isolated", action="store_true", help="ignore all config files")
