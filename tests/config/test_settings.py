"""Every configuration key, and how bad ones are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from dockerls.config import load_settings, settings_from_mapping
from dockerls.core.findings import Severity
from dockerls.engine import LintSettings
from dockerls.core.options import AptOptions, Options

pytestmark = pytest.mark.usefixtures("stub_rules")


def from_file(tmp_path: Path, text: str, name: str = ".dockerls.toml"):
    config = tmp_path / name
    config.write_text(text)
    settings, errors, path = load_settings(str(tmp_path / "Dockerfile"))
    assert path == str(config)
    return settings, [str(error) for error in errors]


def test_every_key(tmp_path):
    settings, errors = from_file(
        tmp_path,
        """
select = ["TST", "syn"]
ignore = ["TST002"]
extend-select = ["SUP001"]
unsafe-fixes = true
fixable = ["ALL"]
unfixable = ["TST001"]
include = ["*.df"]
exclude = ["old"]

[severity]
TST003 = "hint"
SYN = "Warning"

[apt]
docker-clean = false
sharing = "private"
""",
    )
    assert errors == []
    assert settings == LintSettings(
        select=("TST", "SYN"),
        ignore=("TST002",),
        extend_select=("SUP001",),
        severity={"TST003": Severity.HINT, "SYN": Severity.WARNING},
        unsafe_fixes=True,
        fixable=("ALL",),
        unfixable=("TST001",),
        options=Options(apt=AptOptions(docker_clean=False, sharing="private")),
    )
    assert settings.selects("TST001") and not settings.selects("TST002") and settings.selects("SUP001")
    assert not settings.selects("SUP002")


def test_include_and_exclude_reach_the_cli_configuration(tmp_path):
    from dockerls.config import ConfigResolver

    (tmp_path / "dockerls.toml").write_text('include = ["*.df"]\nexclude = ["old"]\n')
    configuration = ConfigResolver().for_directory(str(tmp_path))
    assert configuration.include == ("*.df",) and configuration.exclude == ("old",)
    assert configuration.root == str(tmp_path)
    assert configuration.includes(str(tmp_path / "x" / "a.df")) and not configuration.includes(str(tmp_path / "Dockerfile"))
    assert configuration.excludes(str(tmp_path / "sub" / "old")) and configuration.excludes(str(tmp_path / ".git"))


def test_severity_override_reaches_findings(tmp_path):
    from tests.linting import lint

    settings, errors = from_file(tmp_path, '[severity]\nTST003 = "hint"\n')
    assert errors == []
    (finding,) = lint("FROM debian\nMAINTAINER me\n", settings)
    assert finding.severity is Severity.HINT


def test_malformed_toml(tmp_path):
    _, errors = from_file(tmp_path, 'unsafe-fixes = true\nselect = ["TST",,]\n')
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / '.dockerls.toml'}: invalid TOML:") and "line 2" in errors[0]


def test_malformed_pyproject_mentioning_dockerls_is_reported(tmp_path):
    _, errors = from_file(tmp_path, "[tool.dockerls\nselect = []\n", name="pyproject.toml")
    assert len(errors) == 1 and "invalid TOML" in errors[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selct = []", "selct: unknown setting (did you mean 'select'?)"),
        ("extend_select = []", "extend_select: unknown setting (did you mean 'extend-select'?)"),
        ("unsafe-fix = true", "unsafe-fix: unknown setting (did you mean 'unsafe-fixes'?)"),
        ("[aptt]\nsharing = 'locked'", "aptt: unknown setting (did you mean 'apt'?)"),
        ("[apt]\ndocker_clean = true", "apt.docker_clean: unknown apt option (did you mean 'docker-clean'?)"),
        (
            "[apt]\nsharing = 'lock'",
            "apt.sharing: 'lock' is not one of 'locked', 'private', 'shared' (did you mean 'locked'?)",
        ),
        ("[apt]\ndocker-clean = 'yes'", "apt.docker-clean: expected true or false, got a string"),
        ("[pip]\nzzz = true", "pip.zzz: unknown pip option"),
        ("apt = 1", "apt: expected a table of apt options, got an integer"),
        ("select = 'TST'", "select: expected a list of rule codes or prefixes, got a string"),
        ("select = ['TST01x']", "select[0]: 'TST01x' is not a rule code or prefix (did you mean 'TST001'?)"),
        ("ignore = ['TST', 'TTS001']", "ignore[1]: 'TTS001' is not a rule code or prefix (did you mean 'TST001'?)"),
        ("unsafe-fixes = 1", "unsafe-fixes: expected true or false, got an integer"),
        ("include = [1]", "include: expected a list of glob patterns, got a list"),
        ("severity = 'error'", "severity: expected a table of rule code = severity, got a string"),
        (
            "[severity]\nTST001 = 'fatal'",
            "severity.TST001: 'fatal' is not a severity; use one of error, warning, info, hint",
        ),
        (
            "[severity]\nTST001 = 'eror'",
            "severity.TST001: 'eror' is not a severity; use one of error, warning, info, hint (did you mean 'error'?)",
        ),
        ("[severity]\nXYZ = 'error'", "severity.XYZ: 'XYZ' is not a rule code or prefix"),
    ],
)
def test_bad_keys_and_values_name_file_key_and_hint(tmp_path, text, expected):
    settings, errors = from_file(tmp_path, text + "\n")
    assert errors == [f"{tmp_path / '.dockerls.toml'}: {expected}"]


def test_good_entries_still_apply_next_to_bad_ones(tmp_path):
    settings, errors = from_file(tmp_path, 'ignore = ["TST001"]\nbogus = 1\n[apt]\nsharing = "shared"\nfoo = 2\n')
    assert len(errors) == 2
    assert settings.ignore == ("TST001",) and settings.options.apt.sharing == "shared"


def test_option_types_come_from_the_dataclass_annotations(monkeypatch):
    """Families add option fields on their own; the schema follows their annotations and choices."""
    import dataclasses

    import dockerls.config.schema as schema

    @dataclasses.dataclass(frozen=True)
    class DemoOptions:
        flag: bool = True
        mode: str | None = None
        names: tuple[str, ...] = ()
        level: str = dataclasses.field(default="low", metadata={"choices": ("low", "high")})

    @dataclasses.dataclass(frozen=True)
    class DemoFamilies:
        demo: DemoOptions = dataclasses.field(default_factory=DemoOptions)

    monkeypatch.setattr(schema, "Options", DemoFamilies)
    settings, errors = settings_from_mapping({"demo": {"flag": False, "mode": "x", "names": ["a", "b"], "level": "high"}})
    assert errors == [] and settings.options == DemoFamilies(DemoOptions(False, "x", ("a", "b"), "high"))
    settings, errors = settings_from_mapping({"demo": {"mode": None}})
    assert errors == [] and settings.options.demo.mode is None
    _, errors = settings_from_mapping({"demo": {"flag": 1, "mode": 2, "names": "a", "level": "hgh"}})
    assert [str(error) for error in errors] == [
        "editor settings: demo.flag: expected true or false, got an integer",
        "editor settings: demo.mode: expected a string, got an integer",
        "editor settings: demo.names: expected a list, got a string",
        "editor settings: demo.level: 'hgh' is not one of 'low', 'high' (did you mean 'high'?)",
    ]


def test_editor_settings_use_camel_case():
    settings, errors = settings_from_mapping(
        {
            "select": ["TST"],
            "ignore": ["TST003"],
            "extendSelect": ["SUP"],
            "unsafeFixes": True,
            "fixOnWillSave": True,
            "configFile": "/somewhere/dockerls.toml",
            "apt": {"dockerClean": False},
        }
    )
    assert errors == []
    assert settings.select == ("TST",) and settings.ignore == ("TST003",) and settings.extend_select == ("SUP",)
    assert settings.unsafe_fixes is True and settings.options.apt.docker_clean is False


def test_editor_errors_name_the_source_and_hint_in_camel_case():
    data = {"extendSelct": ["TST"], "unsafeFixes": "yes"}
    settings, errors = settings_from_mapping(data, source="workspace/configuration")
    assert [str(error) for error in errors] == [
        "workspace/configuration: extendSelct: unknown setting (did you mean 'extendSelect'?)",
        "workspace/configuration: unsafeFixes: expected true or false, got a string",
    ]
    assert settings == LintSettings()


def test_editor_settings_that_are_not_an_object():
    settings, errors = settings_from_mapping(["select"])  # type: ignore[arg-type]
    assert settings == LintSettings() and len(errors) == 1


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(["TST", "SYN001", "locked", "error"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from(["apt", "select", "sharing", "severity"]), inner, max_size=3),
    max_leaves=10,
)
_keys = st.sampled_from(["select", "ignore", "extendSelect", "unsafeFixes", "severity", "apt", "pip", "fixable", "x"])


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.dictionaries(_keys, _json, max_size=5))
def test_any_editor_settings_give_settings_and_errors_never_an_exception(data):
    settings, errors = settings_from_mapping(data)
    assert isinstance(settings, LintSettings)
    assert all(error.source == "editor settings" for error in errors)
    settings.selects("TST001")  # usable, whatever came in


def test_empty_option_table_from_neovim_is_an_empty_table():
    from dockerls.config import settings_from_mapping

    settings, errors = settings_from_mapping({"apt": [], "pip": []}, source="editor settings")
    assert errors == []
