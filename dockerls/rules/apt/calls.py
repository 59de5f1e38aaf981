"""Recognising apt commands in a RUN: which tool, which subcommand, which options.

A call is read off a command site (``dockerls.analysis.sites``): behind the
wrappers every family shares (``sudo``, ``env VAR=…``, ``xargs -r``,
``eatmydata``…), inside ``sh -c``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerls.analysis.sites import CommandSite
from dockerls.profiles import APT
from dockerls.syntax import SimpleCommand, Span

# apt front ends that download into /var/cache/apt and read /var/lib/apt/lists (the profile's programs).
PACKAGE_TOOLS = APT.programs
# Tools that only read what the front ends wrote, or only write auto-install marks.
READ_TOOLS = frozenset({"apt-cache", "apt-mark"})

# Subcommands that write the caches: package downloads, and the lists of `update`.
INSTALLING = frozenset(spec.words[0] for spec in APT.subcommands if spec.caches is None)
CACHE_WRITING = INSTALLING | {"update"}
# Subcommands that work without package lists.
WITHOUT_LISTS = frozenset({"update", "clean", "autoclean", "distclean", "remove", "purge", "autoremove", "autopurge"})

# Options of apt-get/apt/aptitude that take the next word as their value.
_VALUE_OPTIONS = frozenset(
    {"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release", "--default-release", "--host-architecture"}
)


@dataclass(frozen=True, slots=True)
class AptCall:
    site: CommandSite
    command: SimpleCommand
    tool: str  # basename: apt-get, apt, aptitude, apt-cache or apt-mark
    tool_index: int  # index of the tool's word in argv
    subcommand: str | None
    subcommand_index: int | None
    options: tuple[str, ...]  # every option word after the tool

    @property
    def span(self) -> Span:
        """The tool's name through its subcommand: what a finding points at."""
        argv = self.command.argv
        end_index = self.subcommand_index if self.subcommand_index is not None else self.tool_index
        return Span(argv[self.tool_index].span.start, argv[end_index].span.end)

    @property
    def label(self) -> str:
        return f"{self.tool} {self.subcommand}" if self.subcommand else self.tool

    @property
    def writes_cache(self) -> bool:
        return self.tool in PACKAGE_TOOLS and self.subcommand in CACHE_WRITING

    @property
    def installs(self) -> bool:
        return self.tool in PACKAGE_TOOLS and self.subcommand in INSTALLING

    @property
    def is_update(self) -> bool:
        return self.tool in PACKAGE_TOOLS and self.subcommand == "update"

    @property
    def download_only(self) -> bool:
        """``-d``/``--download-only``: the packages are meant to stay in the image."""
        return any(option == "--download-only" or _short_cluster_has(option, "d") for option in self.options)

    @property
    def needs_lists(self) -> bool:
        if self.tool == "apt-cache":
            return True
        return self.tool in PACKAGE_TOOLS and self.subcommand is not None and self.subcommand not in WITHOUT_LISTS

    @property
    def unconditional(self) -> bool:
        """Runs whenever the script reaches it: top level, not after ``||`` or ``&``."""
        return self.site.unconditional


def apt_call(site: CommandSite) -> AptCall | None:
    tool = site.program
    if tool in PACKAGE_TOOLS or tool in READ_TOOLS:
        return _call(site, tool, site.program_index)
    return None


def _call(site: CommandSite, tool: str, tool_index: int) -> AptCall:
    command = site.command
    argv = command.argv
    words = [word.text for word in argv[tool_index + 1 :]]
    if _VALUE_OPTIONS.isdisjoint(words):
        # No option takes the next word (most calls): options and subcommand fall out directly.
        options = tuple(word for word in words if word.startswith("-"))
        first = next((position for position, word in enumerate(words) if not word.startswith("-")), None)
        if first is None:
            return AptCall(site, command, tool, tool_index, None, None, options)
        return AptCall(site, command, tool, tool_index, words[first], tool_index + 1 + first, options)
    options: list[str] = []
    subcommand: str | None = None
    subcommand_index: int | None = None
    index = tool_index + 1
    while index < len(argv):
        text = argv[index].text
        if text.startswith("-"):
            options.append(text)
            if text in _VALUE_OPTIONS:
                index += 1
        elif subcommand is None:
            subcommand, subcommand_index = text, index
        index += 1
    return AptCall(site, command, tool, tool_index, subcommand, subcommand_index, tuple(options))


def _short_cluster_has(option: str, letter: str) -> bool:
    """``-yd`` holds ``-d``; ``-o…`` and long options hold nothing."""
    if not option.startswith("-") or option.startswith("--") or len(option) < 2:
        return False
    cluster = option[1:]
    if not cluster.isalpha() or cluster[0] in "octa":
        return False
    return letter in cluster
