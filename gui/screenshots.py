"""Render the documentation screenshots (docs/screenshots/*.png).

    xvfb-run -a -s "-screen 0 1600x1000x24" python -m gui.screenshots [report-file]

Under Xvfb (a DISPLAY is set) the real X11 platform plugin draws with the system's CJK fonts;
without a display it falls back to Qt's offscreen plugin. Uses the bundled sample report (it
has a wrong row sum in table 3 and a missing section) when it can be checked, otherwise the first
seed report; the batch shot checks a folder of reports made by tests/batch_fixtures.py.
Settings go to a temporary folder so no real recent files show.
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
    if not os.environ.get("DISPLAY"):
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


def loop_wait(app, signal, start, timeout_ms: int = 300_000) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    loop.exec()
    signal.disconnect(loop.quit)


def pick_report(explicit: str | None) -> str:
    from core.api import check, resource_path

    if explicit:
        return explicit
    from gui import strings

    candidates = [resource_path("samples", strings.SAMPLE_FILE)]
    candidates += sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
    for path in candidates:
        if Path(path).exists() and check(path).status == "checked":
            return str(path)
    raise SystemExit("no report to show")


def _screen_grab(app, widget, path: Path, margin: int = 0) -> None:
    """What the screen shows over ``widget`` (popup menus and dialogs included)."""
    _settle(app, 500)
    screen = widget.screen()
    g = widget.frameGeometry().adjusted(-margin, -margin, margin, margin)
    screen.grabWindow(0, g.x(), g.y(), g.width(), g.height()).save(str(path))


def document_shots(app, window, report: str, out: Path) -> list[Path]:
    """The shots of issue 17: the menu bar, the save / discard / cancel question, a 1024×640 window, the
    export banner with its open buttons, Qt's file dialog in Chinese."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from gui import strings

    shots = []
    window.move(0, 0)
    page = window.report
    s = window.session
    # a decision taken: the 编辑 menu offers 撤销 with what it undoes
    i = next((k for k, f in enumerate(s.findings) if s.fixable(f)), None)
    if i is not None:
        page.findings.select(i)
        page.findings.toggle_current()
    _settle(app)
    bar = window.menuBar()
    edit = bar.actions()[1]
    bar.setActiveAction(edit)
    path = out / "menu.png"
    _screen_grab(app, window, path)
    edit.menu().hide()
    bar.setActiveAction(None)
    shots.append(path)
    # leaving with unsaved decisions
    box = QMessageBox(QMessageBox.Warning, strings.UNSAVED_TITLE,
                      strings.UNSAVED_TEXT.format(name=os.path.basename(report)), parent=window)
    box.setInformativeText(strings.UNSAVED_INFO)
    box.addButton(strings.UNSAVED_SAVE, QMessageBox.AcceptRole)
    box.addButton(strings.UNSAVED_DISCARD, QMessageBox.DestructiveRole)
    box.addButton(strings.CANCEL, QMessageBox.RejectRole)
    box.open()
    path = out / "unsaved.png"
    _screen_grab(app, window, path)
    box.done(0)
    shots.append(path)
    # the export banner (the file is not written: the banner as an export leaves it)
    from gui.export_actions import show_exported

    target = os.path.join(os.path.dirname(report), strings.DEFAULT_DOCX.format(
        stem=Path(report).stem))
    show_exported(window.banner, target)
    path = out / "exported.png"
    _settle(app)
    window.grab().save(str(path))
    shots.append(path)
    window.banner.hide()
    # a 1024×640 window
    window.resize(1024, 640)
    _settle(app, 800)
    path = out / "small-1024x640.png"
    window.grab().save(str(path))
    shots.append(path)
    # Qt's own file dialog, in Chinese
    dialog = QFileDialog(window, strings.OPEN_DIALOG_TITLE, os.path.dirname(report),
                         strings.FILE_FILTER)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    dialog.resize(820, 520)
    dialog.move(window.mapToGlobal(QPoint(90, 60)))
    dialog.open()
    path = out / "file-dialog.png"
    _settle(app, 800)
    dialog.grab().save(str(path))
    dialog.done(0)
    shots.append(path)
    return shots


def scaled_shot(report: str, factor: str) -> Path:
    """The report at 1024×640 logical pixels with QT_SCALE_FACTOR=``factor`` (its own process:
    the factor is read when Qt starts)."""
    import subprocess

    env = dict(os.environ, QT_SCALE_FACTOR=factor)
    name = f"scale-{round(float(factor) * 100)}.png"
    subprocess.run([sys.executable, "-m", "gui.screenshots", "--scaled", name, report],
                   cwd=ROOT, env=env, check=True)
    return OUT / name


def scaled_main(name: str, report: str) -> int:
    sys.path.insert(0, str(ROOT))
    from gui.app import create_window, make_app

    app = make_app()
    window = create_window()
    window.resize(1024, 640)
    window.show()
    window.open_path(report)
    _wait_checked(app, window)
    window.banner.hide()
    _settle(app, 800)
    window.grab().save(str(OUT / name))
    window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _isolate()
    if argv[:1] == ["--scaled"]:
        return scaled_main(argv[1], argv[2])
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt

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
    missing = next((i for i, f in enumerate(s.findings) if f.rule == "SEC-MISSING"), None)
    page.tabs.setCurrentWidget(page.structure)
    if missing is not None:
        page.findings.select(missing)
        page.show_finding(missing)
        page.structure.tree.clearSelection()      # the red cross stays readable
    grab("structure.png")
    quoted = next((i for i, f in enumerate(s.findings)
                   if f.location.quote and f.rule.startswith("N-")),
                  next((i for i, f in enumerate(s.findings) if f.location.quote), None))
    page.tabs.setCurrentWidget(page.text)
    if quoted is not None:
        page.findings.select(quoted)
        page.show_finding(quoted)
    grab("text.png")
    page.tabs.setCurrentWidget(page.table_tabs["t3"])
    shots += document_shots(app, window, report, OUT)
    window.resize(*SIZE)
    window.undo_stack.setClean()

    from gui.dialogs import HelpDialog

    dialog = HelpDialog(window)
    dialog.resize(1000, 800)
    dialog.show()
    _settle(app, 600)
    dialog.grab().save(str(OUT / "help.png"))
    shots.append(OUT / "help.png")
    dialog.close()

    import shutil

    from tests.batch_fixtures import BATCH_ROOT, RECENT, batch_folder

    tmp = Path(tempfile.gettempdir()) / BATCH_ROOT       # a path that reads well in the shot
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        folder = batch_folder(tmp, report)
        window.show_batch()
        batch = window.batch_window
        batch.resize(SIZE[0], 560)
        loop_wait(app, batch.finished, lambda: batch.start([str(folder)]))
        batch.view.sortByColumn(5, Qt.DescendingOrder)
        _settle(app, 600)
        batch.grab().save(str(OUT / "batch.png"))
        shots.append(OUT / "batch.png")
        batch.close()
        from gui import strings

        # the busy page as a long PDF is read (the widget as the worker's progress drives it)
        window.busy.start(strings.SCREENSHOT_PDF_NAME)
        window._show(window.busy)
        window.busy.set_progress(7, 12)
        grab("busy.png")
        # the empty window last, with a few recent files
        from gui.start_page import remember

        for name in RECENT:
            remember(str(folder / name))
        remember(report)
        window.close()
        fresh = create_window()                      # as at launch: nothing open
        fresh.resize(*SIZE)
        fresh.show()
        _settle(app, 600)
        fresh.grab().save(str(OUT / "start.png"))
        shots.append(OUT / "start.png")
        fresh.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for factor in ("1.25", "1.5"):
        shots.append(scaled_shot(report, factor))
    for path in shots:
        print(path)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
