"""What the RubyGems and Composer stand-in repositories hold: two tiny packages each,
``dockerls-shout`` needing ``dockerls-greet`` (gems) and ``dockerls/shout`` needing
``dockerls/greet`` (Composer), so that an install resolves and downloads two archives.

- RubyGems: the ``.gem`` files are built with Debian's ``gem build`` in a build FROM the
  debian stand-in, and indexed there with ``gem generate_index`` (``specs.4.8.gz``,
  ``latest_specs``, ``prerelease_specs``, ``quick/Marshal.4.8/*.gemspec.rz``, the files
  under ``gems/``); Bundler and ``gem install`` read that layout from an ``http://`` source.
- Composer: a ``packages.json`` (repository type ``composer``, the packages inline) whose
  ``dist`` URLs carry ``@LOCALREPO@`` (replaced when served), and the zip archives, written here.

Index files (``*_INDEX``) are what the tools ask for on every run, with or without a
cache, as apt its lists: the download counting keeps them apart (``LocalRepository.index``).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

_GEMSPEC = """Gem::Specification.new do |s|
  s.name = "{name}"
  s.version = "1.0.0"
  s.summary = "dockerls build tier stand-in"
  s.authors = ["dockerls"]
  s.license = "MIT"
  s.files = ["lib/{module}.rb"]
{requirement}end
"""


def _gem_files() -> dict[str, str]:
    files = {}
    for name, module, requirement in (
        ("dockerls-greet", "dockerls_greet", ""),
        ("dockerls-shout", "dockerls_shout", '  s.add_runtime_dependency "dockerls-greet", "~> 1.0"\n'),
    ):
        files[f"{name}/{name}.gemspec"] = _GEMSPEC.format(name=name, module=module, requirement=requirement)
        files[f"{name}/lib/{module}.rb"] = f"module {module.title().replace('_', '')}\n  def self.call = '{name}'\nend\n"
    return files


def _rubygems_dockerfile() -> str:
    lines = ["FROM debian:bookworm AS gems", "RUN apt-get update && apt-get install -y --no-install-recommends ruby ruby-builder"]
    lines.append("COPY . /src")
    lines.append(
        "RUN mkdir -p /export/gems && for name in dockerls-greet dockerls-shout; do "
        '(cd "/src/$name" && gem build "$name.gemspec" && mv ./*.gem /export/gems/) || exit 1; done '
        "&& gem generate_index --directory /export"
    )
    lines += ["FROM scratch", "COPY --from=gems /export /"]
    return "\n".join(lines) + "\n"


RUBYGEMS_RECIPE = _rubygems_dockerfile() + json.dumps(_gem_files(), sort_keys=True)
RUBYGEMS_INDEX = (
    r"^(latest_|prerelease_)?specs\.4\.8(\.gz)?$",
    r"^quick/",
    r"^(versions|names)$",
    r"^info/",
    r"^api/",
)


def make_rubygems(directory: Path, tools) -> None:
    tools.bases.ensure(("debian",))
    with tempfile.TemporaryDirectory(prefix="dockerls-gems-") as scratch:
        root = Path(scratch)
        for relative, text in _gem_files().items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text)
        (root / "Dockerfile").write_text(_rubygems_dockerfile())
        tools.engine.docker("build", "--network=host", "-f", str(root / "Dockerfile"), "-o", f"type=local,dest={directory}", scratch)


def _composer_packages() -> dict[str, dict]:
    packages = {}
    for name, requires in (("dockerls/greet", {}), ("dockerls/shout", {"dockerls/greet": "^1.0"})):
        short = name.split("/", 1)[1]
        packages[name] = {
            "1.0.0": {
                "name": name,
                "version": "1.0.0",
                "version_normalized": "1.0.0.0",
                "type": "library",
                "require": requires,
                "autoload": {"psr-4": {f"Dockerls\\{short.title()}\\": "src/"}},
                "dist": {
                    "type": "zip",
                    "url": f"@LOCALREPO@/dists/dockerls-{short}-1.0.0.zip",
                    "reference": f"dockerls-{short}-1.0.0",
                },
            }
        }
    return packages


COMPOSER_RECIPE = json.dumps(_composer_packages(), sort_keys=True)
COMPOSER_INDEX = (r"^packages\.json$", r"^p2?/")


def make_composer(directory: Path, tools) -> None:
    packages = _composer_packages()
    (directory / "packages.json").write_text(json.dumps({"packages": packages}, indent=2, sort_keys=True) + "\n")
    (directory / "dists").mkdir()
    for name, versions in packages.items():
        short = name.split("/", 1)[1]
        meta = dict(versions["1.0.0"])
        manifest = {"name": name, "type": "library", "require": meta["require"], "autoload": meta["autoload"]}
        with zipfile.ZipFile(directory / "dists" / f"dockerls-{short}-1.0.0.zip", "w") as archive:
            # Fixed timestamps: the archive (and what it unpacks) is the same on every run.
            for relative, text in (
                ("composer.json", json.dumps(manifest, indent=2) + "\n"),
                (f"src/{short.title()}.php", f"<?php\nnamespace Dockerls\\{short.title()};\nfinal class {short.title()} {{}}\n"),
            ):
                info = zipfile.ZipInfo(relative, date_time=(2024, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                archive.writestr(info, text)
