"""Start the window: ``run_gui(argv)``; argv may hold a file to open."""
from __future__ import annotations

import gc
import os
import sys

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui import errors, strings, theme
from gui.start_page import APPLICATION, ORGANISATION


QT_CATALOGUE = "qtbase_zh_CN"       # Qt's own words: file dialogs, message boxes, standard buttons


def translation_folders() -> list[str]:
    """Where Qt's translations are: the library's own path, then beside the PySide6 package
    (the wheel and the PyInstaller bundle keep them in PySide6/Qt/translations, or
    PySide6/translations on Windows)."""
    folders = [QLibraryInfo.path(QLibraryInfo.TranslationsPath)]
    try:
        import PySide6

        package = Path(PySide6.__file__).resolve().parent
        folders += [str(package / "Qt" / "translations"), str(package / "translations")]
    except (ImportError, TypeError):
        pass
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders += [os.path.join(bundle, "PySide6", "Qt", "translations"),
                    os.path.join(bundle, "PySide6", "translations")]
    return [f for f in folders if f]


def install_translations(app: QApplication) -> QTranslator | None:
    """Load Qt's Simplified Chinese catalogue once (the words inside QFileDialog, QMessageBox,
    QDialogButtonBox and the context menus of text fields)."""
    current = getattr(app, "_nianbao_qt_translator", None)
    if current is not None:
        return current
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    translator = QTranslator(app)
    for folder in translation_folders():
        if translator.load(QT_CATALOGUE, folder):
            app.installTranslator(translator)
            app._nianbao_qt_translator = translator
            return translator
    errors.log.warning("Qt translations %s not found", QT_CATALOGUE)
    return None


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANISATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication([sys.argv[0] if sys.argv else "nianbao", *(argv or [])])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(strings.APP_NAME)
    from gui.main_window import icon_path

    if os.path.exists(icon_path()):
        app.setWindowIcon(QIcon(icon_path()))
    theme.apply(app)
    errors.setup_logging()
    install_translations(app)
    return app


def create_window():
    from gui.main_window import MainWindow

    window = MainWindow()
    errors.install_excepthook(lambda: window)
    return window


def settle_memory() -> None:
    """Move everything built at start-up (modules, the standard, Qt wrappers) out of the cyclic
    garbage collector's reach: its full passes, which run in whichever thread allocates and
    hold the GIL, then only walk what a check creates (shorter pauses of the window)."""
    gc.collect()
    gc.freeze()


class GuiThreadGC(QObject):
    """Cyclic garbage is collected in the GUI thread only (pyqtgraph's ``GarbageCollector``
    does the same). Python runs a collection in whichever thread happens to allocate; when a
    worker thread's allocation starts one, it may free the last Python wrapper of a Qt object
    (a closed window, a dialog, a worker's signals) and delete that object outside the GUI
    thread, which crashes (seen in the test suite: a segfault "Garbage-collecting" inside a
    worker reading a file). Automatic collection is switched off; a timer in the GUI thread
    runs the generations whose thresholds were passed. ``stop()`` switches it back on."""

    def __init__(self, interval_ms: int = 500, parent=None):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)
        gc.disable()

    def check(self) -> None:
        n0, n1, n2 = gc.get_count()
        if n0 > self.threshold[0]:
            generation = 2 if n2 > self.threshold[2] else 1 if n1 > self.threshold[1] else 0
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


def guard_gc(app: QApplication) -> GuiThreadGC:
    """Install the GUI-thread collector once per application."""
    guard = getattr(app, "_nianbao_gc", None)
    if guard is None or not guard.timer.isActive():
        guard = GuiThreadGC(parent=app)
        app._nianbao_gc = guard
    return guard


def run_gui(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    app = make_app()
    guard_gc(app)
    window = create_window()
    window.show()
    settle_memory()
    files = [a for a in argv if not a.startswith("-")]
    if files:
        QTimer.singleShot(0, lambda: window.open_path(files[0]))
    errors.log.info("started")
    return app.exec()
