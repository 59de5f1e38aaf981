"""Which yarn runs: classic (1.x, the ``yarn`` of the official node images) or berry (2+).

Berry keeps its cache in the project (``.yarn/cache``) unless ``enableGlobalCache`` is
on (the default from yarn 4, then under ``~/.yarn/berry/cache``): a cache mount at
classic's directory does nothing for it. Berry is recognised by what the Dockerfile
shows: its own flags (``--immutable``, ``--immutable-cache``, ``--check-cache``),
``corepack`` or ``yarn set version`` before it, a ``.yarnrc.yml`` copied into the
project, or, with the build context known, ``packageManager: yarn@2+`` in
``package.json`` or a ``.yarnrc.yml`` beside it.
"""

from __future__ import annotations

import json
import posixpath
import re

from dockerls.analysis.invocations import Invocation
from dockerls.analysis.memo import remembered
from dockerls.analysis.projectfiles import copied_file
from dockerls.analysis.sites import all_sites
from dockerls.analysis.stages import stage_tree
from dockerls.core.buildcontext import BuildContext
from dockerls.syntax import Dockerfile

_BERRY_FLAGS = ("immutable", "immutable-cache", "check-cache")
_BERRY_VERSION = re.compile(r"yarn@(?:[2-9]|\d{2,})|berry|stable|canary")


def berry_reason(document: Dockerfile, install: Invocation, context: BuildContext) -> str | None:
    """Why ``install`` (a yarn invocation) is yarn berry, or None for classic."""
    for flag in _BERRY_FLAGS:
        if flag in install.options:
            return f"--{flag} is a yarn 2+ option"
    instruction = install.instruction
    tree = stage_tree(document)
    for site in remembered(document, "yarn-switches", lambda: _switches(document)):
        earlier = site.instruction
        if (earlier.index, site.position) >= (instruction.index, install.site.position):
            break
        if tree.in_chain(earlier.stage, instruction.stage):
            return f"`{' '.join(site.words[:3])}` on an earlier line switches yarn"
    if install.cwd is None:
        return None
    rc = copied_file(document, instruction, posixpath.join(install.cwd, ".yarnrc.yml"), context)
    if rc is not None and (rc.named or rc.exists):
        return ".yarnrc.yml is copied into the project"
    manifest = copied_file(document, instruction, posixpath.join(install.cwd, "package.json"), context)
    if manifest is not None and manifest.text:
        try:
            declared = json.loads(manifest.text).get("packageManager", "")
        except (ValueError, AttributeError):
            declared = ""
        if isinstance(declared, str) and _BERRY_VERSION.search(declared):
            return f"package.json declares packageManager {declared}"
    return None


def _switches(document: Dockerfile):
    """Commands that put yarn 2+ in place: corepack, yarn set version, yarn policies set-version."""
    found = []
    for site in all_sites(document):
        words = site.words
        if site.program == "corepack" and len(words) >= 2 and words[1] in ("enable", "prepare", "use", "install"):
            if words[1] == "enable" or any(_BERRY_VERSION.search(word) for word in words[2:]):
                found.append(site)
        elif site.program in ("yarn", "yarnpkg") and words[1:3] in (["set", "version"], ["policies", "set-version"]):
            if any(_BERRY_VERSION.search(word) for word in words[3:]):
                found.append(site)
    return found
