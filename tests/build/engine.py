"""A private dockerd for the build tier, started and stopped by PID.

The daemon gets its own data-root, exec-root, pidfile and socket in a
temporary directory, no bridge network and no iptables rules: every build
runs with ``--network=host``, so nothing gets a private-range address and
every download goes to a registry (or to a server on 127.0.0.1), as on the
host. Builds use Debian's 20.10 client with BuildKit turned on; a newer
client found first on PATH refuses to build without the buildx plugin.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CLIENT = "/usr/bin/docker"
DAEMON = "/usr/sbin/dockerd"


class EngineError(RuntimeError):
    """The engine could not be started, or a docker command failed; the message says why."""


@dataclass(frozen=True)
class Build:
    """One finished build: its tag and the plain progress log."""

    tag: str
    log: str
    seconds: float
    succeeded: bool = True

    def run_steps(self) -> list[tuple[str, bool]]:
        """Each RUN step of the build as (its ``[stage n/m] RUN …`` title, whether it came from the layer cache)."""
        titles: dict[str, str] = {}
        cached: set[str] = set()
        for line in self.log.splitlines():
            match = re.match(r"#(\d+) (\[.*?\] RUN .*)$", line)
            if match:
                titles.setdefault(match.group(1), match.group(2))
            match = re.match(r"#(\d+) CACHED$", line)
            if match:
                cached.add(match.group(1))
        return [(title, number in cached) for number, title in titles.items()]


class Engine:
    """dockerd with everything of its own under one directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or tempfile.mkdtemp(prefix="dockerls-build-"))
        self.socket = self.root / "docker.sock"
        self.process: subprocess.Popen | None = None
        self.log_path = self.root / "dockerd.log"

    # --- life cycle -----------------------------------------------------------

    def start(self, timeout: float = 90.0) -> None:
        for tool in (DAEMON, CLIENT):
            if not os.access(tool, os.X_OK):
                raise EngineError(f"{tool} is missing: install Debian's docker.io (scripts/test.sh does)")
        if os.geteuid() != 0:
            raise EngineError("dockerd needs root; the build tier runs as root (as CI does)")
        command = [
            DAEMON,
            "--data-root", str(self.root / "data"),
            "--exec-root", str(self.root / "exec"),
            "--pidfile", str(self.root / "dockerd.pid"),
            "--host", f"unix://{self.socket}",
            "--bridge=none", "--iptables=false", "--ip-masq=false",
        ]
        log = open(self.log_path, "wb")
        # A session of its own: the daemon outlives no test run by accident of a
        # terminal signal, and stop() ends exactly this process.
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EngineError(f"dockerd exited with status {self.process.returncode}:\n{self.log_tail()}")
            if self.socket.exists() and self.docker("version", check=False).returncode == 0:
                return
            time.sleep(0.25)
        self.stop()
        raise EngineError(f"dockerd did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the daemon (and the containerd it started) by PID, then remove its directory."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._unmount_leftovers()
        shutil.rmtree(self.root, ignore_errors=True)

    def _unmount_leftovers(self) -> None:
        """Overlay mounts a killed daemon may leave under its directories."""
        try:
            mounts = Path("/proc/self/mounts").read_text().splitlines()
        except OSError:
            return
        prefix = str(self.root) + "/"
        for target in sorted((line.split()[1] for line in mounts if len(line.split()) > 1), reverse=True):
            if target.startswith(prefix):
                subprocess.run(["umount", "-l", target], check=False, capture_output=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no dockerd log)"

    # --- the client -----------------------------------------------------------

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("DOCKER_")}
        env.update(DOCKER_HOST=f"unix://{self.socket}", DOCKER_BUILDKIT="1", DOCKER_CONFIG=str(self.root / "client"))
        return env

    def docker(self, *args: str, check: bool = True, input: bytes | None = None, timeout: float = 1800):
        result = subprocess.run(
            [CLIENT, *args], env=self.environment(), input=input, capture_output=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise EngineError(
                f"docker {' '.join(args)} failed ({result.returncode}):\n"
                + result.stderr.decode(errors="replace")[-4000:]
            )
        return result

    def build(
        self,
        dockerfile: Path,
        context: Path,
        tag: str,
        build_args: dict[str, str] | None = None,
        check: bool = True,
    ) -> Build:
        args = ["build", "--progress=plain", "--network=host", "-f", str(dockerfile), "-t", tag]
        for name, value in (build_args or {}).items():
            args += ["--build-arg", f"{name}={value}"]
        started = time.monotonic()
        result = self.docker(*args, str(context), check=False)
        log = result.stderr.decode(errors="replace") + result.stdout.decode(errors="replace")
        if check and result.returncode != 0:
            raise EngineError(f"building {dockerfile} failed:\n{log[-6000:]}")
        return Build(tag, log, time.monotonic() - started, result.returncode == 0)

    def export(self, tag: str, destination: Path) -> Path:
        """The image's filesystem as a tar file (``docker create`` then ``docker export``)."""
        container = self.docker("create", tag, "/nonexistent-entrypoint").stdout.decode().strip()
        try:
            self.docker("export", "-o", str(destination), container)
        finally:
            self.docker("rm", container, check=False)
        return destination

    def image_config(self, tag: str) -> dict:
        inspected = json.loads(self.docker("image", "inspect", tag).stdout)
        return inspected[0]["Config"] or {}

    def has_image(self, tag: str) -> bool:
        return self.docker("image", "inspect", tag, check=False).returncode == 0

    def prune_cache_mounts(self) -> None:
        """Empty every cache mount, so that the next build starts from empty caches."""
        self.docker("builder", "prune", "--force", "--filter", "type=exec.cachemount")
