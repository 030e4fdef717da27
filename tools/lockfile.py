"""The project's pins: runtime roots from pyproject.toml, exact versions from the lock.

requirements.txt is the lock (`bash tools/lock.sh`): every distribution, transitive ones too,
pinned with hashes, continuation lines and `# via` comments included. pyproject.toml names the
direct dependencies; its [project].dependencies are what the executable ships, the dev extra only
tests and builds it.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.txt"
PYPROJECT = ROOT / "pyproject.toml"


def locked(lock: Path = LOCK) -> dict[str, Requirement]:
    """Canonical name -> the lock's requirement (``name==version ; marker``), hashes dropped."""
    text = lock.read_text(encoding="utf-8").replace("\\\n", " ")
    out: dict[str, Requirement] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        spec = " ".join(part for part in line.split() if not part.startswith("--hash="))
        req = Requirement(spec)
        out[canonicalize_name(req.name)] = req
    return out


def runtime_roots(pyproject: Path = PYPROJECT) -> list[Requirement]:
    """The direct run-time dependencies (what the program imports), not the dev extra."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(r) for r in data["project"]["dependencies"]]


def dev_roots(pyproject: Path = PYPROJECT) -> list[Requirement]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(r) for r in data["project"]["optional-dependencies"]["dev"]]
