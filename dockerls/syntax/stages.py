"""Stages: which instructions each FROM starts, what it is built on, and the global ARGs.

Run by the parser on every new tree: it fills in ``document.stages``,
``document.global_args`` and each instruction's ``index``, ``stage`` and
``document``. The build state in effect at each instruction is an analysis on
top of this (dockerls.syntax.state).
"""

from __future__ import annotations

from functools import lru_cache

from dockerls.syntax.expand import expand
from dockerls.syntax.model import Dockerfile, Stage, SyntaxIssue
from dockerls.syntax.words import parse_assignments, split_words


def resolve_stages(document: Dockerfile) -> None:
    stages: list[Stage] = []
    stage_names: dict[str, int] = {}
    global_args: dict[str, str | None] = {}
    stage_instructions: list | None = None
    for number, instruction in enumerate(document.instructions):
        instruction.index = number
        instruction._document = document
        keyword = instruction.keyword
        if keyword == "FROM":
            words = _from_words(instruction.args)
            image = expand(words[0], global_args.get) if words else ""
            name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
            stage = Stage(
                index=len(stages),
                name=name,
                base=image,
                parent=stage_names.get(image.lower()),
                from_instruction=instruction,
            )
            instruction.stage = stage.index
            stages.append(stage)
            if name is not None:
                stage_names[name] = stage.index
            stage_instructions = stage.instructions
            continue
        if stage_instructions is None:
            if keyword == "ARG":
                for name, value in parse_assignments(instruction.args, legacy_allowed=False):
                    global_args[name] = None if value is None else expand(value, global_args.get)
            elif keyword not in ("", "#"):
                document.issues.append(
                    SyntaxIssue("SYN008", f"{keyword} before the first FROM", instruction.keyword_span)
                )
            instruction.stage = -1
            continue
        instruction.stage = len(stages) - 1
        stage_instructions.append(instruction)
    document.stages = tuple(stages)
    document.global_args = global_args


@lru_cache(maxsize=1024)
def _from_words(args: str) -> tuple[str, ...]:
    return tuple(split_words(args))
