"""xx1, the other way round: a RUN whose cache mount is in place empties it again.

``composer clear-cache``, ``npm cache clean``, ``dnf clean all`` or an ``rm`` of what lies in
the mounted directory were there to keep the cache out of the image; under a cache mount they
only make every build start from an empty cache (and an ``rm`` of the mount point itself fails).
The cleanups are the profile's (``Profile.cleanups``), found by the same reader the fix of a
missing mount uses (``fixes.pointless_cleanups``); dropping them leaves the image as it was,
since the mount already keeps the cache out of it.
"""

from __future__ import annotations

from typing import Iterator

from dockerls.analysis.caches import covering_cache
from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Finding
from dockerls.core.rule import Rule
from dockerls.profiles import BY_NAME
from dockerls.rules.managers.analysis import analyse
from dockerls.rules.managers.cache import cache_location
from dockerls.rules.managers.fixes import pointless_cleanups
from dockerls.rules.managers.violations import CacheEmptied
from dockerls.rules.managers.wording import TOOL_LABEL, enabled


def cache_emptied(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context):
        return
    document = context.document
    profile = BY_NAME[tool]
    for instruction, installs in analyse(document, context.build_context).installs_of(tool).items():
        targets: list[str] = []
        for install in installs:
            location = cache_location(document, install, context.build_context)
            if not location.targets or any(covering_cache(instruction, target) is None for target in location.targets):
                targets = []  # a cache left unmounted: a cleanup may be what keeps it out of the image
                break
            targets.extend(target for target in location.targets if target not in targets)
        removal = pointless_cleanups(document, instruction, profile, targets) if targets else None
        if removal is None or not removal.spans:
            continue
        words = tuple(dict.fromkeys(" ".join(document.text[span.start : span.end].split()) for span in removal.spans))
        violation = CacheEmptied(TOOL_LABEL[tool], words, removal.leaves)
        applicability = Applicability.UNSAFE if removal.leaves else Applicability.SAFE
        yield rule.finding(violation, removal.spans[0], violation.fix(removal.edits, applicability), unnecessary=removal.spans)
