"""Throughput of `python main.py batch` on 200 generated DOCX reports, with 1 and 2 workers.

    python bench/bench_batch.py [--files 200] [--jobs 1 2]

The reports are the builder's (tests/builder.py): a different seed and agency each, every tenth
with one injected arithmetic error, in the four DOCX layouts. They are written once into
bench/.cache/batch<N>/ (git-ignored). Each run is a fresh `main.py batch DIR -o OUT --jobs N`
process; the total resident memory of that process and all its workers is sampled from /proc
every 50 ms, and its peak is reported.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"
DOCX_LAYOUTS = ("merged", "flat", "split", "split_repeat")


def make_folder(n: int) -> Path:
    folder = CACHE / f"batch{n}"
    if folder.is_dir() and len(list(folder.glob("*.docx"))) == n:
        return folder
    from tests.builder import correct_content, write

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        content = correct_content(seed=1000 + i, agency=f"示例市第{i + 1}区人民政府办公室")
        if i % 10 == 0:
            key = ("t3", "r1", "natural")
            content.values[key] = str(int(content.values[key]) + 3)
        write(content, folder / f"报告{i + 1:03d}.docx", "docx", DOCX_LAYOUTS[i % len(DOCX_LAYOUTS)])
    return folder


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run(folder: Path, jobs: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "汇总.xlsx"
        cmd = [sys.executable, "main.py", "batch", str(folder), "-o", str(out), "--jobs", str(jobs)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if not out.exists():
            raise SystemExit(f"batch failed with exit code {proc.returncode}")
        return seconds, peak, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    folder = make_folder(args.files)
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    times = {}
    for jobs in args.jobs:
        seconds, peak, code = run(folder, jobs)
        times[jobs] = seconds
        print(f"{args.files} DOCX, --jobs {jobs}: {seconds:.1f} s ({args.files / seconds:.1f} files/s), "
              f"peak memory of all processes {peak / 2**20:.0f} MB, exit code {code}")
    if 1 in times and 2 in times:
        print(f"scaling 1 -> 2 workers: {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
