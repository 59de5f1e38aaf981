"""A problem in a configuration: where it is, which key, and what might have been meant."""

from __future__ import annotations

from typing import Iterable, NamedTuple


class ConfigError(NamedTuple):
    source: str  # the config file's path, or a label such as "editor settings" or "command line"
    key: str | None  # dotted key ("apt.sharing", "severity.APT001"); None for a file-level problem
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}: {self.key}" if self.key else self.source
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.message}{hint}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean …?" hint naming the closest candidate, if one is close enough."""
    import difflib  # only for a mistake: ~50 ms that every start-up would pay otherwise

    candidates = list(candidates)
    folded = word.replace("_", "-")
    if folded != word and folded in candidates:
        return f"did you mean '{folded}'?"
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not matches:
        upper = {candidate.upper(): candidate for candidate in candidates}
        matches = [upper[m] for m in difflib.get_close_matches(word.upper(), list(upper), n=1, cutoff=0.6)]
    return f"did you mean '{matches[0]}'?" if matches else None
