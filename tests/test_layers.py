"""The one-way layers of core (../ARCHITECTURE.md), enforced by import-linter.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` keeps them. Besides
the contracts, core/ has no import cycle at all: every strongly connected component of its
module graph (grimp, the graph import-linter builds) is a single module.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run([lint, "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_lint_imports_keeps_every_contract():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


def test_a_module_inside_core_that_imports_the_facade_breaks_the_contract(tmp_path):
    for name in ("core", "gui"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    rules = tmp_path / "core" / "rules" / "arithmetic.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nfrom core import api  # noqa\n",
                     encoding="utf-8")
    run = _lint_imports(tmp_path)
    assert run.returncode != 0
    assert "core.rules.arithmetic -> core.api" in run.stdout


def _components(graph, modules: set[str]) -> list[set[str]]:
    """Tarjan's strongly connected components of the import graph restricted to ``modules``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in graph.find_modules_directly_imported_by(m) & modules:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            comp = set()
            while True:
                n = stack.pop()
                on_stack.discard(n)
                comp.add(n)
                if n == m:
                    break
            out.append(comp)

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return out


def test_core_has_no_import_cycle():
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("core", cache_dir=None)
    modules = set(graph.modules)
    assert "core.api" in modules and "core.rules.arithmetic" in modules
    cycles = [sorted(c) for c in _components(graph, modules) if len(c) > 1]
    assert not cycles, cycles


def test_the_facade_is_imported_by_nothing_inside_core_but_the_cli():
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("core", cache_dir=None)
    importers = graph.find_modules_that_directly_import("core.api")
    assert importers == {"core.cli"}
