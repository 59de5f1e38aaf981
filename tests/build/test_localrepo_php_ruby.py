"""The local repositories' index counting and served-time URLs, and the Composer filler (no engine needed)."""

from __future__ import annotations

import json
import urllib.request
import zipfile

from tests.build.localrepo import FILLERS, PLACEHOLDER, LocalRepository
from tests.build.localrepo_php_ruby import COMPOSER_INDEX, RUBYGEMS_INDEX, make_composer


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_index_files_are_counted_apart_from_the_archives(tmp_path):
    (tmp_path / "gems").mkdir()
    (tmp_path / "gems/a-1.0.0.gem").write_bytes(b"gem")
    (tmp_path / "specs.4.8.gz").write_bytes(b"index")
    repository = LocalRepository(tmp_path, "rubygems", RUBYGEMS_INDEX)
    repository.start()
    try:
        _get(repository.url + "/specs.4.8.gz")
        _get(repository.url + "/gems/a-1.0.0.gem")
    finally:
        repository.stop()
    assert repository.files_served == ["/gems/a-1.0.0.gem"]
    assert repository.index_served == ["/specs.4.8.gz"]


def test_metadata_names_the_repository_by_the_url_it_is_served_at(tmp_path):
    make_composer(tmp_path, tools=None)
    on_disk = (tmp_path / "packages.json").read_text()
    assert PLACEHOLDER in on_disk
    repository = LocalRepository(tmp_path, "composer", COMPOSER_INDEX, (".json",))
    repository.start()
    try:
        served = json.loads(_get(repository.url + "/packages.json"))
        url = served["packages"]["dockerls/shout"]["1.0.0"]["dist"]["url"]
        assert url == repository.url + "/dists/dockerls-shout-1.0.0.zip"
        archive = _get(url)
    finally:
        repository.stop()
    assert repository.index_served == ["/packages.json"]
    assert repository.files_served == ["/dists/dockerls-shout-1.0.0.zip"]
    assert archive == (tmp_path / "dists/dockerls-shout-1.0.0.zip").read_bytes()


def test_composer_archives_hold_a_package_that_needs_the_other(tmp_path):
    make_composer(tmp_path, tools=None)
    with zipfile.ZipFile(tmp_path / "dists/dockerls-shout-1.0.0.zip") as archive:
        manifest = json.loads(archive.read("composer.json"))
        assert {info.date_time for info in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
    assert manifest["require"] == {"dockerls/greet": "^1.0"}
    assert (tmp_path / "dists/dockerls-greet-1.0.0.zip").is_file()


def test_the_fillers_are_registered_with_their_index_and_rewriting():
    assert FILLERS["composer"].rewrite == (".json",) and FILLERS["composer"].index == COMPOSER_INDEX
    assert FILLERS["rubygems"].index == RUBYGEMS_INDEX and FILLERS["rubygems"].recipe
