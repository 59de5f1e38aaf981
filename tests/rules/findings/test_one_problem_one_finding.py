"""One problem in one RUN is one finding: the other places its fix edits are related places (#16)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.cli.helpers import run
from dockerls.core.buildcontext import DirectoryContext
from dockerls.lsp import diagnostics
from dockerls.syntax import LineIndex
from tests.linting import lint

REPO = Path(__file__).resolve().parents[3]
CARGO = REPO / "examples" / "cargo"


def _cargo_findings():
    text = (CARGO / "Dockerfile").read_text(encoding="utf-8")
    return text, lint(text, build_context=DirectoryContext(str(CARGO)))


def test_the_cargo_example_reports_each_problem_once():
    text, found = _cargo_findings()
    assert Counter(f.code for f in found) == {"CRG001": 1, "CRG002": 1, "CRG003": 1}
    lines = LineIndex(text)
    by_code = {f.code: f for f in found}
    # Every finding is at the cargo command of the RUN (line 7).
    assert {lines.position(f.span.start)[0] + 1 for f in found} == {7}
    sources = by_code["CRG003"]
    assert [lines.position(r.span.start)[0] + 1 for r in sources.related] == [5, 6]
    assert all(text[r.span.start : r.span.end].startswith("COPY ") for r in sources.related)
    target = by_code["CRG002"]
    (reader,) = target.related
    assert lines.position(reader.span.start)[0] + 1 == 10
    assert text[reader.span.start : reader.span.end].startswith("/app/target/release/hello_rust")
    # The one fix still edits every site: the COPYs go, the COPY --from is rewritten.
    starts = {lines.position(edit.start)[0] + 1 for edit in sources.fix.edits}
    assert {5, 6} <= starts
    assert any(lines.position(edit.start)[0] + 1 == 10 for edit in target.fix.edits)


def test_the_cli_prints_related_places_under_the_finding(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "check", "--isolated", "--color", "never", "examples/cargo")
    out = out.splitlines()
    assert code == 1
    crg003 = next(i for i, line in enumerate(out) if " CRG003 " in line)
    assert out[crg003].startswith("examples/cargo/Dockerfile:7:5: CRG003 [*] ")
    assert out[crg003 + 1] == "    related 5:1: COPY of Cargo.toml, Cargo.lock: the fix removes it and bind-mounts them"
    assert out[crg003 + 2] == "    related 6:1: COPY of src: the fix removes it and bind-mounts them"
    assert out[-1] == "Found 3 findings (3 warnings). [*] 3 fixable with --fix"


def test_json_output_carries_related_places(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    _, out, _ = run(capsys, "check", "--isolated", "--output-format", "json", "examples/cargo")
    items = {item["code"]: item for item in json.loads(out)}
    assert items["CRG001"]["related"] == []
    assert [r["location"] for r in items["CRG003"]["related"]] == [{"row": 5, "column": 1}, {"row": 6, "column": 1}]
    (reader,) = items["CRG002"]["related"]
    assert reader["location"] == {"row": 10, "column": 19}
    assert reader["message"].startswith("reads a build output of this RUN")


def test_sarif_output_carries_related_locations(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    _, out, _ = run(capsys, "check", "--isolated", "--output-format", "sarif", "examples/cargo")
    results = json.loads(out)["runs"][0]["results"]
    crg003 = next(r for r in results if r["ruleId"] == "CRG003")
    lines = [r["physicalLocation"]["region"]["startLine"] for r in crg003["relatedLocations"]]
    assert lines == [5, 6]
    assert "relatedLocations" not in next(r for r in results if r["ruleId"] == "CRG001")


def test_lsp_diagnostics_carry_related_information():
    text, found = _cargo_findings()
    uri = "file:///work/Dockerfile"
    published = diagnostics.diagnostics(found, LineIndex(text), "utf-16", uri)
    crg003 = next(d for d in published if d["code"] == "CRG003" and "relatedInformation" in d)
    assert [r["location"]["range"]["start"] for r in crg003["relatedInformation"]] == [
        {"line": 4, "character": 0},
        {"line": 5, "character": 0},
    ]
    assert all(r["location"]["uri"] == uri for r in crg003["relatedInformation"])
    crg001 = next(d for d in published if d["code"] == "CRG001")
    assert "relatedInformation" not in crg001
    # Without a URI (a caller that has none) nothing is invented.
    assert all("relatedInformation" not in d for d in diagnostics.diagnostics(found, LineIndex(text), "utf-16"))


def test_lsp_related_information_structures_as_lsprotocol():
    from lsprotocol import types
    from pygls.protocol import default_converter

    text, found = _cargo_findings()
    published = diagnostics.diagnostics(found, LineIndex(text), "utf-16", "file:///w/Dockerfile")
    converter = default_converter()
    for item in published:
        structured = converter.structure(item, types.Diagnostic)
        assert converter.unstructure(structured) == item


def test_go_output_reads_are_related_places_of_one_error():
    text = (REPO / "tests/golden/go/build-output-in-cached-directory/before.Dockerfile").read_text(encoding="utf-8")
    found = [f for f in lint(text) if f.code == "GOL006"]
    assert len(found) == 1 and len(found[0].related) == 2


def test_the_quick_fix_is_offered_on_a_related_place_too():
    from dockerls.lsp.actions import touches
    from dockerls.syntax import Span

    text, found = _cargo_findings()
    target = next(f for f in found if f.code == "CRG002")
    (reader,) = target.related
    assert touches(target, Span(reader.span.start + 1, reader.span.start + 1))  # a cursor on the COPY --from
    line_8 = text.index("FROM ")  # the first FROM: no place of the finding
    assert not touches(target, Span(line_8, line_8))
