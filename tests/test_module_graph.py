"""crawler/ imports run one way: no module imports another that imports it back, not even through an import
inside a function (which hides a circle until the day someone moves it to the top)."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

PACKAGE = "crawler"


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `path` imports, at the top or inside functions, absolute or relative."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the submodule pkg.mod; `from mod import name` imports mod
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import crawler.x.y` → the deepest crawler module named
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path = REPO, package: str = PACKAGE) -> dict[str, set[str]]:
    """module → the modules of the same package it imports (the package's empty __init__ left out)."""
    files = sorted((root / package).rglob("*.py"))
    known = {module_name(f, root) for f in files}
    return {module_name(f, root): imported_modules(f, root, known) - {package} for f in files}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan), each as a path that closes on itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_graph_reader_sees_function_local_and_relative_imports(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    for name in ("__init__", "leaf", "sub/__init__"):
        (pkg / f"{name}.py").write_text("")
    (pkg / "a.py").write_text("import os\nfrom .leaf import X\n\ndef f():\n    from pkg.sub import mod\n")
    (pkg / "sub" / "mod.py").write_text("from .. import a\nimport pkg.leaf\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.leaf", "pkg.sub.mod"} and graph["pkg.sub.mod"] == {"pkg.a", "pkg.leaf"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.mod"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_crawler_modules_import_each_other_one_way():
    assert cycles(import_graph()) == []


def test_redis_config_is_a_leaf():
    """The Redis and run helpers import nothing of the crawler: everyone may import them."""
    assert import_graph()["crawler.redis_config"] == set()
