"""The RUN that stops Debian and Ubuntu images from deleting apt's downloads.

Those images ship ``/etc/apt/apt.conf.d/docker-clean``, which deletes every
downloaded package after each install: an apt cache mount would stay empty.
One RUN per stage chain removes it (the seed article's shape), placed before
the chain's first RUN that writes apt's caches so that every such RUN after
it keeps its downloads in the mount. On an image without the file the ``rm -f``
does nothing.
"""

from __future__ import annotations

from dockerls.core.context import line_number
from dockerls.core.findings import Edit
from dockerls.core.options import AptOptions
from dockerls.rules.apt.cleanup import ARCHIVES_DIR
from dockerls.analysis.caches import is_covered
from dockerls.rules.apt.facts import DocumentFacts
from dockerls.syntax import Instruction, Trivia
from dockerls.syntax.state import state_of

DOCKER_CLEAN_RUN = (
    "RUN rm -f /etc/apt/apt.conf.d/docker-clean; "
    "echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache"
)


def docker_clean_needed(facts: DocumentFacts, instruction: Instruction, options: AptOptions) -> bool:
    return options.docker_clean and not facts.docker_clean_neutralised(instruction)


def docker_clean_insertion(facts: DocumentFacts, instruction: Instruction) -> Edit | None:
    """The edit adding the docker-clean RUN for ``instruction``'s stage chain.

    Every finding of one chain carries the same edit (same place, same text),
    so the engine applies it once and the others drop it on the next round.
    None when the RUN would not run as root there: ``rm`` in /etc/apt fails.
    """
    document = facts.document
    site = facts.docker_clean_site(instruction)
    if not state_of(site).is_root:
        return None
    offset = _above_leading_comments(facts, site)
    line = document.lines.line_text(document.lines.position(offset)[0])
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return Edit.insert(offset, indent + DOCKER_CLEAN_RUN + document.eol)


def uncached_writers_after(facts: DocumentFacts, site: Instruction) -> list[Instruction]:
    """RUNs that the docker-clean RUN at ``site`` would reach which write apt's
    caches without a mount at /var/cache/apt: they would keep their downloads.

    Every finding of a stage chain asks about the same site: found once per site
    (the list is shared; do not change it)."""
    key = ("uncached writers", site.index)
    if key not in facts.by_site:
        facts.by_site[key] = _uncached_writers_after(facts, site)
    return facts.by_site[key]


def uncached_writer_lines(facts: DocumentFacts, site: Instruction) -> str:
    """The 1-based lines of ``uncached_writers_after(site)``, comma-separated (once per site)."""
    key = ("uncached lines", site.index)
    if key not in facts.by_site:
        document = facts.document
        uncached = uncached_writers_after(facts, site)
        facts.by_site[key] = ", ".join(str(line_number(document, i.span.start)) for i in uncached)
    return facts.by_site[key]


def _uncached_writers_after(facts: DocumentFacts, site: Instruction) -> list[Instruction]:
    document = facts.document
    reached = [i for i in document.stages[site.stage].instructions if i.index >= site.index]
    for stage in facts.subtree(site.stage)[1:]:
        reached.extend(document.stages[stage].instructions)
    uncached = []
    for instruction in reached:
        run = facts.run(instruction)
        if run is not None and run.writes_cache and not is_covered(instruction, ARCHIVES_DIR):
            uncached.append(instruction)
    return uncached


def _above_leading_comments(facts: DocumentFacts, site: Instruction) -> int:
    """The start of the comment lines directly above ``site`` (they belong to it:
    a suppression comment must stay right above its instruction)."""
    items = facts.document.items
    position = facts.item_position(site)
    while position > 0 and isinstance(items[position - 1], Trivia) and items[position - 1].kind == "comment":
        position -= 1
    return items[position].extent.start
