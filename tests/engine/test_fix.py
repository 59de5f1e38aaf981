"""The fix engine: non-overlapping edits, convergence, never parsing worse, minimal edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockerls.core.findings import Edit, Finding, Fix, Severity
from dockerls.engine import apply_edits, minimal_edits
from dockerls.engine.fix import MAX_ROUNDS, fix_all, overlaps, select_fixes
from dockerls.core.findings import Applicability
from dockerls.syntax import Span


def finding(fix: Fix | None, code: str = "TST001") -> Finding:
    return Finding(code, "test", "message", Severity.WARNING, Span(0, 0), fix)


def test_overlap_rules():
    assert overlaps(Edit(0, 2, ""), Edit(1, 3, ""))
    assert not overlaps(Edit(0, 2, ""), Edit(2, 3, ""))
    assert overlaps(Edit.insert(2, "a"), Edit.insert(2, "b"))
    assert not overlaps(Edit.insert(2, "a"), Edit(0, 2, ""))
    assert overlaps(Edit.insert(1, "a"), Edit(0, 2, ""))


def test_select_fixes_keeps_fixes_whole():
    first = Fix("a", (Edit(0, 1, "x"), Edit(5, 6, "y")))
    second = Fix("b", (Edit(2, 3, "z"), Edit(4, 6, "w")))  # its second edit touches the first fix
    third = Fix("c", (Edit(8, 9, "q"),))
    assert select_fixes([first, second, third]) == [first, third]


def test_malformed_fix_is_never_applied():
    assert select_fixes([Fix("bad", (Edit(0, 3, "a"), Edit(1, 2, "b")))]) == []


def test_apply_edits_leaves_the_rest_alone():
    text = "FROM x\r\nRUN a\r\n"
    assert apply_edits(text, [Edit(12, 13, "b"), Edit.insert(0, "# hi\r\n")]) == "# hi\r\nFROM x\r\nRUN b\r\n"


def test_fix_all_converges_over_rounds():
    # A rule that appends one comment per round until there are three; its two
    # identical findings share one edit, so each round adds one comment.
    def check(document):
        if document.text.count("# more") >= 3:
            return []
        return [finding(Fix("more", (Edit.insert(len(document.text), "# more\n"),)))] * 2

    result = fix_all("FROM x\n", check, wanted=lambda f: True)
    assert result.text == "FROM x\n# more\n# more\n# more\n"
    assert result.rounds == 3
    assert result.remaining == []


def test_fix_all_stops_at_the_cap():
    def check(document):
        return [finding(Fix("grow", (Edit.insert(0, "#"),)))]

    result = fix_all("FROM x\n", check, wanted=lambda f: True)
    assert result.rounds == MAX_ROUNDS


def test_fix_that_breaks_parsing_is_undone():
    def check(document):
        if "FROM" not in document.text:
            return []
        good = Fix("good", (Edit.insert(len(document.text), "RUN ok\n"),))
        bad = Fix("bad", (Edit(0, 4, "FROOM"),))
        return [finding(bad), finding(good)] if "RUN ok" not in document.text else []

    result = fix_all("FROM x\n", check, wanted=lambda f: True)
    assert result.text == "FROM x\nRUN ok\n"


def test_unsafe_fixes_are_only_applied_when_wanted():
    unsafe = finding(Fix("u", (Edit.insert(0, "# u\n"),), Applicability.UNSAFE))
    result = fix_all("FROM x\n", lambda d: [] if "# u" in d.text else [unsafe], wanted=lambda f: f.fix.is_safe)
    assert result.text == "FROM x\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r字🐳")), max_size=60), st.text(alphabet=st.sampled_from(list("ab \n\r字")), max_size=60))
def test_minimal_edits_reproduce_the_new_text(old: str, new: str):
    edits = minimal_edits(old, new)
    assert apply_edits(old, edits) == new
    assert all(not overlaps(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def test_a_fix_repeating_another_fix_edits_is_applied_with_it():
    # Removing a COPY also adds the bind mount that the second finding's fix adds alone:
    # one round, one mount in the text, both findings fixed (ruff shares equal edits too).
    mount = Edit.insert(11, "--mount=x ")  # after "COPY x\nRUN "
    both = finding(Fix("remove the copy", (Edit(0, 7, ""), mount)), "TST001")
    alone = finding(Fix("bind-mount it", (mount,)), "TST002")
    result = fix_all("COPY x\nRUN pip\n", lambda d: [] if "--mount" in d.text else [both, alone], wanted=lambda f: True)
    assert result.text == "RUN --mount=x pip\n"
    assert result.rounds == 1 and result.applied == [both, alone] and result.fixed == [both, alone]


def test_findings_are_followed_through_the_rounds():
    # A fix inserts before the other finding: it moves, and is still the one found before.
    # The fix also brings a new finding, which is counted apart.
    def check(document):
        text = document.text
        found = [finding_at("TST002", text.index("b"), None)]
        if "#" not in text:
            found.insert(0, finding_at("TST001", 0, Fix("comment", (Edit.insert(0, "#\n"),))))
        else:
            found.append(finding_at("TST003", 0, None))
        return found

    result = fix_all("a b\n", check, wanted=lambda f: True)
    assert result.text == "#\na b\n"
    assert [f.code for f in result.found] == ["TST001", "TST002"]
    assert [f.code for f in result.fixed] == ["TST001"]
    assert [f.code for f in result.remaining] == ["TST002", "TST003"]
    assert [f.code for f in result.new] == ["TST003"]


def finding_at(code: str, start: int, fix: Fix | None) -> Finding:
    return Finding(code, "test", "message", Severity.WARNING, Span(start, start + 1), fix)


def test_a_finding_another_fix_made_go_away_is_gone_not_fixed():
    # TST002 (no fix) reads the word TST001's fix deletes: after the fix it is not found.
    def check(document):
        text = document.text
        found = []
        if "old" in text:
            found.append(finding_at("TST001", text.index("old"), Fix("drop", (Edit(text.index("old"), text.index("old") + 4, ""),))))
            found.append(finding_at("TST002", text.index("old"), None))
        found.append(finding_at("TST003", text.index("x"), None))
        return found

    result = fix_all("old x\n", check, wanted=lambda f: True)
    assert result.text == "x\n"
    assert [f.code for f in result.fixed] == ["TST001"]
    assert [f.code for f in result.gone] == ["TST002"]
    assert [f.code for f in result.remaining] == ["TST003"] and result.new == []
