"""PIP_NO_CACHE_DIR and UV_NO_CACHE set by ENV or ARG (PIP004, PIP104)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator

from dockerls.core.context import RuleContext
from dockerls.core.findings import Applicability, Edit, Finding
from dockerls.core.rule import Rule
from dockerls.rules.managers.analysis import analyse
from dockerls.analysis.candidates import between
from dockerls.rules.managers.cache import disables_cache
from dockerls.profiles import BY_NAME
from dockerls.rules.managers.edits import delete_instruction
from dockerls.syntax.arguments import argument_words
from dockerls.analysis.invocations import Invocation
from dockerls.profiles import PIP as PIP_PROFILE
from dockerls.analysis.memo import remembered
from dockerls.analysis.stages import stage_tree
from dockerls.rules.managers.violations import CacheTurnedOffByVariable
from dockerls.rules.managers.wording import TOOL_LABEL, enabled, line_of
from dockerls.syntax import Dockerfile, Instruction, Span
from dockerls.syntax.state import state_of



# --- PIP_NO_CACHE_DIR / UV_NO_CACHE set by ENV or ARG --------------------------------


def cache_disabled_by_variable(context: RuleContext, rule: Rule, tool: str) -> Iterator[Finding]:
    if not enabled(context):
        return
    document = context.document
    analysis = analyse(document, context.build_context)
    profile = BY_NAME[tool]
    for off in profile.cache_off_variables:
        variable = off.name
        setters: dict[Instruction, list[Invocation]] = {}
        for install in analysis.installs:
            if install.tool != tool or install.site.variable(variable) is not None or install.site.env_reset:
                continue
            if not disables_cache(install, variable, install.state.lookup(variable)):
                continue
            setter = _setter(document, install.instruction, variable)
            if setter is not None:
                setters.setdefault(setter, []).append(install)
        for setter, installs in setters.items():
            yield _variable_finding(context, rule, tool, setter, variable, installs)


def _setter(document: Dockerfile, instruction: Instruction, variable: str) -> Instruction | None:
    """The ENV or ARG whose value of ``variable`` the RUN sees: the nearest
    earlier one of the stage chain that sets it (ARGs: of the RUN's own stage)."""
    state = state_of(instruction)
    if state is None:
        return None
    keyword = "ENV" if variable in state.env else "ARG"
    tree = stage_tree(document)
    setters = remembered(document, ("variable-setters", keyword, variable), lambda: _setters(document, keyword, variable))
    for position in between(setters, 0, instruction.index, descending=True):
        earlier = document.instructions[position]
        # ARGs do not carry into stages built on a stage
        if not (tree.in_chain(earlier.stage, instruction.stage) if keyword == "ENV" else earlier.stage == instruction.stage):
            continue
        pair = _assignment(document, earlier, variable)
        if pair is None:
            continue
        if keyword == "ARG" and "=" not in pair[0]:
            return remembered(document, ("global-arg", variable), lambda: _global_arg(document, variable))
        return earlier
    return None


def _setters(document: Dockerfile, keyword: str, variable: str) -> list[int]:
    """The ENV (or ARG) instructions of the stages that set ``variable``, in order."""
    return [
        instruction.index
        for instruction in document.instructions
        if instruction.keyword == keyword
        and instruction.stage >= 0
        and variable in instruction.args  # the words are read only where the name can be
        and _assignment(document, instruction, variable) is not None
    ]


def _global_arg(document: Dockerfile, variable: str) -> Instruction | None:
    for instruction in document.instructions:
        if instruction.stage >= 0 and instruction.keyword == "FROM":
            break
        if instruction.keyword == "ARG":
            pair = _assignment(document, instruction, variable)
            if pair is not None and "=" in pair[0]:
                return instruction
    return None


def _assignment(document: Dockerfile, instruction: Instruction, variable: str) -> tuple[str, Span] | None:
    """The ``NAME=value`` word (or the legacy ``ENV NAME value`` line) that sets ``variable``."""
    return _assignments(document, instruction).get(variable)


def _assignments(document: Dockerfile, instruction: Instruction) -> dict[str, tuple[str, Span]]:
    """Variable → the word that sets it (the last one), read once per instruction."""
    return remembered(document, ("assignments", instruction.index), lambda: _read_assignments(document, instruction))


def _read_assignments(document: Dockerfile, instruction: Instruction) -> dict[str, tuple[str, Span]]:
    words = argument_words(instruction)
    if instruction.keyword == "ENV" and words and "=" not in words[0][0]:
        return {words[0][0]: (words[0][0], instruction.args_span)}
    found: dict[str, tuple[str, Span]] = {}
    for text, span in words:
        found[text.split("=", 1)[0]] = (text, span)
    return found


def _variable_finding(context, rule, tool, setter: Instruction, variable: str, installs: list[Invocation]) -> Finding:
    document = context.document
    pair = _assignment(document, setter, variable)
    assert pair is not None
    text, span = pair
    value = installs[0].state.lookup(variable) or ""
    pip_boolean = tool == PIP_PROFILE.name and value.strip().lower() in ("0", "false", "off", "no", "n", "f")
    is_arg = setter.keyword == "ARG"
    reaches_final_image = not is_arg and _reaches_final_image(document, setter)
    referenced = _referenced_elsewhere(document, setter, variable)
    violation = CacheTurnedOffByVariable(
        variable,
        TOOL_LABEL[tool],
        ", ".join(sorted({str(line_of(document, i.instruction.span.start)) for i in installs})),
        value if pip_boolean else None,
        is_arg,
        reaches_final_image,
        referenced or None,
    )
    if is_arg:
        edit = Edit(span.start + len(variable), span.end, "")
    else:
        edit = _remove_env_pair(document, setter, span)
    unsafe = reaches_final_image or bool(referenced)
    fix = violation.fix((edit,), Applicability.UNSAFE if unsafe else Applicability.SAFE)
    return rule.finding(violation, span, fix)


def _remove_env_pair(document: Dockerfile, setter: Instruction, span: Span) -> Edit:
    """Remove one ``NAME=value`` of an ENV: up to the next pair (across a line
    continuation), or from the previous one when it is the last; the whole
    instruction when it is the only one."""
    words = argument_words(setter)
    legacy = bool(words) and "=" not in words[0][0]
    if legacy or len(words) == 1:
        return delete_instruction(setter)
    spans = [word_span for _, word_span in words]
    index = spans.index(span)
    if index + 1 < len(spans):
        return Edit(span.start, spans[index + 1].start, "")
    return Edit(spans[index - 1].end, span.end, "")


def _reaches_final_image(document: Dockerfile, instruction: Instruction) -> bool:
    return stage_tree(document).in_chain(instruction.stage, len(document.stages) - 1)


def _referenced_elsewhere(document: Dockerfile, setter: Instruction, variable: str) -> int | None:
    """The line of another instruction that sees the setter's ``$variable`` and uses it, if any."""
    for index in remembered(document, ("variable-uses", variable), lambda: _variable_uses(document, variable)):
        if index != setter.index and _sees(document, setter, document.instructions[index]):
            return line_of(document, document.instructions[index].span.start)
    return None


def _sees(document: Dockerfile, setter: Instruction, user: Instruction) -> bool:
    """Whether ``user`` runs with what ``setter`` declares: later in its stage, or (an ENV)
    in a stage built on it. A global ARG may be redeclared anywhere, so every use counts."""
    if setter.stage < 0:
        return True
    if user.index < setter.index:
        return False
    if user.stage == setter.stage:
        return True
    return setter.keyword == "ENV" and stage_tree(document).in_chain(setter.stage, user.stage)


def _variable_uses(document: Dockerfile, variable: str) -> list[int]:
    """The instructions whose text references ``$variable`` or ``${variable…}``, in order
    (one search of the whole text, not one per instruction)."""
    reference = re.compile(r"\$\{?" + re.escape(variable) + r"(?![A-Za-z0-9_])")
    instructions = document.instructions
    starts = remembered(document, "instruction-starts", lambda: [i.span.start for i in instructions])
    uses: list[int] = []
    for match in reference.finditer(document.text):
        index = bisect_right(starts, match.start()) - 1
        if index >= 0 and match.end() <= instructions[index].span.end and index not in uses[-1:]:
            uses.append(index)
    return uses


def removal_is_safe(document: Dockerfile, install: Invocation, variable: str) -> bool:
    """Whether the xx4 rule removes the ENV or ARG that gives ``install`` its ``variable``
    with a safe fix (then the cache-not-mounted rule leaves a mounted cache to it)."""
    if install.site.variable(variable) is not None or install.site.env_reset:
        return False  # set on the RUN's own line (export): only the command can be helped
    setter = _setter(document, install.instruction, variable)
    if setter is None:
        return False
    if setter.keyword == "ARG":
        return not _referenced_elsewhere(document, setter, variable)
    return not _reaches_final_image(document, setter) and not _referenced_elsewhere(document, setter, variable)
