"""Watch the opened file: tell when it was changed on disk, also by editors that save by
writing a new file and renaming it over the old one (the watch is lost then and re-added)."""
from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

DEBOUNCE_MS = 500          # editors write in several steps
RETRY_MS = 300             # while a replaced file is briefly missing
RETRIES = 10


class FileWatcher(QObject):
    changed = Signal(str)  # the file changed and is there (again)
    gone = Signal(str)     # the file disappeared for good

    def __init__(self, parent=None):
        super().__init__(parent)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.path: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._settled)
        self._retries = 0

    def watch(self, path: str) -> None:
        old = [p for p in self.watcher.files() if p != path]
        if old:
            self.watcher.removePaths(old)
        self.path = path
        if os.path.exists(path) and path not in self.watcher.files():
            self.watcher.addPath(path)

    def stop(self) -> None:
        self._timer.stop()
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        self.path = None

    def _changed(self, path: str) -> None:
        if path != self.path:
            return
        self._retries = 0
        self._timer.start(DEBOUNCE_MS)

    def _settled(self) -> None:
        path = self.path
        if path is None:
            return
        if not os.path.exists(path):
            self._retries += 1
            if self._retries <= RETRIES:
                self._timer.start(RETRY_MS)
            else:
                self.gone.emit(path)
            return
        if path not in self.watcher.files():
            self.watcher.addPath(path)
        self.changed.emit(path)
