"""Unexpected failures: logged to a file in the user's application data folder and shown as one
sentence with a "copy diagnostics" button (STYLE §8). The application keeps running."""
from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from gui import strings

LOGGER_NAME = "nianbao"
log = logging.getLogger(LOGGER_NAME)
_log_path: Path | None = None


def log_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(base or tempfile.gettempdir()) / "logs"


def setup_logging() -> Path:
    """Attach a rotating UTF-8 log file (once). Returns its path."""
    global _log_path
    target = log_dir() / "nianbao.log"
    if _log_path == target:
        return target
    for handler in list(log.handlers):
        if getattr(handler, "_nianbao", False):
            log.removeHandler(handler)
            handler.close()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        target = Path(tempfile.gettempdir()) / "nianbao.log"
        handler = logging.FileHandler(target, encoding="utf-8")
    handler._nianbao = True
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _log_path = target
    return target


def log_path() -> Path:
    return _log_path or setup_logging()


def diagnostics(exc: BaseException | None, tb_text: str) -> str:
    from PySide6 import __version__ as pyside_version

    from core.api import VERSION

    lines = [f"nianbao {VERSION}", f"time: {time.strftime('%Y-%m-%d %H:%M:%S')}",
             f"python: {sys.version.split()[0]}", f"pyside6: {pyside_version}",
             f"platform: {platform.platform()}", f"log: {log_path()}", ""]
    if exc is not None:
        lines.append(f"{type(exc).__name__}: {exc}")
    lines.append(tb_text.rstrip())
    return "\n".join(lines)


class ErrorDialog(QDialog):
    def __init__(self, details: str, parent=None):
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(strings.ERROR_TITLE)
        self.setMinimumWidth(520)
        box = QVBoxLayout(self)
        box.setContentsMargins(22, 20, 22, 16)
        box.setSpacing(12)
        sentence = QLabel(strings.ERROR_SENTENCE)
        sentence.setWordWrap(True)
        where = QLabel(strings.ERROR_LOGGED.format(path=log_path()))
        where.setObjectName("muted")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box.addWidget(sentence)
        box.addWidget(where)
        row = QHBoxLayout()
        self.copy = QPushButton(strings.COPY_DIAGNOSTICS)
        self.copy.clicked.connect(self._copy)
        ok = QPushButton(strings.OK)
        ok.setObjectName("primary")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        row.addWidget(self.copy)
        row.addStretch(1)
        row.addWidget(ok)
        box.addLayout(row)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy.setText(strings.COPIED)


_open_dialog: ErrorDialog | None = None


def report_exception(exc: BaseException | None, tb_text: str, parent=None) -> ErrorDialog | None:
    """Log the failure and show the dialog (non-blocking). Never raises."""
    global _open_dialog
    try:
        details = diagnostics(exc, tb_text)
        log.error("unexpected error\n%s", details)
    except Exception:   # noqa: BLE001 - the last line of defence must not fail
        details = tb_text
    app = QApplication.instance()
    if app is None or threading.current_thread() is not threading.main_thread():
        return None
    try:
        if _open_dialog is not None and _open_dialog.isVisible():
            _open_dialog.details += "\n\n" + details
            return _open_dialog
        dialog = ErrorDialog(details, parent)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.destroyed.connect(_forget)
        dialog.open()
        _open_dialog = dialog
        return dialog
    except Exception:   # noqa: BLE001
        traceback.print_exc()
        return None


def _forget(*_args) -> None:
    global _open_dialog
    _open_dialog = None


def install_excepthook(parent_getter=lambda: None) -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        report_exception(exc, text, parent_getter())

    sys.excepthook = hook

    def thread_hook(args):
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                  args.exc_traceback))
        log.error("unexpected error in thread %s\n%s", getattr(args.thread, "name", "?"), text)

    threading.excepthook = thread_hook


