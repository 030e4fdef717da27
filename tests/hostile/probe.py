"""Run ``main.py check FILE --json`` in a child process and measure it: wall time and the
child's own peak resident memory (VmHWM, reported by tests/hostile/measured.py at exit).

Not ``os.wait4``'s ``ru_maxrss``: on Linux that also counts the parent's memory at fork time,
so a test session that has grown would make every case look large."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HARD_TIMEOUT = 120          # a child still running after this is killed (and the test fails)


@dataclass
class Outcome:
    status: str | None          # "checked" / "refused" / None when no JSON came out
    code: str | None            # the refusal code
    message: str | None         # the refusal message
    text: str                   # all paragraph and cell text read (when checked), for XXE tests
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str

    @property
    def outcome(self) -> str | None:
        return self.code if self.status == "refused" else self.status


def run_check(path: Path, extra_env: dict | None = None) -> Outcome:
    peak_file = Path(tempfile.mkdtemp(prefix="nianbao_peak_")) / "peak"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NIANBAO_PEAK_FILE=str(peak_file),
               **(extra_env or {}))
    cmd = [sys.executable, str(Path(__file__).with_name("measured.py")), "check", str(path),
           "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    out, err, rusage, status = _communicate(proc)
    seconds = time.perf_counter() - started
    peak_mb = _peak_mb(peak_file)
    returncode = os.waitstatus_to_exitcode(status) if status is not None else -9
    text = out.decode("utf-8", errors="replace")
    data = _json(text)
    refusal = (data or {}).get("refusal") or {}
    return Outcome(status=(data or {}).get("status"), code=refusal.get("code"),
                   message=refusal.get("message"), text=text, seconds=seconds,
                   peak_mb=peak_mb, returncode=returncode,
                   stderr=err.decode("utf-8", errors="replace"))


def _peak_mb(peak_file: Path) -> float:
    try:
        text = peak_file.read_text()
    except OSError:
        return float("inf")            # killed before it could report: no bound holds
    finally:
        shutil.rmtree(peak_file.parent, ignore_errors=True)
    return int(text.split()[1]) / 1024


def _communicate(proc: subprocess.Popen):
    """Read both pipes and reap the child, killing it after HARD_TIMEOUT."""
    import threading

    chunks: dict[str, bytes] = {}

    def drain(name, stream):
        chunks[name] = stream.read()

    threads = [threading.Thread(target=drain, args=(n, s), daemon=True)
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in threads:
        t.start()
    deadline = time.monotonic() + HARD_TIMEOUT
    status = rusage = None
    while time.monotonic() < deadline:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    else:
        os.kill(proc.pid, signal.SIGKILL)
        _, status, rusage = os.wait4(proc.pid, 0)
        status = None
    proc.returncode = 0             # reaped here; keep Popen from waiting again
    for t in threads:
        t.join(5)
    return chunks.get("out", b""), chunks.get("err", b""), rusage, status


def _json(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, list):
        data = data[0] if data else None
    if isinstance(data, dict) and "files" in data:
        data = (data["files"] or [None])[0]
    return data
