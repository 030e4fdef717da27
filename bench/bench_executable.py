"""Build time, size and start-up time of the one-file executable.

    python bench/bench_executable.py                   # build from a clean copy, then measure
    python bench/bench_executable.py --exe dist/年报校对助手 [--runs 7] [--drop-caches]

"Window shown" is the time from launching the executable until the GUI (offscreen Qt) reports
its main window exposed (main.py's NIANBAO_SMOKE_MS hook); it includes the one-file unpacking.
Cold: the first start after the build (and, with --drop-caches, as root on Linux, after the
kernel's page cache was dropped). Warm: the median of --runs further starts.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import offline_proof as proof  # noqa: E402


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def window_shown(exe: Path, work: Path) -> float:
    home = work / "home"
    home.mkdir(exist_ok=True)
    shown, proc = proof.gui_smoke(exe, proof.clean_env(home), work, quit_after_ms=200)
    if proc.returncode != 0 or shown is None:
        raise RuntimeError(f"the GUI did not start ({proc.returncode}): {proc.stderr[-2000:]}")
    return shown


def cli_seconds(exe: Path, work: Path, *args: str) -> float:
    start = time.perf_counter()
    proof.run([str(exe), *args], proof.clean_env(work / "home"), work)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--drop-caches", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="nianbao_bench_exe_"))
    try:
        build_seconds = None
        exe = args.exe
        if exe is None:
            result = proof.build(work / "build")
            exe, build_seconds = result.main, result.seconds
        exe = exe.resolve()
        dropped = drop_caches() if args.drop_caches else False
        cold = window_shown(exe, work)
        warm = [window_shown(exe, work) for _ in range(args.runs)]
        version = [cli_seconds(exe, work, "--version") for _ in range(3)]
        check = [cli_seconds(exe, work, "check", "--sample") for _ in range(3)]
        files = proof.bundled_files(exe)
        print(f"Measured {time.strftime('%Y-%m-%d')} on {platform.platform()}, "
              f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}.")
        print()
        if build_seconds is not None:
            print(f"- build (`pyinstaller build.spec --clean`, clean copy): {build_seconds:.0f} s")
        print(f"- executable: {exe.name}, {exe.stat().st_size / 1e6:.1f} MB "
              f"({len(files)} entries, {sum(u for _, u in files.values()) / 1e6:.0f} MB unpacked)")
        print(f"- window shown, cold{' (page cache dropped)' if dropped else ''}: {cold:.2f} s")
        print(f"- window shown, warm, median of {args.runs}: {statistics.median(warm):.2f} s "
              f"(min {min(warm):.2f}, max {max(warm):.2f})")
        print(f"- `--version`: {statistics.median(version):.2f} s; `check --sample`: "
              f"{statistics.median(check):.2f} s (medians of 3, whole process)")
        print("- Qt inside: " + ", ".join(Path(n).name for n in proof.qt_libraries(exe)
                                           if "/" in n))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
