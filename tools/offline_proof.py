"""Build the one-file executable from a clean copy of the checkout and prove it works offline.

    python tools/offline_proof.py                    # build into a temporary folder, then prove
    python tools/offline_proof.py --exe dist/年报校对助手   # prove an executable already built

The proof runs the built executable's `check`, `fix`, `template`, `batch` (worker processes) and
the GUI (offscreen, with a file to open) inside a network namespace that has no interfaces
(`unshare -n`), each under `strace -f -e trace=network`, and fails on any connect, bind, listen,
accept or Internet socket. A positive control first shows that the tracer sees a connect.

tests/test_executable.py uses the same functions (Linux; needs git, strace and util-linux).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "年报校对助手"
SMOKE_ENV = "NIANBAO_SMOKE_MS"          # main.py: quit the GUI this long after it is shown
SHOWN = "NIANBAO_SMOKE shown"
BUILD_TIMEOUT = 1800
RUN_TIMEOUT = 180

# strace -e trace=network lines that would mean a connection (or a way to accept one)
FORBIDDEN = re.compile(r"\b(connect|bind|listen|accept4?)\(|"
                       r"\bsocket\((AF_INET|AF_INET6|AF_PACKET|AF_NETLINK)")


# --- building ---------------------------------------------------------------------------------

def copy_checkout(dest: Path, source: Path = ROOT) -> Path:
    """Copy the files git would put in a clean checkout (tracked and untracked, not ignored):
    what a fresh clone of the current working tree holds, without caches or earlier builds."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=source,
                            check=True, capture_output=True).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        src = source / rel
        if not src.is_file():        # deleted but still tracked
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


@dataclass
class Build:
    executables: list[Path]
    seconds: float
    log: str

    @property
    def main(self) -> Path:
        return self.executables[0]


def build(work: Path, source: Path = ROOT) -> Build:
    """`pyinstaller build.spec` in a clean copy under ``work``; the output stays under ``work``."""
    src = copy_checkout(work / "src", source)
    dist, build_dir = work / "dist", work / "build"
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--clean",
         "--distpath", str(dist), "--workpath", str(build_dir)],
        cwd=src, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"pyinstaller build.spec failed ({proc.returncode}):\n{log[-6000:]}")
    exes = sorted(dist.iterdir(), key=lambda p: (p.stem != APP_NAME, p.name))
    return Build(exes, seconds, log)


# --- what is inside ---------------------------------------------------------------------------

def bundled_files(exe: Path) -> dict[str, tuple[int, int]]:
    """Name -> (compressed, uncompressed size) of every entry of the one-file archive."""
    from PyInstaller.archive.readers import CArchiveReader

    reader = CArchiveReader(str(exe))
    return {name: (entry[1], entry[2]) for name, entry in reader.toc.items()}


def bundled_python_modules(exe: Path) -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    reader = CArchiveReader(str(exe))
    pyz = next(name for name in reader.toc if name.endswith(".pyz"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.pyz"
        path.write_bytes(reader.extract(pyz))
        return set(ZlibArchiveReader(str(path)).toc)


def qt_libraries(exe: Path) -> list[str]:
    """The Qt libraries and Qt plugins inside the executable."""
    names = bundled_files(exe)
    return sorted(n for n in names if re.search(r"(^|/)(lib)?Qt6\w+\.(so|dll)|/Qt/plugins/", n)
                  or re.search(r"PySide6/Qt6\w+\.dll$|PySide6/plugins/", n))


# --- running ----------------------------------------------------------------------------------

def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A user with an empty home (settings and logs land there), no display, no proxy."""
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and not k.startswith(("QT_", "XDG_", "PYTHON"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(extra)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)


def gui_smoke(exe: Path, env: dict[str, str], cwd: Path, file: Path | None = None,
              quit_after_ms: int = 2500, wrap: list[str] | None = None) -> tuple[float | None, subprocess.CompletedProcess]:
    """Start the GUI; returns (seconds from launch until the window was shown, the process)."""
    cmd = (wrap or []) + [str(exe)] + ([str(file)] if file else [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env={**env, SMOKE_ENV: str(quit_after_ms)}, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shown = None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if shown is None and line.startswith(SHOWN):
            shown = time.perf_counter() - start
    err = proc.stderr.read()
    proc.wait(timeout=RUN_TIMEOUT)
    return shown, subprocess.CompletedProcess(cmd, proc.returncode, "".join(lines), err)


# --- the proof --------------------------------------------------------------------------------

def missing_tools() -> list[str]:
    return [t for t in ("strace", "unshare") if shutil.which(t) is None]


def traced(trace_file: Path) -> list[str]:
    return [] if not trace_file.exists() else trace_file.read_text(errors="replace").splitlines()


def offline(cmd: list[str], trace_file: Path) -> list[str]:
    """Wrap ``cmd``: no network interfaces, every network system call of every process logged."""
    # a user who is not root gets the network namespace through a user namespace
    unshare = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--user",
                                                              "--map-root-user", "--net"]
    return [*unshare, "strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace_file), *cmd]


def forbidden(lines: list[str]) -> list[str]:
    return [line for line in lines if FORBIDDEN.search(line)]


def control(work: Path) -> list[str]:
    """A Python that does connect: the tracer must see it (otherwise silence proves nothing)."""
    trace_file = work / "control.trace"
    code = ("import socket\ns = socket.socket()\ntry:\n    s.connect(('127.0.0.1', 9))\n"
            "except OSError:\n    pass\n")
    subprocess.run(offline([sys.executable, "-c", code], trace_file), capture_output=True,
                   timeout=RUN_TIMEOUT)
    return forbidden(traced(trace_file))


def sample_docx() -> Path:
    return ROOT / "resources" / "samples" / "示例报告.docx"


def prove(exe: Path, work: Path, scan: Path | None = None) -> list[dict]:
    """Run each command offline and traced; one row per command. With ``scan`` (an image-only
    PDF or a page image, for the OCR build), also ``check`` it: it must be read, not refused."""
    work.mkdir(parents=True, exist_ok=True)
    home, files = work / "home", work / "files"
    home.mkdir(exist_ok=True)
    files.mkdir(exist_ok=True)
    report = files / "报告.docx"
    shutil.copy(sample_docx(), report)
    folder = files / "批量"
    folder.mkdir(exist_ok=True)
    shutil.copy(sample_docx(), folder / "甲.docx")
    shutil.copy(sample_docx(), folder / "乙.docx")
    env = clean_env(home)
    commands = {
        "check": ([str(exe), "check", str(report), "--json"], {0, 1}),
        "fix": ([str(exe), "fix", str(report), "-o", str(files / "修正.docx"), "--overwrite"], {0}),
        "template": ([str(exe), "template", "-o", str(files / "模板.xlsx"), "--overwrite"], {0}),
        "batch": ([str(exe), "batch", str(folder), "-o", str(files / "汇总.xlsx"), "--jobs", "2",
                   "--overwrite"], {0, 1}),
    }
    if scan is not None:
        scanned = files / f"扫描{scan.suffix}"
        shutil.copy(scan, scanned)
        commands["ocr"] = ([str(exe), "check", str(scanned), "--json"], {0, 1})
    rows = []
    for name, (cmd, ok_codes) in commands.items():
        trace_file = work / f"{name}.trace"
        trace_file.unlink(missing_ok=True)
        proc = run(offline(cmd, trace_file), env, files)
        lines = traced(trace_file)
        ok = proc.returncode in ok_codes
        if name == "ocr":               # read by OCR: checked, with the OCR note
            ok = ok and '"status": "checked"' in proc.stdout and "OCR" in proc.stdout
        rows.append({"command": name, "returncode": proc.returncode, "ok": ok,
                     "network_calls": [l for l in lines if "(" in l], "forbidden": forbidden(lines),
                     "stderr": proc.stderr[-2000:]})
    trace_file = work / "gui.trace"
    trace_file.unlink(missing_ok=True)
    shown, proc = gui_smoke(exe, env, files, report, wrap=offline([], trace_file))
    lines = traced(trace_file)
    rows.append({"command": "gui", "returncode": proc.returncode,
                 "ok": proc.returncode == 0 and shown is not None,
                 "network_calls": [l for l in lines if "(" in l], "forbidden": forbidden(lines),
                 "stderr": proc.stderr[-2000:]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, help="an executable already built (default: build one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--scan", type=Path, help="also check this scanned report (OCR build)")
    args = parser.parse_args(argv)
    if sys.platform != "linux":
        print("The proof uses Linux network namespaces and strace.", file=sys.stderr)
        return 2
    if missing_tools():
        print(f"Missing: {', '.join(missing_tools())} (apt-get install strace util-linux)",
              file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="nianbao_offline_"))
    try:
        exe = args.exe
        if exe is None:
            result = build(work / "build")
            exe = result.main
            print(f"built {exe} in {result.seconds:.0f} s, {exe.stat().st_size / 1e6:.1f} MB")
        seen = control(work)
        print(f"control: the tracer saw {len(seen)} forbidden call(s) of a Python that connects")
        if not seen:
            print("the tracer does not work here; the proof would prove nothing", file=sys.stderr)
            return 1
        rows = prove(exe.resolve(), work / "proof", args.scan.resolve() if args.scan else None)
        failed = False
        for row in rows:
            state = "ok" if row["ok"] and not row["forbidden"] else "FAILED"
            failed |= state != "ok"
            print(f"{row['command']:<9} exit {row['returncode']}  network system calls "
                  f"{len(row['network_calls'])}  forbidden {len(row['forbidden'])}  {state}")
            for line in row["forbidden"][:10]:
                print("    " + line)
            if not row["ok"]:
                print(row["stderr"])
        print("offline: " + ("FAILED" if failed else "no connection attempted, every command worked "
                                                      "without a network"))
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
