"""Run main.py in this process and, on exit, report this process's peak resident memory.

``ru_maxrss`` of a child also counts the parent's memory at fork time on Linux; ``VmHWM`` in
/proc/self/status belongs to this process image alone. The peak is written as a last line
``PEAK_KB <n>`` to the file named by the NIANBAO_PEAK_FILE environment variable.
"""
from __future__ import annotations

import atexit
import os
import resource
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT_BYTES = 3 * 1024 ** 3       # a hard ceiling, so a runaway case cannot exhaust the machine


def _peak_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _report() -> None:
    target = os.environ.get("NIANBAO_PEAK_FILE")
    if target:
        Path(target).write_text(f"PEAK_KB {_peak_kb()}\n")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    atexit.register(_report)
    sys.path.insert(0, str(ROOT))
    sys.argv = [str(ROOT / "main.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "main.py"), run_name="__main__")
