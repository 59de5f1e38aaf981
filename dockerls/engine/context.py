"""What a rule is given: the document, the build-context view and its options."""

from __future__ import annotations

from dataclasses import dataclass, field

from dockerls.engine.buildcontext import BuildContext, NO_CONTEXT
from dockerls.engine.options import Options
from dockerls.syntax import Dockerfile


@dataclass(frozen=True, slots=True)
class RuleContext:
    document: Dockerfile
    build_context: BuildContext = NO_CONTEXT
    options: Options = field(default_factory=Options)
