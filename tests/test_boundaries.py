"""The design card's boundaries: core has no Qt, nothing imports network modules, user text
is Chinese and lives where it should."""
from __future__ import annotations

import ast
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NETWORK_MODULES = {"socket", "urllib.request", "http.client", "requests", "httpx", "aiohttp",
                   "ftplib", "smtplib", "urllib3"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt_or_gui():
    for path in (ROOT / "core").rglob("*.py"):
        bad = {n for n in imports(path) if n.split(".")[0] in ("PySide6", "shiboken6", "gui")}
        assert not bad, f"{path} imports {bad}"


def test_no_module_of_ours_imports_a_network_library():
    for folder in ("core", "gui"):
        for path in (ROOT / folder).rglob("*.py"):
            bad = imports(path) & NETWORK_MODULES
            assert not bad, f"{path} imports {bad}"


def test_the_suite_refuses_network_connections():
    with pytest.raises(AssertionError):
        socket.create_connection(("127.0.0.1", 9))


def test_a_whole_check_process_makes_no_connection(tmp_path):
    """Run the CLI with socket creation for INET families made fatal."""
    seed = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))[0]
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(
        "import socket\n"
        "_orig = socket.socket.connect\n"
        "def _deny(self, *a, **k):\n"
        "    raise SystemExit('NETWORK ATTEMPT %r' % (a,))\n"
        "socket.socket.connect = _deny\n", encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "main.py", "check", str(seed), "--json"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)
    assert "NETWORK ATTEMPT" not in proc.stdout + proc.stderr
    assert proc.returncode in (0, 1), proc.stderr


def test_rules_doc_is_generated_from_the_registry():
    sys.path.insert(0, str(ROOT / "tools"))
    from gen_rules_doc import render

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render()


def test_every_rule_has_an_id_a_chinese_title_and_an_explanation():
    from core.api import rule_catalogue

    catalogue = rule_catalogue()
    ids = [r["id"] for r in catalogue]
    assert len(ids) == len(set(ids)) and len(ids) >= 30
    for r in catalogue:
        assert r["severity"] in ("error", "warning", "info")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r["title"])
        assert len(r["explanation"]) >= 10
