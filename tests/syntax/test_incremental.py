"""Incremental parsing gives exactly what a full parse gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sys
from pathlib import Path

from dockerls.syntax import Span, parse, parse_edited
from tests.syntax.strategies import dockerfile_text, realistic_dockerfile
from dockerls.syntax.shell import shell_of
from dockerls.syntax.state import state_of

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from gen_dockerfile import generate  # noqa: E402

EDIT_TEXT = st.sampled_from(["", "x", "1", "ARG V=2\n", " ", "\n", "\r\n", "\\", "\\\n", "#", "<<EOF\n", "EOF\n", "RUN a\n", "字🐳", '"', "--mount=type=cache,target=/x "])


def dump_script(script) -> tuple | None:
    if script is None:
        return None
    commands = [
        (c.span, c.connector, c.depth, c.in_pipeline, [(w.text, w.span) for w in c.argv]) for c in script.commands
    ]
    return (script.kind, script.span, script.has_error, commands)


def dump(document) -> list:
    rows = [
        ("issues", sorted((i.code, i.span, i.message) for i in document.issues)),
        ("escape", document.escape),
        ("global args", document.global_args),
        ("lines", document.lines.starts, document.lines.text == document.text),
    ]
    for item in document.items:
        rows.append((type(item).__name__, item.extent, item.span, getattr(item, "kind", None)))
    for instruction in document.instructions:
        rows.append(
            (
                instruction.keyword,
                instruction.index,
                instruction.stage,
                instruction.keyword_span,
                instruction.span,
                instruction.extent,
                instruction.line_start,
                instruction.args,
                instruction.args_span,
                instruction.is_exec_form,
                instruction.exec_args,
                [
                    (f.name, f.value, f.span, f.name_span, f.value_span, [(o.key, o.value, o.span, o.key_span, o.value_span) for o in f.mount_options])
                    for f in instruction.flags
                ],
                [f.span for f in instruction.mounts],
                [(h.name, h.strip_tabs, h.quoted, h.marker_span, h.body_span, h.terminator_span) for h in instruction.heredocs],
                instruction.inner_comments,
                sorted((i.code, i.span, i.message) for i in instruction.syntax_issues),
                state_of(instruction),
                instruction.args_map.pieces,
                instruction.args_map.span(0, len(instruction.args)),
                dump_script(shell_of(instruction)),
                instruction.document is document,
            )
        )
    rows.append(
        [(s.index, s.name, s.base, s.parent, s.from_instruction.index, [i.index for i in s.instructions]) for s in document.stages]
    )
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
        shell_of(instruction)  # warm the caches that reuse must shift
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


# Where edits land: anywhere, or right at the places incremental reuse is most
# likely to get wrong (continuations, heredoc markers and terminators, line
# breaks, multi-code-unit characters, stage and state instructions).
ANCHORS = ["\\", "<<", "EOF", "\r\n", "\n", "字", "🐳", "#", "FROM", "ENV", "ARG", "WORKDIR", "USER", "--mount", "&&", ";"]


@st.composite
def edit_of(draw, text: str) -> str:
    anchor = draw(st.sampled_from([None, *ANCHORS]))
    spots = [] if anchor is None else [i for i in range(len(text)) if text.startswith(anchor, i)]
    start = draw(st.sampled_from(spots)) + draw(st.integers(-1, len(anchor))) if spots else draw(st.integers(0, len(text)))
    start = min(max(start, 0), len(text))
    end = draw(st.integers(start, min(len(text), start + draw(st.sampled_from([0, 1, 3, 20])))))
    return text[:start] + draw(EDIT_TEXT) + text[end:]


@st.composite
def edit_chain(draw) -> tuple[list[str], list[bool]]:
    """Versions of one document, each an edit of the one before, and for each
    whether a rule reads it (fills its lazy parts) before the next edit."""
    # A global ARG, and its re-declaration in a stage, make edits above the first FROM matter below it.
    prefix = draw(st.sampled_from(["", "ARG V=0\n", "ARG V=0\r\n"]))
    text = draw(st.one_of(dockerfile_text(), realistic_dockerfile()))
    if prefix:
        text = prefix + text.replace("FROM debian:bookworm", "FROM debian:bookworm\nARG V", 1)
    texts = [text]
    for _ in range(draw(st.integers(1, 4))):
        texts.append(draw(edit_of(texts[-1])))
    return texts, draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_chain())
def test_chain_of_edits_equals_full_parse(chain):
    """Each version parsed from the one before equals its full parse, whether or not the
    versions before it had their lazy parts (shifted spans, shell commands, states) filled
    in, and in whatever order they are read; no version changes another."""
    texts, read_early = chain
    versions = [parse(texts[0])]
    if read_early[0]:
        dump(versions[0])
    for text, early in zip(texts[1:], read_early[1:]):
        versions.append(parse(text, previous=versions[-1]))
        if early:
            assert dump(versions[-1]) == dump(parse(text))
    for text, version in reversed(list(zip(texts, versions))):
        assert dump(version) == dump(parse(text))


def _long_document(runs: int) -> str:
    body = [
        "FROM debian:bookworm AS base",
        "ENV A=1",
        "RUN set -eux; \\",
        "    apt-get update; \\",
        "    # 日本語 🐳",
        "    apt-get install -y curl",
    ]
    for n in range(runs):
        body.append(f"RUN echo {n} && true | cat")
        if n % 10 == 0:
            body.append(f"FROM base AS s{n}")
            body.append(f"WORKDIR /w{n}")
    return "\r\n".join(body) + "\r\n"


def test_an_edit_reparses_only_its_instruction_and_reuses_the_rest():
    """The structural reason an edit costs the edited lines, not the document: every other
    instruction shares its parsed layout (and shell commands, and build state) with the
    previous version and only records how far it moved."""
    old_text = _long_document(400)
    old = parse(old_text)
    for instruction in old.instructions:
        shell_of(instruction)
    position = old_text.index("echo 200 ")
    new_text = old_text[:position] + "字🐳" + old_text[position:]
    new = parse(new_text, previous=old)
    assert dump(new) == dump(parse(new_text))
    fresh = [i for i, j in zip(new.instructions, old.instructions) if i._layout is not j._layout]
    assert [i.args for i in fresh] == ["字🐳echo 200 && true | cat"]
    below = new.instructions[-1]
    assert below._layout is old.instructions[-1]._layout and below._delta == 2
    assert state_of(below) is state_of(old.instructions[-1])
    assert below._layout.script is not None  # the shell commands parsed for the old version serve the new one
    assert shell_of(below).commands[0].argv[1].span == Span(
        shell_of(old.instructions[-1]).commands[0].argv[1].span.start + 2, shell_of(old.instructions[-1]).commands[0].argv[1].span.end + 2
    )


def test_a_state_change_reaches_later_instructions_and_derived_stages():
    old_text = "FROM debian AS base\nENV A=1\nRUN echo $A\nFROM base AS child\nRUN echo $A\nFROM debian\nRUN true\n"
    old = parse(old_text)
    new_text = old_text.replace("ENV A=1", "ENV A=2")
    new = parse(new_text, previous=old)
    assert dump(new) == dump(parse(new_text))
    assert [state_of(i).env.get("A") for i in new.instructions] == [None, None, "2", "2", "2", None, None]
    assert state_of(new.instructions[-1]) is state_of(old.instructions[-1])  # the unrelated stage kept its state


def test_a_global_arg_edit_reaches_a_bare_arg_in_an_unchanged_stage():
    old_text = "ARG V=1\nFROM debian\nARG V\nRUN echo $V\n"
    old = parse(old_text)
    new_text = old_text.replace("V=1", "V=2")
    new = parse(new_text, previous=old)
    assert dump(new) == dump(parse(new_text))
    assert state_of(new.instructions[-1]).args == {"V": "2"}



def _generated_text():
    """Benchmark-style documents: many stages, RUNs with mounts, as a fix-all round edits them."""
    return st.builds(lambda lines, seed: generate(lines, seed=seed), st.sampled_from([60, 150]), st.integers(0, 50))


@st.composite
def _spot(draw, text: str) -> tuple[int, int]:
    anchor = draw(st.sampled_from([None, *ANCHORS]))
    spots = [] if anchor is None else [i for i in range(len(text)) if text.startswith(anchor, i)]
    start = draw(st.sampled_from(spots)) + draw(st.integers(-1, len(anchor))) if spots else draw(st.integers(0, len(text)))
    start = min(max(start, 0), len(text))
    return start, draw(st.integers(start, min(len(text), start + draw(st.sampled_from([0, 1, 3, 20])))))


@st.composite
def edited_in_places(draw) -> tuple[str, str, list[tuple[int, int, int]]]:
    """A document, several disjoint edits of it (at the anchors above, or anywhere), and the edited text."""
    text = draw(st.one_of(dockerfile_text(), realistic_dockerfile(), _generated_text()))
    spots = sorted(set(draw(st.lists(_spot(text), min_size=1, max_size=8))))
    changes, parts, cursor = [], [], 0
    for start, end in spots:
        if start < cursor or (changes and start == cursor and start == end == changes[-1][0] == changes[-1][1]):
            continue  # overlaps the edit before (or a second insertion at one point): dropped
        inserted = draw(EDIT_TEXT)
        parts += [text[cursor:start], inserted]
        changes.append((start, end, len(inserted)))
        cursor = end
    parts.append(text[cursor:])
    return text, "".join(parts), changes


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_in_places(), st.booleans())
def test_edits_in_many_places_equal_a_full_parse(case, read_early):
    """``parse_edited`` (a fix-all round's many edits at once) gives what a full parse gives,
    whether or not the previous version's lazy parts were filled in, and leaves it intact."""
    old_text, new_text, changes = case
    old = parse(old_text)
    if read_early:
        dump(old)
    assert dump(parse_edited(old, new_text, changes)) == dump(parse(new_text))
    assert dump(old) == dump(parse(old_text))


def test_edits_in_many_places_reuse_the_instructions_between_them():
    lines = [f"RUN echo {n}" for n in range(60)]
    old_text = "FROM x\n" + "\n".join(lines) + "\n"
    old = parse(old_text)
    new_text = old_text.replace("echo 10\n", "echo 10 && true\n").replace("echo 40\n", "echo 40 || false\n")
    changes = [(old_text.index("echo 10\n") + 7, old_text.index("echo 10\n") + 7, 8),
               (old_text.index("echo 40\n") + 7, old_text.index("echo 40\n") + 7, 9)]
    new = parse_edited(old, new_text, changes)
    assert dump(new) == dump(parse(new_text))
    layouts = {id(instruction._layout) for instruction in old.instructions}
    reused = [instruction._layout is old.instructions[instruction.index]._layout for instruction in new.instructions]
    assert not reused[11] and not reused[41]  # the edited RUNs (after FROM) were parsed again
    assert sum(reused) >= len(reused) - 6  # the rest share the previous version's layout
    assert all(id(i._layout) in layouts for n, i in enumerate(new.instructions) if n not in range(9, 14) and n not in range(39, 44))
