"""Incremental parsing gives exactly what a full parse gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerls.syntax import parse
from tests.syntax.strategies import dockerfile_text, realistic_dockerfile

EDIT_TEXT = st.sampled_from(["", "x", " ", "\n", "\r\n", "\\", "\\\n", "#", "<<EOF\n", "EOF\n", "RUN a\n", "字🐳", '"', "--mount=type=cache,target=/x "])


def dump(document) -> list:
    rows = [("issues", sorted((i.code, i.span, i.message) for i in document.issues)), ("escape", document.escape)]
    for item in document.items:
        rows.append((type(item).__name__, item.extent, item.span))
    for instruction in document.instructions:
        rows.append(
            (
                instruction.keyword,
                instruction.index,
                instruction.stage,
                instruction.keyword_span,
                instruction.args,
                instruction.args_span,
                [(f.name, f.value, f.span, f.value_span, [(o.key, o.value, o.span, o.value_span) for o in f.mount_options]) for f in instruction.flags],
                [(h.name, h.marker_span, h.body_span, h.terminator_span) for h in instruction.heredocs],
                instruction.inner_comments,
                instruction.state,
                instruction.args_map.span(0, len(instruction.args)),
                None if instruction.shell is None else [(c.span, c.connector, [(w.text, w.span) for w in c.argv]) for c in instruction.shell.commands],
            )
        )
    rows.append([(s.name, s.base, s.parent, [i.index for i in s.instructions]) for s in document.stages])
    return rows


@st.composite
def edited(draw):
    text = draw(st.one_of(dockerfile_text(), realistic_dockerfile()))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 20)))
    return text, text[:start] + draw(EDIT_TEXT) + text[end:]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_incremental_equals_full(pair):
    old_text, new_text = pair
    old = parse(old_text)
    for instruction in old.instructions:
        instruction.shell  # warm the caches that reuse must shift
    assert dump(parse(new_text, previous=old)) == dump(parse(new_text))
    # The previous version is left intact.
    assert dump(old) == dump(parse(old_text))


def test_edit_in_the_middle_reuses_items_around_it():
    lines = [f"RUN echo {n}" for n in range(50)]
    old_text = "FROM x\n" + "\n".join(lines) + "\n"
    old = parse(old_text)
    new_text = old_text.replace("echo 25", "echo 25 && true")
    new = parse(new_text, previous=old)
    assert new.instructions[5].keyword_span == old.instructions[5].keyword_span
    assert new.instructions[40].keyword_span.start == old.instructions[40].keyword_span.start + len(" && true")
    assert new.instructions[40] is not old.instructions[40]
    assert dump(new) == dump(parse(new_text))
