"""Writing mounts by hand: completion, hover and go-to-definition in a RUN's flags.

Pure functions of a parsed document and a code-point offset (``complete``,
``hover``, ``definition``); the language server only converts their answers
to LSP types. They read the package-manager knowledge the rules use
(``caches``), so what the editor proposes is what the rules accept.
"""

from dockerls.authoring.completion import Completion, complete
from dockerls.authoring.definition import definition
from dockerls.authoring.hover import Hover, hover

__all__ = ["Completion", "Hover", "complete", "definition", "hover"]
