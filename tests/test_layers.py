"""The import layers: no cycles, no lower layer importing a higher one, pygls only in the LSP adapter.

Every module under ``dockerls/`` is read with ``ast``; every import counts, also one
inside a function or under ``TYPE_CHECKING`` (a deferred import hides a cycle, it
does not remove it). The controls plant a cycle, an upward import and a stray pygls
import in a throwaway package and check that each is reported.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.paths import REPO

# Lowest first. A module may import modules of its own layer or of lower ones.
# analysis and profiles come with issue 13; they are placed here already.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("",),  # the package itself (its version)
    ("syntax",),
    ("core",),
    ("analysis", "profiles"),
    ("rules",),
    ("authoring",),  # completion, hover and definition in a RUN's flags (reads the rules' knowledge)
    ("engine",),
    ("config",),
    ("cli", "lsp", "runtime", "__main__"),
)
# Third-party packages only one part of the tree may import.
CONFINED = {"pygls": "lsp", "lsprotocol": "lsp"}


def module_files(package_root: Path, package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    modules = {}
    for path in sorted(package_root.rglob("*.py")):
        parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    assert package in modules, f"{package_root} holds no package {package}"
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement anywhere in the module.

    ``from X import Y`` imports the module X.Y when there is one, else X."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule if submodule in modules else base, node.lineno))
    return found


def import_graph(package_root: Path, package: str) -> tuple[dict[str, list[tuple[str, int]]], dict[str, Path]]:
    modules = module_files(package_root, package)
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    return graph, modules


def layer_of(module: str, package: str) -> int | None:
    rest = module[len(package) + 1 :] if module != package else ""
    part = rest.split(".", 1)[0]
    for index, members in enumerate(LAYERS):
        if part in members:
            return index
    return None


def layer_violations(graph: dict[str, list[tuple[str, int]]], package: str) -> list[str]:
    problems = []
    for module, imports in sorted(graph.items()):
        own = layer_of(module, package)
        if own is None:
            problems.append(f"{module} belongs to no layer: add its package to LAYERS")
            continue
        for target, line in imports:
            top = target.split(".", 1)[0]
            if top in CONFINED and not module.startswith(f"{package}.{CONFINED[top]}"):
                problems.append(f"{module}:{line} imports {target}, which only {package}.{CONFINED[top]} may")
            if top != package:
                continue
            theirs = layer_of(target, package)
            if theirs is not None and theirs > own:
                problems.append(
                    f"{module}:{line} imports {target}: layer {'/'.join(LAYERS[own]) or package} "
                    f"is below {'/'.join(LAYERS[theirs])}"
                )
    return problems


def cycles(graph: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """The import cycles: strongly connected groups of modules (Tarjan), each sorted."""
    edges = {module: sorted({target for target, _ in imports if target in graph}) for module, imports in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        # Iterative depth-first search: (node, position in its edge list).
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recursed = False
            targets = edges[node]
            while position < len(targets):
                target = targets[position]
                position += 1
                if target not in index:
                    work.append((node, position))
                    work.append((target, 0))
                    recursed = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recursed:
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def test_every_module_is_read():
    graph, modules = import_graph(REPO / "dockerls", "dockerls")
    assert len(graph) > 100  # the walk found the tree, not an empty directory
    assert {"dockerls.syntax.model", "dockerls.core.rule", "dockerls.engine.check", "dockerls.lsp.server"} <= set(graph)


def test_no_import_cycles():
    graph, _ = import_graph(REPO / "dockerls", "dockerls")
    assert cycles(graph) == []


def test_the_syntax_model_is_a_leaf():
    """Analyses (shell commands, build state) attach to the model from outside."""
    graph, _ = import_graph(REPO / "dockerls", "dockerls")
    assert [target for target, _ in graph["dockerls.syntax.model"] if target.startswith("dockerls")] == [
        "dockerls.syntax.lines"  # (a type only)
    ]


def test_no_lower_layer_imports_a_higher_one():
    graph, _ = import_graph(REPO / "dockerls", "dockerls")
    assert layer_violations(graph, "dockerls") == []


def test_the_engine_is_given_the_rules():
    graph, _ = import_graph(REPO / "dockerls", "dockerls")
    engine_imports = {target for module, imports in graph.items() if module.startswith("dockerls.engine") for target, _ in imports}
    assert not [target for target in engine_imports if target.startswith("dockerls.rules")]


# Controls: the same checks on a planted package.


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "planted"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_control_a_cycle_through_a_function_level_import_is_found(tmp_path):
    root = _plant(
        tmp_path,
        {
            "syntax/__init__.py": "",
            "syntax/model.py": "def shell():\n    from planted.syntax.shell import run\n",
            "syntax/shell.py": "from planted.syntax import model\n",
            "syntax/leaf.py": "from . import model\n",
        },
    )
    graph, _ = import_graph(root, "planted")
    assert cycles(graph) == [["planted.syntax.model", "planted.syntax.shell"]]
    assert layer_violations(graph, "planted") == []


def test_control_an_upward_import_under_type_checking_is_found(tmp_path):
    root = _plant(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/rule.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..engine import check\n",
            "engine/__init__.py": "",
            "engine/check.py": "",
        },
    )
    graph, _ = import_graph(root, "planted")
    assert cycles(graph) == []
    assert layer_violations(graph, "planted") == [
        "planted.core.rule:3 imports planted.engine.check: layer core is below engine"
    ]


def test_control_pygls_outside_the_lsp_adapter_and_unknown_packages_are_found(tmp_path):
    root = _plant(
        tmp_path,
        {
            "engine/__init__.py": "def f():\n    import lsprotocol.types\n",
            "lsp/__init__.py": "import pygls\n",
            "extras/__init__.py": "",
        },
    )
    graph, _ = import_graph(root, "planted")
    assert layer_violations(graph, "planted") == [
        "planted.engine:2 imports lsprotocol.types, which only planted.lsp may",
        "planted.extras belongs to no layer: add its package to LAYERS",
    ]
