"""Start the window: ``run_gui(argv)``; argv may hold a file to open."""
from __future__ import annotations

import gc
import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui import errors, strings, theme
from gui.start_page import APPLICATION, ORGANISATION


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


def run_gui(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    app = make_app()
    window = create_window()
    window.show()
    settle_memory()
    files = [a for a in argv if not a.startswith("-")]
    if files:
        QTimer.singleShot(0, lambda: window.open_path(files[0]))
    errors.log.info("started")
    return app.exec()
