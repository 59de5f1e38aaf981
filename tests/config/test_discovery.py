"""Which config file governs a Dockerfile."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerls.config import find_config_file, load_settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def tree(tmp_path):
    """repo/ with a config at the top, one in svc/, none in svc/api/ or other/."""
    repo = tmp_path / "repo"
    write(repo / "dockerls.toml", 'ignore = ["SYN001"]\n')
    write(repo / "svc" / ".dockerls.toml", 'ignore = ["SYN002"]\n')
    for directory in ("svc/api", "other"):
        (repo / directory).mkdir(parents=True)
    return repo


def test_the_closest_config_wins_and_parents_are_not_merged(tree):
    settings, errors, path = load_settings(str(tree / "svc" / "api" / "Dockerfile"))
    assert (settings.ignore, errors, path) == (("SYN002",), [], str(tree / "svc" / ".dockerls.toml"))
    settings, _, path = load_settings(str(tree / "other" / "Dockerfile"))
    assert (settings.ignore, path) == (("SYN001",), str(tree / "dockerls.toml"))


def test_order_within_one_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.dockerls]\nignore = ["SYN003"]\n')
    assert find_config_file(str(tmp_path)) == str(tmp_path / "pyproject.toml")
    write(tmp_path / "dockerls.toml", 'ignore = ["SYN002"]\n')
    assert find_config_file(str(tmp_path)) == str(tmp_path / "dockerls.toml")
    write(tmp_path / ".dockerls.toml", 'ignore = ["SYN001"]\n')
    assert find_config_file(str(tmp_path)) == str(tmp_path / ".dockerls.toml")


def test_pyproject_without_a_dockerls_table_is_passed_over(tmp_path):
    write(tmp_path / "dockerls.toml", 'ignore = ["SYN001"]\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n[tool.other]\nx = "dockerls"\n')
    settings, errors, path = load_settings(str(tmp_path / "app" / "Dockerfile"))
    assert (settings.ignore, errors, path) == (("SYN001",), [], str(tmp_path / "dockerls.toml"))


def test_pyproject_table(tmp_path):
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.dockerls]\nextend-select = ["SUP"]\n\n[tool.dockerls.apt]\ndocker-clean = false\n',
    )
    settings, errors, _ = load_settings(str(tmp_path / "Dockerfile"))
    assert errors == [] and settings.extend_select == ("SUP",) and settings.options.apt.docker_clean is False


def test_no_config_anywhere_gives_defaults(tmp_path):
    from dockerls.engine import LintSettings

    settings, errors, path = load_settings(str(tmp_path / "Dockerfile"))
    assert (settings, errors, path) == (LintSettings(), [], None)


def test_explicit_config_file_replaces_discovery(tree, tmp_path):
    elsewhere = write(tmp_path / "ci.toml", 'select = ["SYN004"]\n')
    settings, errors, path = load_settings(str(tree / "svc" / "Dockerfile"), config_file=str(elsewhere))
    assert (settings.select, settings.ignore, errors, path) == (("SYN004",), (), [], str(elsewhere))


def test_explicit_pyproject_without_table_is_an_error(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", "[project]\n")
    _, errors, _ = load_settings(None, config_file=str(pyproject))
    assert [str(error) for error in errors] == [f"{pyproject}: has no [tool.dockerls] table"]


def test_missing_explicit_config_file_is_an_error(tmp_path):
    settings, errors, _ = load_settings(None, config_file=str(tmp_path / "nope.toml"))
    assert len(errors) == 1 and "cannot read the file" in errors[0].message


def test_isolated_ignores_config_files(tree):
    from dockerls.engine import LintSettings

    settings, errors, path = load_settings(str(tree / "svc" / "Dockerfile"), isolated=True)
    assert (settings, errors, path) == (LintSettings(), [], None)


def test_unsaved_buffer_starts_at_the_working_directory(tree, monkeypatch):
    monkeypatch.chdir(tree / "svc" / "api")
    _, _, path = load_settings(None)
    assert path == str(tree / "svc" / ".dockerls.toml")


def test_overrides_stack_on_the_file(tree):
    path = str(tree / "svc" / "Dockerfile")
    settings, errors, _ = load_settings(path, overrides={"ignore": ["SYN003"], "extendSelect": ["SUP"]})
    assert errors == [] and settings.ignore == ("SYN002", "SYN003") and settings.extend_select == ("SUP",)
    # A new select starts selection afresh, as a later ruff layer does.
    settings, _, _ = load_settings(path, overrides={"select": ["SYN002"]})
    assert settings.select == ("SYN002",) and settings.ignore == () and settings.selects("SYN002")
