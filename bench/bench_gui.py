"""Does the window stay responsive while a long PDF is checked?

    python bench/bench_gui.py [--pages 10] [--runs 3] [--write-docs]

A heartbeat QTimer fires every 10 ms in the GUI thread and records the gaps between its ticks
while the main window opens a ~10-page PDF (the builder's report plus prose pages, converted by
LibreOffice; without LibreOffice or the builder, the largest seed report as text). Reading and
checking run in the worker; the GUI thread only shows the result. Reported: the longest gap
(the worst stall a person could feel) during the worker phase and while the result is drawn,
and how long the whole check took. Target: every stall < 100 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="nianbao_bench_home_")       # no real settings or recent files
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())

TICK_MS = 10
TARGET_MS = 100


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
        seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)
        return seeds[-1], f"largest seed as text ({seeds[-1].name}; no PDF: {exc})"


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
    window.open_path(str(path))
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
    from gui.app import create_window, settle_memory

    rule_catalogue()                       # as run_gui: the rules imported, start-up settled
    create_window().close()
    settle_memory()
    with tempfile.TemporaryDirectory(prefix="nianbao_bench_gui_") as tmp:
        path, what = make_pdf(Path(tmp), args.pages)
        results = [run_once(app, path) for _ in range(args.runs)]
    worst_worker = max(r["worker_max_ms"] for r in results)
    worst_draw = max(max(r["draw_max_ms"], r["draw_ms"]) for r in results)
    total = statistics.median(r["total_s"] for r in results)
    per_run_worker = ", ".join(f"{r['worker_max_ms']:.0f}" for r in results)
    per_run_draw = ", ".join(f"{max(r['draw_ms'], r['draw_max_ms']):.0f}" for r in results)
    lines = [f"input: {what}",
             f"runs: {args.runs}, status: {results[0]['status']}, findings: {results[0]['findings']}",
             f"check in the worker (median): {statistics.median(r['worker_s'] for r in results):.2f} s;"
             f" open to drawn (median): {total:.2f} s",
             f"longest GUI-thread stall while the worker reads and checks: {worst_worker:.0f} ms"
             f" (per run: {per_run_worker} ms)",
             f"drawing the result in the GUI thread: {worst_draw:.0f} ms at most"
             f" (per run: {per_run_draw} ms)",
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
            "`python bench/bench_gui.py --write-docs` (offscreen Qt; a 10 ms heartbeat timer in the "
            "GUI thread records the gaps between its ticks while the window opens the file; "
            "reading and checking run in a QThreadPool worker).", "",
            f"Measured {time.strftime('%Y-%m-%d')} on {platform.platform()}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
            + (f", load average {os.getloadavg()[0]:.1f} (other work was running)"
               if hasattr(os, "getloadavg") and os.getloadavg()[0] > 1 else "") + ".", "",
            "Two measures keep the stalls short: start-up objects are frozen out of the cyclic "
            "GC (`gui.app.settle_memory`, as in `run_gui`; its full passes run in whichever "
            "thread allocates and hold the GIL), and the report page draws the visible view "
            "first and the hidden ones in later event-loop turns. Before them, runs on this "
            "machine under heavier load (load average 4-5) showed single stalls of 80-110 ms.", ""]
    body += [f"- {line}" for line in lines]
    section = "\n".join(body) + "\n"
    start = text.find("## GUI")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
