"""Which files `dockerls check` visits, in which order, with which build context."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run, write_bytes

pytestmark = pytest.mark.usefixtures("stub_rules")

FINDING = b"FROM debian\nMAINTAINER me\n"


def checked_files(capsys, *argv) -> list[str]:
    code, out, err = run(capsys, "check", "--output-format", "json", "--select", "TST003", *argv)
    assert code in (0, 1), err
    return [item["filename"] for item in json.loads(out)]


def test_directory_search_names_and_skipped_directories(capsys, tmp_path, monkeypatch):
    wanted = ["Containerfile", "Containerfile.arm", "Dockerfile", "Dockerfile.dev", "a/b/web.Dockerfile", "z/Dockerfile"]
    unwanted = [
        "Dockerfile.dockerignore",
        "web.Dockerfile.dockerignore",
        "dockerfile",
        "README.md",
        "x/Dockerfile.d/",  # a directory with a Dockerfile-like name is searched, not read
        ".git/Dockerfile",
        "node_modules/pkg/Dockerfile",
        ".venv/Dockerfile",
        "a/.git/x.Dockerfile",
    ]
    for name in wanted + unwanted:
        if name.endswith("/"):
            (tmp_path / name).mkdir(parents=True)
        else:
            write_bytes(tmp_path / name, FINDING)
    monkeypatch.chdir(tmp_path)
    assert checked_files(capsys) == [str(tmp_path / name) for name in wanted]
    assert checked_files(capsys, ".") == [str(tmp_path / name) for name in wanted]


def test_text_output_shows_paths_as_found(capsys, tmp_path, monkeypatch):
    write_bytes(tmp_path / "svc" / "Dockerfile", FINDING)
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "check", "svc")
    assert out.splitlines()[0] == "svc/Dockerfile:2:1: TST003 MAINTAINER is deprecated: use a LABEL"


def test_include_and_exclude_are_relative_to_the_config(capsys, tmp_path):
    write_bytes(tmp_path / "dockerls.toml", b'include = ["*.df", "ci/Dockerfile"]\nexclude = ["legacy", "ci/old.df"]\n')
    for name in ("a.df", "sub/b.df", "Dockerfile", "ci/Dockerfile", "sub/ci/Dockerfile", "legacy/c.df", "ci/old.df"):
        write_bytes(tmp_path / name, FINDING)
    found = checked_files(capsys, str(tmp_path))
    assert found == [str(tmp_path / name) for name in ("a.df", "ci/Dockerfile", "sub/b.df")]


def test_a_nested_config_governs_its_subtree(capsys, tmp_path):
    write_bytes(tmp_path / ".dockerls.toml", b'exclude = ["skipped"]\n')
    write_bytes(tmp_path / "inner" / ".dockerls.toml", b'include = ["*.inner"]\n')
    for name in ("skipped/Dockerfile", "Dockerfile", "inner/Dockerfile", "inner/x.inner", "inner/skipped/y.inner"):
        write_bytes(tmp_path / name, FINDING)
    found = checked_files(capsys, str(tmp_path))
    # The inner config replaces the outer one (closest wins): its Dockerfile is not included, its "skipped" is not excluded.
    assert found == [str(tmp_path / name) for name in ("Dockerfile", "inner/skipped/y.inner", "inner/x.inner")]


def test_files_named_explicitly_are_checked_even_if_excluded(capsys, tmp_path):
    write_bytes(tmp_path / "dockerls.toml", b'exclude = ["Dockerfile"]\n')
    path = write_bytes(tmp_path / "Dockerfile", FINDING)
    assert checked_files(capsys, str(tmp_path)) == []
    assert checked_files(capsys, str(path)) == [str(path)]


def test_the_same_file_twice_is_checked_once(capsys, tmp_path):
    path = write_bytes(tmp_path / "Dockerfile", FINDING)
    assert checked_files(capsys, str(path), str(tmp_path)) == [str(path)]


def test_many_files_run_in_a_process_pool_in_a_stable_order(capsys, tmp_path, monkeypatch):
    import concurrent.futures

    names = [f"s{index:02}/Dockerfile" for index in range(12)]
    for name in reversed(names):
        write_bytes(tmp_path / name, FINDING)
    pools = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def spy(*args, **kwargs):
        pools.append(kwargs)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    parallel = checked_files(capsys, str(tmp_path))
    assert parallel == [str(tmp_path / name) for name in names]
    assert pools, "12 files should be checked in a process pool"
    import dockerls.cli.checking as checking

    monkeypatch.setattr(checking, "PARALLEL_THRESHOLD", 100)
    pools.clear()
    assert checked_files(capsys, str(tmp_path)) == parallel and not pools


def context_messages(capsys, *argv, **kwargs) -> list[str]:
    code, out, err = run(capsys, "check", "--output-format", "json", "--select", "TST004", *argv, **kwargs)
    assert code == 1, err
    return [item["message"] for item in json.loads(out)]


def test_build_context_defaults_to_the_dockerfile_directory(capsys, tmp_path):
    path = write_bytes(tmp_path / "app" / "Dockerfile", b"FROM debian\nCOPY here.txt .\nCOPY gone.txt .\n")
    write_bytes(tmp_path / "app" / "here.txt", b"")
    assert context_messages(capsys, str(path)) == ["here.txt is present", "gone.txt is missing"]


def test_context_flag_and_dockerignore(capsys, tmp_path):
    path = write_bytes(tmp_path / "docker" / "Dockerfile", b"FROM debian\nCOPY here.txt .\nCOPY secret.txt .\n")
    write_bytes(tmp_path / "here.txt", b"")
    write_bytes(tmp_path / "secret.txt", b"")
    write_bytes(tmp_path / ".dockerignore", b"secret.txt\n")
    assert context_messages(capsys, "--context", str(tmp_path), str(path)) == [
        "here.txt is present",
        "secret.txt is missing",
    ]


def test_stdin_has_no_context_unless_given(capsys, tmp_path, monkeypatch):
    write_bytes(tmp_path / "here.txt", b"")
    text = b"FROM debian\nCOPY here.txt .\n"
    name = str(tmp_path / "Dockerfile")
    assert context_messages(capsys, "-", "--stdin-filename", name, stdin=text, monkeypatch=monkeypatch) == [
        "here.txt is unknown"
    ]
    assert context_messages(capsys, "-", "--context", str(tmp_path), stdin=text, monkeypatch=monkeypatch) == [
        "here.txt is present"
    ]


def test_a_directory_without_dockerfiles_warns_and_passes(capsys, tmp_path):
    (tmp_path / "README.md").write_text("nothing here")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert (code, out) == (0, "All checks passed!\n")
    assert err == "dockerls: warning: no Dockerfiles found under the given paths\n"
