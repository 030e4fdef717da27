"""How fast does the window come up, how fast are findings shown after a drop, and does the
window stay responsive meanwhile?

    python bench/bench_gui.py [--pages 10] [--runs 5] [--write-docs]

1. Launch to window: ``python main.py`` started as a new process (source run) until its main
   window is on screen (main.py's NIANBAO_SMOKE_MS hook prints a line then; the time is taken
   in this process when the line arrives). Target < 1.5 s.
2. Drop to findings: a QDropEvent with the file's URL is sent to the main window (as a file
   manager does); the time runs until the findings list and the visible table are drawn. For
   the bundled sample DOCX (target < 0.5 s) and a ~10-page PDF (the builder's report plus prose
   pages, converted by LibreOffice; without LibreOffice, the largest seed report as text).
3. Meanwhile a heartbeat QTimer fires every 10 ms in the GUI thread and records the gaps between
   its ticks: the longest gap is the worst stall a person could feel, while the worker reads and
   checks and while the result is drawn. Target: every stall < 100 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):                  # under xvfb-run: the real X11 plugin
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="nianbao_bench_home_")       # no real settings or recent files
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

TICK_MS = 10
TARGET_MS = 100
LAUNCH_TARGET_S = 1.5
DOCX_TARGET_S = 0.5


def launch_once() -> float | None:
    """Seconds from starting ``python main.py`` to its window on screen (None: never shown)."""
    env = dict(os.environ, NIANBAO_SMOKE_MS="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=str(ROOT), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown = None
    for line in proc.stdout:
        if line.startswith("NIANBAO_SMOKE shown") and shown is None:
            shown = time.perf_counter() - t0
    proc.wait(60)
    return shown


class GcTimes:
    """The duration of every cyclic-GC pass (gc.callbacks), to tell a collection from the
    scheduler when the heartbeat shows a long gap."""

    def __init__(self):
        import gc
        import threading

        self.passes: list[tuple[int, float, bool]] = []     # generation, ms, in GUI thread
        self._start = 0.0
        self._main = threading.main_thread()
        self._threading = threading
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.passes.append((info["generation"], (time.perf_counter() - self._start) * 1000,
                                self._threading.current_thread() is self._main))

    def longest(self) -> str:
        if not self.passes:
            return "no cyclic-GC pass ran"
        gen, ms, main = max(self.passes, key=lambda p: p[1])
        workers = sum(1 for p in self.passes if not p[2])
        return (f"{len(self.passes)} cyclic-GC passes, longest {ms:.0f} ms (generation {gen}); "
                f"{workers} of them in a worker thread")


def drop(window, path: Path) -> None:
    """What a file manager sends: drag-enter, then drop, with the file's URL."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = window.rect().center()
    QApplication.sendEvent(window, QDragEnterEvent(QPoint(centre), Qt.CopyAction, mime,
                                                   Qt.LeftButton, Qt.NoModifier))
    QApplication.sendEvent(window, QDropEvent(QPointF(centre), Qt.CopyAction, mime,
                                              Qt.LeftButton, Qt.NoModifier))


def make_pdf(folder: Path, pages: int) -> tuple[Path, str]:
    """A report of about ``pages`` pages as PDF; falls back to the largest seed as text."""
    try:
        from tests.builder import correct_content, write
        from tests.pdf_fixtures import add_prose_pages, convert, soffice
        if not soffice():
            raise RuntimeError("no LibreOffice")
        docx = write(correct_content(seed=7), folder / "report.docx", "docx", "merged")
        import pdfplumber

        extra = max(pages - 4, 1)
        for _ in range(4):
            padded = add_prose_pages(docx, folder / f"report_{extra}.docx", extra)
            pdf = convert([padded], folder / "cache")[0]
            with pdfplumber.open(pdf) as doc:
                count = len(doc.pages)
            if count >= pages:
                return pdf, f"PDF, {count} pages (builder report + prose, LibreOffice)"
            extra += pages - count
        return pdf, f"PDF, {count} pages"
    except Exception as exc:   # noqa: BLE001 - a benchmark falls back, it does not fail
        seeds = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)
        return seeds[-1], f"largest seed as text ({seeds[-1].name}; no PDF: {exc})"


def _pyside_version() -> str:
    import PySide6

    return PySide6.__version__


class Heartbeat:
    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.marks: list[tuple[float, str]] = []
        self.phase = "idle"

    def _tick(self):
        self.marks.append((time.perf_counter(), self.phase))

    def start(self):
        self.marks.clear()
        self.timer.start()

    def stop(self):
        self.timer.stop()

    def gaps(self, phase: str) -> list[float]:
        out = []
        for (t0, _), (t1, p1) in zip(self.marks, self.marks[1:]):
            if p1 == phase:
                out.append((t1 - t0) * 1000 - TICK_MS)
        return out


def run_once(app, path: Path) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.app import create_window

    window = create_window()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    beat = Heartbeat()
    shown = {}

    # split the work: the worker phase ends when the result reaches the GUI thread
    real_opened = window._opened

    def opened(*args, **kwargs):
        beat.phase = "draw"
        shown["t_result"] = time.perf_counter()
        real_opened(*args, **kwargs)
        shown["t_drawn"] = time.perf_counter()

    window._opened = opened
    loop = QEventLoop()
    window.checked.connect(lambda: QTimer.singleShot(200, loop.quit))
    beat.start()
    beat.phase = "worker"
    t0 = time.perf_counter()
    drop(window, path)
    loop.exec()
    beat.stop()
    window.close()
    worker = beat.gaps("worker")
    draw = beat.gaps("draw")
    return {"total_s": shown.get("t_drawn", time.perf_counter()) - t0,
            "worker_s": shown.get("t_result", t0) - t0,
            "worker_max_ms": max(worker, default=0.0),
            "worker_p99_ms": sorted(worker)[int(len(worker) * 0.99)] if worker else 0.0,
            "draw_ms": (shown.get("t_drawn", 0) - shown.get("t_result", 0)) * 1000,
            "draw_max_ms": max(draw, default=0.0),
            "findings": len(window.session.findings) if window.session else None,
            "status": "checked" if window.session else "refused"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true",
                        help="write the result to docs/benchmarks.md, section '## GUI'")
    args = parser.parse_args()
    from gui.app import make_app

    app = make_app()
    from core.api import rule_catalogue
    from gui.app import create_window, guard_gc, settle_memory

    guard_gc(app)                          # as run_gui: cyclic GC only in the GUI thread

    rule_catalogue()                       # as run_gui: the rules imported, start-up settled
    create_window().close()
    settle_memory()
    gc_times = GcTimes()
    launches = [launch_once() for _ in range(args.runs)]
    shown = [t for t in launches if t is not None]
    from core.resources import resource_path
    from gui import strings

    docx = Path(resource_path("samples", strings.SAMPLE_FILE))
    cold = run_once(app, docx)            # the first drop after start-up pays first-use imports
    docx_runs = [run_once(app, docx) for _ in range(args.runs)]
    with tempfile.TemporaryDirectory(prefix="nianbao_bench_gui_") as tmp:
        path, what = make_pdf(Path(tmp), args.pages)
        results = [run_once(app, path) for _ in range(args.runs)]
    docx_total = statistics.median(r["total_s"] for r in docx_runs)
    docx_stall = max(max(r["worker_max_ms"], r["draw_max_ms"], r["draw_ms"]) for r in docx_runs)
    head = [f"platform plugin: {app.platformName()}",
            "launch to window (`python main.py`, new process, source run): "
            + (f"median {statistics.median(shown):.2f} s, max {max(shown):.2f} s over "
               f"{len(shown)} runs; target < {LAUNCH_TARGET_S} s -> "
               + ("met" if max(shown) < LAUNCH_TARGET_S else "NOT met") if shown
               else "not measured (main.py printed no NIANBAO_SMOKE line)"),
            f"drop to findings shown, DOCX ({docx.name}, {docx_runs[0]['findings']} findings): "
            f"median {docx_total:.2f} s, max {max(r['total_s'] for r in docx_runs):.2f} s over "
            f"{len(docx_runs)} runs after a first drop that took {cold['total_s']:.2f} s; target < "
            f"{DOCX_TARGET_S} s -> " + ("met" if docx_total < DOCX_TARGET_S else "NOT met")
            + f"; longest GUI-thread stall {docx_stall:.0f} ms",
            f"drop to findings shown, PDF ({what}): median "
            f"{statistics.median(r['total_s'] for r in results):.2f} s, max "
            f"{max(r['total_s'] for r in results):.2f} s"]
    worst_worker = max(r["worker_max_ms"] for r in results)
    worst_draw = max(max(r["draw_max_ms"], r["draw_ms"]) for r in results)
    total = statistics.median(r["total_s"] for r in results)
    per_run_worker = ", ".join(f"{r['worker_max_ms']:.0f}" for r in results)
    per_run_draw = ", ".join(f"{max(r['draw_ms'], r['draw_max_ms']):.0f}" for r in results)
    lines = head + [f"heartbeat while the PDF is checked, input: {what}",
             f"runs: {args.runs}, status: {results[0]['status']}, findings: {results[0]['findings']}",
             f"check in the worker (median): {statistics.median(r['worker_s'] for r in results):.2f} s;"
             f" open to drawn (median): {total:.2f} s",
             f"longest GUI-thread stall while the worker reads and checks: {worst_worker:.0f} ms"
             f" (per run: {per_run_worker} ms)",
             f"drawing the result in the GUI thread: {worst_draw:.0f} ms at most"
             f" (per run: {per_run_draw} ms)",
             f"garbage collection meanwhile: {gc_times.longest()}",
             f"target: < {TARGET_MS} ms -> "
             + ("met" if max(worst_worker, worst_draw) < TARGET_MS else "NOT met")]
    print("\n".join(lines))
    if args.write_docs:
        write_docs(lines)
    return 0


def write_docs(lines: list[str]) -> None:
    """Replace (or add) the '## GUI' section of docs/benchmarks.md, leaving the others alone."""
    import platform

    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    body = ["## GUI", "",
            "`xvfb-run -a python bench/bench_gui.py --write-docs` (or offscreen Qt without a "
            "display). Launch: `python main.py` as a new process until its window is on screen. "
            "Drop to findings: a QDropEvent with the file's URL sent to the window, until the "
            "findings list and the visible table are drawn. A 10 ms heartbeat timer in the "
            "GUI thread records the gaps between its ticks meanwhile; reading and checking run "
            "in a QThreadPool worker.", "",
            f"Measured {time.strftime('%Y-%m-%d')} on {platform.platform()}, "
            f"Python {platform.python_version()}, PySide6 {_pyside_version()}, {os.cpu_count()} CPUs"
            + (f", load average {os.getloadavg()[0]:.1f} (other work was running)"
               if hasattr(os, "getloadavg") and os.getloadavg()[0] > 1 else "") + ".", "",
            "Three measures keep the stalls short: start-up objects are frozen out of the cyclic "
            "GC (`gui.app.settle_memory`, as in `run_gui`; its full passes hold the GIL), "
            "cyclic GC runs only from a timer in the GUI thread (`gui.app.GuiThreadGC`, which "
            "also keeps Qt objects from being freed in a worker thread), and the report page "
            "draws the visible view "
            "first and the hidden ones in later event-loop turns. Before them, runs on this "
            "machine under heavier load (load average 4-5) showed single stalls of 80-110 ms.", ""]
    body += [f"- {line}" for line in lines]
    section = "\n".join(body) + "\n\n"
    start = text.find("## GUI")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
