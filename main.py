"""年报校对助手 — one entry point: with a subcommand it runs headless, without one the GUI starts."""
from __future__ import annotations

import multiprocessing
import os
import sys

COMMANDS = {"check", "fix", "template", "batch", "rules", "--version", "-h", "--help"}
# Smoke-test hook for the built executable (tests/test_executable.py, tools/offline_proof.py):
# with NIANBAO_SMOKE_MS=n the GUI prints one line when its window is on screen, and quits with
# status 0 n milliseconds later, printing what it had opened.
SMOKE_ENV = "NIANBAO_SMOKE_MS"


def main(argv: list[str] | None = None) -> int:
    # A frozen executable re-runs itself for batch worker processes ("spawn"); this returns at
    # once in the parent and never returns in a worker.
    multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        from core.cli import run

        return run(argv)
    try:
        from gui.app import run_gui
    except ImportError as exc:       # a build without the GUI, or PySide6 missing
        print(f"无法启动图形界面（{exc}）。可使用命令行：python main.py check 报告.docx", file=sys.stderr)
        return 2
    if os.environ.get(SMOKE_ENV):
        _arm_smoke_test(int(os.environ[SMOKE_ENV]))
    return run_gui(argv)


def _arm_smoke_test(quit_after_ms: int) -> None:
    """Create the application early (run_gui reuses it) and watch for the main window."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from gui.app import make_app

    started = time.perf_counter()
    app = make_app()
    poll = QTimer(app)

    def shown_window():
        for w in QApplication.topLevelWidgets():
            handle = w.windowHandle()
            if isinstance(w, QMainWindow) and w.isVisible() and handle and handle.isExposed():
                return w
        return None

    def finish(window) -> None:
        session = getattr(window, "session", None)
        print(f"NIANBAO_SMOKE quit opened={getattr(session, 'path', '-')}", flush=True)
        app.quit()

    def check() -> None:
        window = shown_window()
        if window is None:
            return
        poll.stop()
        print(f"NIANBAO_SMOKE shown {time.perf_counter() - started:.3f}s "
              f"title={window.windowTitle()}", flush=True)
        QTimer.singleShot(quit_after_ms, lambda: finish(window))

    poll.timeout.connect(check)
    poll.start(5)
    QTimer.singleShot(quit_after_ms + 30_000, lambda: app.exit(4))   # never shown: fail


if __name__ == "__main__":
    sys.exit(main())
