"""`dockerls check` output formats, summaries and exit codes."""

from __future__ import annotations

import json

import pytest

import dockerls.rules
from tests.cli.helpers import run, write_bytes

pytestmark = pytest.mark.usefixtures("stub_rules")

# TST001 (safe fix) on line 2, TST002 (unsafe fix) on line 2, TST003 (no fix) on line 3.
SAMPLE = "FROM debian\nrun curl -O x\nMAINTAINER me\n"


@pytest.fixture
def sample(tmp_path):
    return write_bytes(tmp_path / "Dockerfile", SAMPLE.encode())


def test_text_lines_and_summary(capsys, sample):
    code, out, err = run(capsys, "check", str(sample))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        f"{sample}:2:1: TST001 [*] Write 'run' in capitals",
        f"{sample}:2:5: TST002 curl is used",
        f"{sample}:3:1: TST003 MAINTAINER is deprecated: use a LABEL",
        "Found 3 findings (1 error, 1 warning, 1 info). [*] 1 fixable with --fix (1 more with --unsafe-fixes)",
    ]


def test_unsafe_fixes_flag_marks_unsafe_fixes_fixable(capsys, sample):
    _, out, _ = run(capsys, "check", "--unsafe-fixes", str(sample))
    assert f"{sample}:2:5: TST002 [*] curl is used" in out.splitlines()
    assert out.splitlines()[-1] == "Found 3 findings (1 error, 1 warning, 1 info). [*] 2 fixable with --fix"


def test_summary_names_findings_by_severity_and_calls_no_warning_an_error(capsys, tmp_path):
    # TST001 is a warning: one warning is "1 finding (1 warning)", never "1 error".
    warning = write_bytes(tmp_path / "Dockerfile", b"FROM debian\nrun true\n")
    code, out, _ = run(capsys, "check", str(warning))
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 finding (1 warning). [*] 1 fixable with --fix"
    twice = write_bytes(tmp_path / "twice.Dockerfile", b"FROM debian\nrun true\nrun false\n")
    _, out, _ = run(capsys, "check", "--select", "TST001", str(twice))
    assert out.splitlines()[-1] == "Found 2 findings (2 warnings). [*] 2 fixable with --fix"


def test_clean_file_exits_zero(capsys, tmp_path):
    clean = write_bytes(tmp_path / "Dockerfile", b"FROM debian\nRUN true\n")
    assert run(capsys, "check", str(clean)) == (0, "All checks passed!\n", "")


def test_exit_zero_keeps_the_report(capsys, sample):
    code, out, _ = run(capsys, "check", "--exit-zero", str(sample))
    assert code == 0 and "TST003" in out


def test_missing_file_exits_two(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope" / "Dockerfile"))
    assert code == 2 and "cannot read" in err


def test_non_utf8_file_exits_two_and_others_are_still_reported(capsys, tmp_path, sample):
    bad = write_bytes(tmp_path / "bad.Dockerfile", b"FROM debian\nRUN echo \xff\n")
    code, out, err = run(capsys, "check", str(bad), str(sample))
    assert code == 2
    assert "not UTF-8" in err and "TST003" in out


def test_usage_error_exits_two(capsys):
    code, _, err = run(capsys, "check", "--output-format", "xml", ".")
    assert code == 2 and "invalid choice" in err


def test_no_command_exits_two(capsys):
    assert run(capsys)[0] == 2


def test_json_schema(capsys, tmp_path):
    # Non-ASCII before the finding: columns count code points, not bytes or UTF-16 units.
    path = write_bytes(tmp_path / "Dockerfile", "FROM debian\nLABEL x=\"😀é\"\nrun curl\n".encode())
    code, out, _ = run(capsys, "check", "--output-format", "json", str(path))
    assert code == 1
    items = json.loads(out)
    assert [item["code"] for item in items] == ["TST001", "TST002"]
    for item in items:
        assert set(item) == {"code", "name", "message", "severity", "filename", "location", "end_location", "url", "fix", "related"}
        assert item["filename"] == str(path)
        assert item["related"] == []  # these rules report no other places
        assert item["url"] == dockerls.rules.BY_CODE[item["code"]].url
        assert item["severity"] in ("error", "warning", "info", "hint")
        for key in ("location", "end_location"):
            assert set(item[key]) == {"row", "column"} and item[key]["row"] >= 1 and item[key]["column"] >= 1
    lowercase, curl = items
    assert (lowercase["name"], lowercase["severity"]) == ("lowercase-keyword", "warning")
    assert lowercase["location"] == {"row": 3, "column": 1} and lowercase["end_location"] == {"row": 3, "column": 4}
    assert lowercase["fix"] == {
        "applicability": "safe",
        "message": "Write RUN",
        "edits": [{"content": "RUN", "location": {"row": 3, "column": 1}, "end_location": {"row": 3, "column": 4}}],
    }
    assert curl["fix"]["applicability"] == "unsafe"
    assert curl["location"] == {"row": 3, "column": 5}


def test_json_columns_count_code_points(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", "FROM debian\nRUN echo 😀é; curl x\n".encode())
    _, out, _ = run(capsys, "check", "--output-format", "json", str(path))
    (item,) = json.loads(out)
    # "RUN echo 😀é; " is 13 code points, so curl starts at column 14 (15 in UTF-16 units, 18 in bytes).
    assert item["location"] == {"row": 2, "column": 14}


def test_json_no_findings_is_an_empty_list(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", b"FROM debian\n")
    assert run(capsys, "check", "--output-format", "json", str(path)) == (0, "[]\n", "")


def test_github_annotations_escape_properties_and_message(capsys, tmp_path):
    path = write_bytes(tmp_path / "a,b:c.Dockerfile", b"FROM debian\nMAINTAINER me\nrun x\n")
    code, out, _ = run(capsys, "check", "--output-format", "github", str(path))
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert code == 1
    assert out.splitlines() == [
        f"::error file={escaped},line=2,col=1,endLine=2,endColumn=11,title=TST003::MAINTAINER is deprecated: use a LABEL",
        f"::warning file={escaped},line=3,col=1,endLine=3,endColumn=4,title=TST001::Write 'run' in capitals",
    ]


def test_sarif_minimal_validation(capsys, sample, monkeypatch):
    monkeypatch.chdir(sample.parent)
    code, out, _ = run(capsys, "check", "--output-format", "sarif", "Dockerfile")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "dockerls" and driver["version"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["helpUri"].endswith(f"{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run_["columnKind"] == "unicodeCodePoints"
    results = run_["results"]
    assert [result["ruleId"] for result in results] == ["TST001", "TST002", "TST003"]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile"
        region = location["physicalLocation"]["region"]
        assert region["startLine"] <= region["endLine"] and region["startColumn"] >= 1
    replacement = results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {
        "deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 4},
        "insertedContent": {"text": "RUN"},
    }
    assert "fixes" not in results[2]


def test_statistics_text_and_json(capsys, tmp_path, sample):
    other = write_bytes(tmp_path / "other" / "Dockerfile", b"FROM debian\nrun x\n")
    code, out, _ = run(capsys, "check", "--statistics", str(sample), str(other))
    assert code == 1
    assert out.splitlines() == [
        "2\tTST001\t[*] lowercase-keyword",
        "1\tTST002\t    curl-to-wget",
        "1\tTST003\t    maintainer",
    ]
    _, out, _ = run(capsys, "check", "--statistics", "--output-format", "json", str(sample), str(other))
    assert json.loads(out)[0] == {"code": "TST001", "name": "lowercase-keyword", "count": 2, "fixable": True}


def test_stdin_is_checked_without_context(capsys, monkeypatch):
    code, out, _ = run(capsys, "check", "-", stdin=b"FROM debian\nrun x\n", monkeypatch=monkeypatch)
    assert code == 1 and out.startswith("-:2:1: TST001 [*]")


def test_stdin_filename_names_the_input(capsys, monkeypatch, tmp_path):
    name = str(tmp_path / "Dockerfile")
    code, out, _ = run(
        capsys, "check", "-", "--stdin-filename", name, "--output-format", "json", stdin=b"run x\n", monkeypatch=monkeypatch
    )
    assert code == 1
    assert {item["filename"] for item in json.loads(out)} == {name}


def test_select_ignore_and_extend_select_flags(capsys, sample):
    _, out, _ = run(capsys, "check", "--select", "TST001,TST003", "--output-format", "json", str(sample))
    assert [item["code"] for item in json.loads(out)] == ["TST001", "TST003"]
    _, out, _ = run(capsys, "check", "--ignore", "TST", "--extend-select", "TST002", "--output-format", "json", str(sample))
    assert [item["code"] for item in json.loads(out)] == ["TST002"]


def test_unknown_selector_on_the_command_line_exits_two(capsys, sample):
    code, out, err = run(capsys, "check", "--select", "TST0001", str(sample))
    assert code == 2 and out == ""
    assert "command line: select[0]: 'TST0001' is not a rule code or prefix (did you mean 'TST001'?)" in err


def test_rules_table_and_json(capsys):
    code, out, _ = run(capsys, "rules")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["CODE", "NAME", "FIX", "SEVERITY"]
    assert any(line.split() == ["TST002", "curl-to-wget", "always", "info"] for line in lines)
    _, out, _ = run(capsys, "rules", "--output-format", "json")
    by_code = {item["code"]: item for item in json.loads(out)}
    assert by_code["TST003"] == {
        "code": "TST003",
        "name": "maintainer",
        "fix": "none",
        "severity": "error",
        "summary": "MAINTAINER is deprecated.",
    }


def test_rule_prints_markdown_and_rejects_unknown_codes(capsys):
    code, out, _ = run(capsys, "rule", "tst003")
    assert code == 0
    assert out.startswith("# TST003 maintainer\n\nMAINTAINER is deprecated.\n")
    assert "## Fix safety\nNo fix.\n" in out
    code, _, err = run(capsys, "rule", "TST008")
    assert code == 2 and "did you mean" in err


def test_version(capsys):
    from dockerls import __version__

    assert run(capsys, "version") == (0, f"dockerls {__version__}\n", "")
    assert run(capsys, "--version")[1] == f"dockerls {__version__}\n"


def test_non_utf8_stdin_exits_two(capsys, monkeypatch):
    code, _, err = run(capsys, "check", "-", stdin=b"FROM debian\nRUN echo \xff\n", monkeypatch=monkeypatch)
    assert code == 2 and "-: not UTF-8 text (byte 21)" in err


def test_config_flags_reach_the_check(capsys, tmp_path, sample):
    (tmp_path / ".dockerls.toml").write_text('ignore = ["TST"]\n')
    other = tmp_path / "elsewhere" / "ci.toml"
    other.parent.mkdir()
    other.write_text('select = ["TST003"]\n')
    assert run(capsys, "check", str(sample))[0] == 0
    _, out, _ = run(capsys, "check", "--isolated", "--output-format", "json", str(sample))
    assert [item["code"] for item in json.loads(out)] == ["TST001", "TST002", "TST003"]
    _, out, _ = run(capsys, "check", "--config", str(other), "--output-format", "json", str(sample))
    assert [item["code"] for item in json.loads(out)] == ["TST003"]
    # --select on the command line starts selection afresh, past the config's ignore.
    _, out, _ = run(capsys, "check", "--select", "TST001", "--output-format", "json", str(sample))
    assert [item["code"] for item in json.loads(out)] == ["TST001"]
    code, _, err = run(capsys, "check", "--config", str(other), "--isolated", str(sample))
    assert code == 2 and "not allowed with argument" in err
