"""The import graph: no cycles (imports inside functions count), the core stays UI-free."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "paperterm"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - node.level + 1]
        head = ".".join(base + ([node.module] if node.module else []))
    else:
        head = node.module or ""
    return [head] + [f"{head}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    """Every paperterm module -> the paperterm modules it imports, wherever the import sits."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name].update(
                    t for t in _targets(name, path, node) if t in modules and t != name
                )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _is_package_face(component: list[str]) -> bool:
    # A package's __init__ re-exporting its own submodules, which import siblings through it.
    head = component[0]
    return all(m == head or m.startswith(head + ".") for m in component)


def test_no_import_cycle_in_the_package():
    bad = [c for c in cycles(import_graph()) if not _is_package_face(c)]
    assert bad == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in bad)


def test_cycle_finder_finds_a_lazy_import_cycle(tmp_path):
    # The checker itself must see a cycle closed by an import inside a function.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    node = ast.parse("def f():\n    from paperterm import models\n").body[0].body[0]
    assert "paperterm.models" in _targets("paperterm.x", PACKAGE / "x.py", node)


def test_no_screen_imports_the_app():
    graph = import_graph()
    offenders = [m for m in graph if m.startswith("paperterm.tui.screens.")]
    assert [m for m in offenders if "paperterm.tui.app" in graph[m]] == []


def test_widgets_never_import_sqlite3_or_core_services():
    for path in (PACKAGE / "tui" / "widgets").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for name in names:
                    assert not name.startswith("sqlite3"), path
                    for room in ("store", "sync", "search", "bookmarks"):
                        assert not name.startswith(f"paperterm.{room}"), (path, name)


def test_the_core_loads_without_textual():
    # Rich is kept out by import-linter (direct imports); httpx itself may load it at run time.
    core = ("store", "sync", "search", "bookmarks", "models", "text", "paths", "config", "library")
    names = sorted(m for m in _modules() if m.count(".") and m.split(".")[1] in core)
    code = (
        f"import sys, importlib\nfor m in {names!r}: importlib.import_module(m)\n"
        "print(sorted(x for x in ('textual',) if x in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert len(names) > 20  # the walk found the core
