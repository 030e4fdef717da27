"""Render the documentation screenshots offscreen (docs/screenshots/*.png).

    python -m gui.screenshots [report-file]

Uses the bundled sample report when it can be checked, otherwise the first seed report with
arithmetic findings; settings go to a temporary folder so no real recent files show.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1400, 900)


def _isolate() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="nianbao-shots-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())


def _settle(app, ms: int = 400) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait_checked(app, window, timeout_ms: int = 120_000) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    window.checked.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    window.checked.disconnect(loop.quit)


def pick_report(explicit: str | None) -> str:
    from core.api import check
    from core.resources import resource_path

    if explicit:
        return explicit
    from gui import strings

    candidates = [resource_path("samples", strings.SAMPLE_FILE)]
    candidates += sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    for path in candidates:
        if Path(path).exists() and check(path).status == "checked":
            return str(path)
    raise SystemExit("no report to show")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _isolate()
    sys.path.insert(0, str(ROOT))
    from gui.app import create_window, make_app

    app = make_app()
    window = create_window()
    window.resize(*SIZE)
    window.show()
    _settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    shots = []

    def grab(name: str) -> None:
        _settle(app, 500)
        path = OUT / name
        window.grab().save(str(path))
        shots.append(path)

    grab("start.png")
    report = pick_report(argv[0] if argv else None)
    window.open_path(report)
    _wait_checked(app, window)
    page = window.report
    s = window.session
    # the most important finding in 表三 (an arithmetic error when there is one)
    t3 = [i for i, f in enumerate(s.findings) if f.location.table == "t3"]
    pick = next((i for i in t3 if s.findings[i].rule.startswith("T3-")), t3[0] if t3 else None)
    page.tabs.setCurrentWidget(page.table_tabs["t3"])
    _settle(app)
    if pick is not None:
        page.findings.select(pick)
        page.show_finding(pick)
    page.table_tabs["t3"].view.scrollToTop()     # the blanks (amber) at the top stay in view
    window.banner.hide()
    grab("report.png")
    page.findings.clear_filter()
    page.tabs.setCurrentWidget(page.structure)
    grab("structure.png")
    quoted = next((i for i, f in enumerate(s.findings)
                   if f.location.quote and f.rule.startswith("N-")),
                  next((i for i, f in enumerate(s.findings) if f.location.quote), None))
    page.tabs.setCurrentWidget(page.text)
    if quoted is not None:
        page.findings.select(quoted)
        page.show_finding(quoted)
    grab("text.png")
    for path in shots:
        print(path)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
