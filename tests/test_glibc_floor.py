"""tools/glibc_floor.py, the measure behind the domestic-Linux build (docs/building.md): it must
find the newest glibc symbol a file needs and fail a bound that file exceeds."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _floor(target: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "glibc_floor.py"), str(target),
                           *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                    reason="reads ELF files with objdump (binutils), Linux only")
def test_the_floor_is_the_newest_symbol_version_and_a_bound_above_it_passes(tmp_path):
    import platform

    libc = platform.libc_ver()[1]                    # this machine's glibc, e.g. "2.36"
    shutil.copy(sys.executable, tmp_path / "python")
    proc = _floor(tmp_path)
    assert proc.returncode == 0, proc.stderr
    floor = proc.stdout.strip().splitlines()[-1].split()[-1]
    assert floor.count(".") == 1
    as_tuple = tuple(int(p) for p in floor.split("."))
    assert (2, 2) <= as_tuple <= tuple(int(p) for p in libc.split("."))
    assert _floor(tmp_path, "--max", floor).returncode == 0
    below = f"{as_tuple[0]}.{as_tuple[1] - 1}"
    failed = _floor(tmp_path, "--max", below)
    assert failed.returncode == 1 and f"GLIBC_{floor}" in failed.stdout and "python" in failed.stdout
