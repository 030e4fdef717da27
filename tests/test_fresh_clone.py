"""A fresh clone passes its tests: every fixture is inside the project, every dependency pinned.

The team's shared folder (real reports, the spec) sits beside the checkout on developer machines
and in CI, but a person who downloads the project has nothing beside it. The fixtures the tests
use are copied into tests/fixtures/; no file of the project may name the folder beside it.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from packaging.utils import canonicalize_name

from tools import lockfile

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# a path to the folder beside the checkout, written in any of the ways code reaches it (the name
# is put together here so that this file does not name the folder itself)
BESIDE_NAME = "sh" + "ared"
BESIDE = re.compile(r"\.\./{n}|/work/{n}|parents?\b[^\n]{{0,40}}[\"']{n}[\"']|"
                    r"[\"']\.\.[\"']\s*,\s*[\"']{n}[\"']".format(n=BESIDE_NAME))


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    keep = (".py", ".sh", ".spec", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".md", ".txt", "run")
    return [ROOT / n for n in names if n.endswith(keep) and not n.startswith("tests/fixtures/")
            and (ROOT / n).is_file()]


def test_no_file_of_the_project_names_the_folder_beside_the_checkout():
    files = _tracked_text_files()
    assert len(files) > 100 and ROOT / "tests" / "test_seeds.py" in files
    named = [f"{p.relative_to(ROOT)}:{i}" for p in files
             for i, line in enumerate(p.read_text(encoding="utf-8", errors="replace")
                                      .splitlines(), 1)
             if BESIDE.search(line)]
    assert not named, named


def test_the_pattern_catches_the_ways_code_reached_the_shared_folder():
    n = BESIDE_NAME
    for line in (f'SEEDS = ROOT.parent / "{n}" / "seeds"',
                 f'Path(__file__).resolve().parents[1].parent / "{n}" / "seeds"',
                 f'open("../{n}/real/truth.json")', f'os.path.join(ROOT, "..", "{n}")'):
        assert BESIDE.search(line), line
    assert not BESIDE.search("from docx." + n + " import Pt")


def test_the_fixtures_are_inside_the_project():
    seeds = sorted(p.name for p in (FIXTURES / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    real = FIXTURES / "real"
    assert (real / "truth.json").is_file()
    import json
    truth = json.loads((real / "truth.json").read_text(encoding="utf-8"))
    import hashlib
    for entry in truth:
        data = (real / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def test_the_lock_pins_every_dependency_with_hashes():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    pins = lockfile.locked()
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)==\S+", text, re.M)
    assert len(entries) == len(pins) >= 30
    for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        assert "--hash=sha256:" in block, block.splitlines()[0]
    # every direct dependency of pyproject.toml is pinned to exactly its version there
    for req in lockfile.runtime_roots() + lockfile.dev_roots():
        locked = pins[canonicalize_name(req.name)]
        assert str(locked.specifier) == str(req.specifier), (req, locked)


def test_every_installed_requirement_of_a_pinned_distribution_is_in_the_lock():
    import importlib.metadata as md

    from packaging.requirements import Requirement
    pins = lockfile.locked()
    missing = set()
    for name in pins:
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:      # e.g. pywin32-ctypes, only on Windows
            continue
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                if canonicalize_name(req.name) not in pins:
                    missing.add(f"{name} -> {req.name}")
    assert not missing, missing
