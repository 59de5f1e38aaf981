"""The build tier's own tools, on synthetic input: no engine needed.

The image comparison is checked on tar files written here, including a
control that a planted difference is caught (and named); the download
counting on log lines of the formats apt, pip, cargo and go print.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.build.downloads import apt_lists, downloads, fetched_again
from tests.build.engine import Build
from tests.build.imagediff import Policy, compare_configs, compare_trees, read_tree
from tests.build.pairs import PAIRS, announced_by_message, tomllib, with_rebuild_arg


def _tar(path: Path, entries: list[tuple]) -> Path:
    """entries: (name, kind, mode, uid, gid, content-or-link)."""
    with tarfile.open(path, "w") as archive:
        for name, kind, mode, uid, gid, payload in entries:
            info = tarfile.TarInfo(name)
            info.mode, info.uid, info.gid = mode, uid, gid
            data = None
            if kind == "file":
                data = payload.encode()
                info.size = len(data)
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, payload
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, payload
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


BASE = [
    ("./", "dir", 0o755, 0, 0, None),
    ("etc", "dir", 0o755, 0, 0, None),
    ("etc/passwd", "file", 0o644, 0, 0, "root:x:0:0\n"),
    ("etc/apt/apt.conf.d/docker-clean", "file", 0o644, 0, 0, "DPkg::Post-Invoke {};\n"),
    ("bin", "symlink", 0o777, 0, 0, "usr/bin"),
    ("home/app", "dir", 0o755, 1000, 1000, None),
    ("var/lib/apt/extended_states", "file", 0o644, 0, 0, "Package: x\n"),
    ("var/lib/apt/lists/deb_Packages", "file", 0o644, 0, 0, "lists\n"),
    ("app/mod.cpython-311.pyc", "file", 0o644, 0, 0, "mtime 1"),
    ("var/log/dpkg.log", "file", 0o644, 0, 0, "2024-01-01 install\n"),
    ("usr/bin/tool", "file", 0o755, 0, 0, "binary"),
    ("usr/bin/tool-alias", "hardlink", 0o755, 0, 0, "usr/bin/tool"),
]


@pytest.fixture
def before(tmp_path):
    return read_tree(_tar(tmp_path / "before.tar", BASE))


def _after(tmp_path, changed: dict | None = None, added: list | None = None, removed: set | None = None):
    entries = []
    for entry in BASE:
        if removed and entry[0] in removed:
            continue
        entries.append((changed or {}).get(entry[0], entry))
    return read_tree(_tar(tmp_path / "after.tar", entries + (added or [])))


def test_identical_images_are_the_same(before, tmp_path):
    assert compare_trees(before, _after(tmp_path)) == []


def test_tree_records_every_attribute(before):
    assert before["/bin"].kind == "symlink" and before["/bin"].link == "usr/bin"
    assert before["/home/app"].uid == 1000 and before["/home/app"].mode == 0o755
    assert before["/usr/bin/tool-alias"].digest == before["/usr/bin/tool"].digest  # a hard link is its file


@pytest.mark.parametrize(
    "changed, expected",
    [
        (("etc/passwd", "file", 0o644, 0, 0, "root:x:0:0\napp:x:1000\n"), "content differs"),
        (("etc/passwd", "file", 0o600, 0, 0, "root:x:0:0\n"), "mode 0644 became 0600"),
        (("home/app", "dir", 0o755, 0, 0, None), "owner 1000:1000 became 0:0"),
        (("bin", "symlink", 0o777, 0, 0, "usr/local/bin"), "link target usr/bin became usr/local/bin"),
        (("etc/passwd", "dir", 0o644, 0, 0, None), "file became dir"),
    ],
)
def test_a_planted_difference_is_caught_and_named(before, tmp_path, changed, expected):
    differences = compare_trees(before, _after(tmp_path, changed={changed[0]: changed}))
    assert [(d.path, d.what) for d in differences] == [("/" + changed[0], expected)]


def test_missing_and_added_paths_are_named(before, tmp_path):
    after = _after(tmp_path, removed={"var/lib/apt/extended_states"}, added=[("opt/new", "file", 0o644, 0, 0, "x")])
    paths = [d.path for d in compare_trees(before, after)]
    assert paths == ["/opt/new", "/var/lib/apt/extended_states"]


def test_cache_contents_may_differ_but_state_beside_them_may_not(before, tmp_path):
    after = _after(
        tmp_path,
        removed={"var/lib/apt/lists/deb_Packages", "var/lib/apt/extended_states"},
        added=[("var/lib/apt/lists/partial", "dir", 0o700, 42, 0, None)],
    )
    differences = compare_trees(before, after, Policy(caches=("/var/lib/apt/lists",)))
    assert [d.path for d in differences] == ["/var/lib/apt/extended_states"]


def test_announced_paths_may_differ(before, tmp_path):
    after = _after(
        tmp_path,
        removed={"etc/apt/apt.conf.d/docker-clean"},
        added=[("etc/apt/apt.conf.d/keep-cache", "file", 0o644, 0, 0, "Keep\n")],
    )
    assert compare_trees(before, after) != []
    policy = Policy(announced=("/etc/apt/apt.conf.d/docker-clean", "/etc/apt/apt.conf.d/keep-cache"))
    assert compare_trees(before, after, policy) == []


def test_mount_point_left_behind_must_belong_to_its_user(before, tmp_path):
    policy = Policy(caches=("/home/app/.cache/pip",))
    as_user = _after(tmp_path, added=[
        ("home/app/.cache", "dir", 0o755, 1000, 1000, None),
        ("home/app/.cache/pip", "dir", 0o755, 1000, 1000, None),
    ])
    assert compare_trees(before, as_user, policy) == []
    as_root = _after(tmp_path, added=[
        ("home/app/.cache", "dir", 0o755, 0, 0, None),
        ("home/app/.cache/pip", "dir", 0o755, 1000, 1000, None),
    ])
    differences = compare_trees(before, as_root, policy)
    assert [d.path for d in differences] == ["/home/app/.cache"]
    assert "owned by 0:0, where its user would have created it as 1000:1000" in differences[0].what


def test_moved_mount_point_may_disappear(tmp_path):
    stub = [("root/.cache", "dir", 0o755, 0, 0, None), ("root/.cache/pip", "dir", 0o755, 0, 0, None)]
    original = read_tree(_tar(tmp_path / "original.tar", BASE + stub))
    moved = read_tree(_tar(tmp_path / "moved.tar", BASE))
    assert compare_trees(original, moved, Policy(caches=("/root/.cache/pip",))) == []
    assert [d.path for d in compare_trees(original, moved)] == ["/root/.cache", "/root/.cache/pip"]
    kept = read_tree(_tar(tmp_path / "kept.tar", BASE + stub + [("root/.cache/kept", "file", 0o644, 0, 0, "x")]))
    assert [d.path for d in compare_trees(kept, moved, Policy(caches=("/root/.cache/pip",)))] == [
        "/root/.cache", "/root/.cache/kept"
    ]


def test_mount_point_holding_other_files_is_caught(before, tmp_path):
    after = _after(tmp_path, added=[
        ("root/.cache", "dir", 0o755, 0, 0, None),
        ("root/.cache/other", "file", 0o644, 0, 0, "not a cache"),
        ("root/.cache/pip", "dir", 0o755, 0, 0, None),
    ])
    differences = compare_trees(before, after, Policy(caches=("/root/.cache/pip",)))
    assert {d.path for d in differences} == {"/root/.cache", "/root/.cache/other"}


def test_bytecode_and_logs_compare_by_presence(before, tmp_path):
    after = _after(tmp_path, changed={
        "app/mod.cpython-311.pyc": ("app/mod.cpython-311.pyc", "file", 0o644, 0, 0, "mtime 2"),
        "var/log/dpkg.log": ("var/log/dpkg.log", "file", 0o644, 0, 0, "2024-01-02 install\n"),
    })
    assert compare_trees(before, after) == []
    gone = _after(tmp_path, removed={"app/mod.cpython-311.pyc"})
    assert [d.path for d in compare_trees(before, gone)] == ["/app/mod.cpython-311.pyc"]


def test_config_differences_are_named():
    before = {"Env": ["PATH=/bin"], "Cmd": ["python"], "User": "", "WorkingDir": "/"}
    assert compare_configs(before, dict(before)) == []
    after = dict(before, User="app", Cmd=None, Env=["PATH=/bin", "PIP_NO_CACHE_DIR=1"])
    assert [d.path for d in compare_configs(before, after)] == [
        "config Env PIP_NO_CACHE_DIR", "config Cmd", "config User"
    ]


# --- download counting ----------------------------------------------------------------------

APT_LOG = """\
#7 0.105 Get:1 http://mirror.invalid/debian bookworm InRelease [151 kB]
#7 0.187 Get:4 http://mirror.invalid/debian bookworm/main amd64 Packages [8790 kB]
#7 0.247 Get:5 http://mirror.invalid/debian bookworm/main Translation-en [6107 kB]
#7 0.300 Hit:6 http://mirror.invalid/debian bookworm-updates InRelease
#7 2.693 Get:1 http://mirror.invalid/debian bookworm/main amd64 libncurses6 amd64 6.4-4 [103 kB]
#7 2.696 Get:2 http://mirror.invalid/debian bookworm/main amd64 sl amd64 5.02-1+b1 [13.2 kB]
"""
PIP_LOG = """\
#8 1.2 Collecting flask==3.0.3
#8 1.3   Downloading flask-3.0.3-py3-none-any.whl (101 kB)
#8 1.4   Using cached Jinja2-3.1.4-py3-none-any.whl (133 kB)
"""
CARGO_LOG = """\
#9 0.4  Downloading crates ...
#9 0.5   Downloaded itoa v1.0.11
#9 0.9    Compiling hello_rust v0.1.0 (/app)
#9 1.0 go: downloading example.invalid/mod v1.2.3
"""


def test_apt_counts_packages_not_lists():
    assert downloads(APT_LOG)["apt"] == ["libncurses6 6.4-4", "sl 5.02-1+b1"]
    assert apt_lists(APT_LOG) == {"Get": 3, "Hit": 1}


def test_pip_cargo_go_and_front_counts():
    found = downloads(PIP_LOG + CARGO_LOG, ["/files/host/packages/a/b/flask-3.0.3-py3-none-any.whl"])
    assert found["pip"] == ["flask-3.0.3-py3-none-any.whl"]
    assert found["cargo"] == ["itoa v1.0.11"]
    assert found["cargo-compile"] == ["hello_rust v0.1.0"]
    assert found["go"] == ["example.invalid/mod v1.2.3"]
    assert found["front"] == ["flask-3.0.3-py3-none-any.whl"]


def test_fetched_again_is_what_both_builds_downloaded():
    first = downloads(APT_LOG + PIP_LOG)
    second = downloads(PIP_LOG)
    assert fetched_again(first, second) == {"pip": ["flask-3.0.3-py3-none-any.whl"]}
    assert fetched_again(first, downloads("")) == {}


def test_cached_run_steps_are_recognised():
    log = (
        "#5 [2/3] RUN apt-get update\n#5 CACHED\n"
        "#6 [3/3] RUN --mount=type=cache,target=/x true\n#6 0.1 done\n#6 DONE 0.2s\n"
    )
    assert Build("t", log, 0).run_steps() == [
        ("[2/3] RUN apt-get update", True),
        ("[3/3] RUN --mount=type=cache,target=/x true", False),
    ]


# --- the pair runner's text helpers ----------------------------------------------------------


def test_rebuild_arg_follows_every_from():
    text = "FROM a AS b\r\nRUN x\r\nFROM b\r\nRUN y"
    assert with_rebuild_arg(text) == (
        "FROM a AS b\r\nARG DOCKERLS_REBUILD\r\nRUN x\r\nFROM b\r\nARG DOCKERLS_REBUILD\r\nRUN y"
    )
    assert with_rebuild_arg("FROM a") == "FROM a\nARG DOCKERLS_REBUILD\n"


def test_unsafe_announcements_name_paths_or_their_directories():
    messages = ["removing the copy takes requirements.txt out of the final image", "cache /app/target, copying app"]
    assert announced_by_message("/requirements.txt", messages)
    assert announced_by_message("/app/target/release/app", messages)
    assert not announced_by_message("/etc/passwd", messages)
    copy = ["COPY puts Cargo.lock, Cargo.toml, src into the image only for `cargo build`"]
    assert announced_by_message("/app/src/main.rs", copy, "/app")
    assert not announced_by_message("/app/src/main.rs", copy, "/")
    assert not announced_by_message("/srv/other", messages, "/")
    assert announced_by_message("config Env PIP_NO_CACHE_DIR", ["removes ENV PIP_NO_CACHE_DIR=1"])
    dot_directory = ["`cargo build` reads .cargo, Cargo.lock from COPYs (line 3): bind-mount them", "binds `.cargo`."]
    assert announced_by_message("/app/.cargo/config.toml", dot_directory, "/app")
    assert not announced_by_message("/app/.config/cargo.toml", dot_directory, "/app")
    assert announced_by_message("/app/Cargo.lock", ["the lock is bound: Cargo.lock."], "/app")


# --- local repositories on loopback -------------------------------------------------------


def _get(url: str, method: str = "GET") -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served(tmp_path):
    from tests.build.localrepo import LocalRepository

    (tmp_path / "org/example/lib/1.0").mkdir(parents=True)
    (tmp_path / "org/example/lib/1.0/lib-1.0.pom").write_text("<project/>\n")
    repository = LocalRepository(tmp_path, "maven")
    repository.start()
    try:
        yield repository
    finally:
        repository.stop()


def test_local_repository_serves_its_directory_on_loopback_and_logs_each_request(served):
    assert served.url.startswith("http://127.0.0.1:") and not served.url.endswith(":0")
    assert _get(served.url + "/org/example/lib/1.0/lib-1.0.pom") == 200
    assert _get(served.url + "/org/example/lib/1.0/lib-1.0.jar") == 404
    assert _get(served.url + "/org/example/lib/1.0/lib-1.0.pom", "HEAD") == 200
    assert _get(served.url + "/org/example/lib/1.0/") == 404  # no listings: tools ask for files
    assert [(r.method, r.path, r.status) for r in served.requests] == [
        ("GET", "/org/example/lib/1.0/lib-1.0.pom", 200),
        ("GET", "/org/example/lib/1.0/lib-1.0.jar", 404),
        ("HEAD", "/org/example/lib/1.0/lib-1.0.pom", 200),
        ("GET", "/org/example/lib/1.0/", 404),
    ]
    # Only whole files sent count as downloads: not a miss, not a HEAD.
    assert served.files_served == ["/org/example/lib/1.0/lib-1.0.pom"]


def test_local_repository_downloads_are_counted_per_filler_and_compared():
    first = downloads("", [], {"maven": ["/org/a/1/a-1.jar", "/org/b/1/b-1.pom"]})
    second = downloads("", [], {"maven": ["/org/b/1/b-1.pom"]})
    assert first["local-maven"] == ["org/a/1/a-1.jar", "org/b/1/b-1.pom"]
    assert fetched_again(first, second) == {"local-maven": ["org/b/1/b-1.pom"]}
    assert fetched_again(first, downloads("", [], {"maven": []})) == {}


def test_local_repositories_make_content_once_per_recipe_and_serve_it_for_a_pair(tmp_path):
    from tests.build.localrepo import Filler, FillTools, LocalRepositories

    made: list[Path] = []

    def make(directory: Path, tools: FillTools) -> None:
        made.append(directory)
        (directory / "index.txt").write_text("content\n")

    repositories = LocalRepositories(tmp_path / "cache", FillTools(None, None, None), {"test": Filler(make, "recipe 1")})
    first = repositories.content("test")
    assert repositories.content("test") == first and len(made) == 1  # kept in the cache folder
    with repositories.serve(None) as none:
        assert none is None
    with repositories.serve({"fill": "test"}) as repository:
        assert _get(repository.url + "/index.txt") == 200
        assert repository.files_served == ["/index.txt"]
    with pytest.raises(KeyError):
        repositories.content("unknown")


def test_local_repository_from_the_pairs_own_directory(tmp_path):
    from tests.build.localrepo import FILLERS, FillTools, LocalRepositories

    pair = tmp_path / "pair"
    (pair / "repository" / "gems").mkdir(parents=True)
    (pair / "repository" / "gems" / "x-1.gem").write_bytes(b"gem")
    repositories = LocalRepositories(tmp_path / "cache", FillTools(None, None, None), FILLERS)
    with repositories.serve({"fill": "directory"}, pair) as repository:
        assert _get(repository.url + "/gems/x-1.gem") == 200
    with pytest.raises(FileNotFoundError):
        repositories.content("directory", tmp_path / "no-such-pair")


def test_the_pairs_context_names_its_local_repository(tmp_path):
    from tests.build.pairs import Pair, prepare

    pair_directory = tmp_path / "pair"
    (pair_directory / "context").mkdir(parents=True)
    (pair_directory / "before.Dockerfile").write_text("FROM debian:bookworm\nCOPY settings.xml /tmp/\n")
    (pair_directory / "context" / "settings.xml").write_text("<url>@LOCALREPO@/maven</url><i>@FRONT@</i>\n")
    pair = Pair("local", pair_directory / "before.Dockerfile", pair_directory / "context")
    prepared = prepare(pair, tmp_path / "scratch", "http://127.0.0.1:1", "http://127.0.0.1:2")
    assert (prepared.context / "settings.xml").read_text() == "<url>http://127.0.0.1:2/maven</url><i>http://127.0.0.1:1</i>\n"


def test_a_pair_may_build_another_pairs_context():
    from tests.build.pairs import PAIRS, all_pairs

    borrowing = [pair for pair in all_pairs() if "context_from" in pair.expect]
    assert borrowing, "no pair borrows a context: this test checks nothing"
    for pair in borrowing:
        assert pair.context == PAIRS / pair.expect["context_from"] / "context" and pair.context.is_dir()


def test_the_go_module_proxy_holds_the_goproxy_protocols_files(tmp_path):
    import json
    import zipfile

    from tests.build.localrepo import FILLERS, FillTools, LocalRepositories
    from tests.build.localrepo_go import MODULES, VERSION

    repositories = LocalRepositories(tmp_path / "cache", FillTools(None, None, None), {"goproxy": FILLERS["goproxy"]})
    with repositories.serve({"fill": "goproxy"}) as proxy:
        for module, (go_mod, sources) in MODULES.items():
            base = f"{proxy.url}/{module}/@v/"
            assert _get(base + "list") == 200 and _get(base + f"{VERSION}.info") == 200
            assert _get(base + f"{VERSION}.mod") == 200 and _get(base + f"{VERSION}.zip") == 200
            assert _get(base + "v9.9.9.zip") == 404
        served = list(proxy.files_served)
    assert len(served) == 4 * len(MODULES)
    assert downloads("", [], {"goproxy": served})["local-goproxy"][3] == f"dockerls.test/greet/@v/{VERSION}.zip"
    root = repositories.content("goproxy")
    for module, (go_mod, sources) in MODULES.items():
        versions = root / module / "@v"
        assert (versions / "list").read_text() == VERSION + "\n"
        assert json.loads((versions / f"{VERSION}.info").read_text())["Version"] == VERSION
        assert (versions / f"{VERSION}.mod").read_text() == go_mod
        with zipfile.ZipFile(versions / f"{VERSION}.zip") as archive:
            names = archive.namelist()
            # The module zip layout: every file under "<module>@<version>/", its go.mod the .mod file.
            assert sorted(names) == sorted(f"{module}@{VERSION}/{name}" for name in ["go.mod", *sources])
            assert archive.read(f"{module}@{VERSION}/go.mod").decode() == go_mod
    assert "dockerls.test/greet" in MODULES["dockerls.test/shout"][0]  # one needs the other: two downloads


def test_the_go_pairs_go_sum_holds_the_proxys_hashes():
    from tests.build.localrepo_go import go_sum
    from tests.build.pairs import PAIRS

    # Checked by Go 1.19: `go mod download` and `go mod verify` against the proxy accept these
    # lines, and reject a changed one ("checksum mismatch", with GOSUMDB=off too).
    assert go_sum().splitlines()[:2] == [
        "dockerls.test/greet v1.0.0 h1:/uXEtFjUII3mvubPIBDTiwUEHyd5ZO6Oc+fANBCksZ8=",
        "dockerls.test/greet v1.0.0/go.mod h1:ew2uO4ULf5IQ9CGl4aSqV2HSD1/VymV9dPyEV4UWero=",
    ]
    sums = sorted(PAIRS.glob("*/context/go.sum"))
    assert sums, "no Go pair has a go.sum: this test checks nothing"
    for path in sums:
        assert path.read_text() == go_sum(), f"{path}: regenerate it from tests.build.localrepo_go.go_sum()"
# --- the cargo stand-in registry (tests/build/localrepo_cargo.py) -----------------------------


def test_cargo_index_paths_follow_the_name_length():
    from tests.build.localrepo_cargo import index_path

    assert [index_path(name) for name in ("a", "ab", "abc", "abcd", "Serde_JSON")] == [
        "1/a", "2/ab", "3/a/abc", "ab/cd/abcd", "se/rd/serde_json"
    ]


def test_cargo_crates_are_the_same_bytes_every_time_and_the_pairs_lock_holds_their_checksums(tmp_path):
    import hashlib
    import tarfile

    from tests.build.localrepo_cargo import CRATES, lock_checksums, make_cargo

    make_cargo(tmp_path / "one")
    make_cargo(tmp_path / "two")
    for name, version, _, _ in CRATES:
        crate = Path("crates") / name / f"{name}-{version}.crate"
        archive = (tmp_path / "one" / crate).read_bytes()
        assert archive == (tmp_path / "two" / crate).read_bytes()
        assert hashlib.sha256(archive).hexdigest() == lock_checksums()[f"{name} {version}"]
        with tarfile.open(tmp_path / "one" / crate) as opened:
            assert sorted(opened.getnames()) == [f"{name}-{version}/Cargo.toml", f"{name}-{version}/src/lib.rs"]
    lock = tomllib.loads((PAIRS / "cargo-registry-deps" / "context" / "Cargo.lock").read_text())
    locked = {f"{package['name']} {package['version']}": package.get("checksum") for package in lock["package"]}
    assert {key: locked.get(key) for key in lock_checksums()} == lock_checksums()


def test_cargo_index_lines_name_each_crates_checksum_and_dependencies(tmp_path):
    import hashlib

    from tests.build.localrepo_cargo import index_path, make_cargo

    make_cargo(tmp_path)
    shout = json.loads((tmp_path / "index" / index_path("dockerls-shout")).read_text())
    archive = (tmp_path / "crates/dockerls-shout/dockerls-shout-0.1.0.crate").read_bytes()
    assert shout["cksum"] == hashlib.sha256(archive).hexdigest()
    assert [(dep["name"], dep["req"], dep["kind"]) for dep in shout["deps"]] == [("dockerls-greet", "^0.1", "normal")]
    assert "@LOCALREPO@" in (tmp_path / "index" / "config.json").read_text()


def test_cargo_registry_is_served_as_a_git_index_and_crate_files(tmp_path):
    import subprocess

    from tests.build.localrepo import FILLERS, FillTools, LocalRepositories

    repositories = LocalRepositories(tmp_path / "cache", FillTools(None, None, None), FILLERS)
    with repositories.serve({"fill": "cargo"}) as repository:
        clone = tmp_path / "clone"
        subprocess.run(["git", "clone", "-q", repository.url + "/index.git", str(clone)], check=True, timeout=60)
        dl = json.loads((clone / "config.json").read_text())["dl"]
        assert dl == repository.url + "/crates/{crate}/{crate}-{version}.crate"  # the URL it is served at
        assert _get(dl.replace("{crate}", "dockerls-greet").replace("{version}", "0.1.0")) == 200
        assert _get(repository.url + "/crates/dockerls-greet/dockerls-greet-9.9.9.crate") == 404
        assert _get(repository.url + "/nothing.git/info/refs?service=git-upload-pack") == 404
        index, files = repository.index_served, repository.files_served
    # The git requests are the index (asked on every run that resolves); the .crate files the downloads.
    assert index and all(path.startswith("/index.git/") for path in index)
    assert files == ["/crates/dockerls-greet/dockerls-greet-0.1.0.crate"]


def test_git_requests_with_a_chunked_body_reach_git(tmp_path):
    import http.client

    from tests.build.localrepo import FILLERS, FillTools, LocalRepositories

    repositories = LocalRepositories(tmp_path / "cache", FillTools(None, None, None), FILLERS)
    with repositories.serve({"fill": "cargo"}) as repository:
        connection = http.client.HTTPConnection(repository.url.removeprefix("http://"), timeout=30)
        headers = {"Content-Type": "application/x-git-upload-pack-request", "Transfer-Encoding": "chunked"}
        connection.request("POST", "/index.git/git-upload-pack", body=iter([b"0000"]), headers=headers, encode_chunked=True)
        response = connection.getresponse()
        assert (response.status, response.getheader("Content-Type")) == (200, "application/x-git-upload-pack-result")
        response.read()
        connection.close()


def test_cgi_output_is_read_as_status_headers_and_body():
    from tests.build.localrepo import cgi_response

    assert cgi_response(b"Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno\r\n\r\nmore") == (
        404, [("Content-Type", "text/plain")], b"no\r\n\r\nmore"
    )
    assert cgi_response(b"Content-Type: a/b\n\nbody") == (200, [("Content-Type", "a/b")], b"body")
