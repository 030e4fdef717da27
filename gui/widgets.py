"""Small building blocks: the notice banner and the busy page."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from gui import strings, theme

BANNER_STYLES = {
    "error": (theme.SEVERITY_COLOURS["error"][0], theme.SEVERITY_COLOURS["error"][1]),
    "warning": (theme.SEVERITY_COLOURS["warning"][0], theme.SEVERITY_COLOURS["warning"][1]),
    "info": (theme.SEVERITY_COLOURS["info"][0], theme.SEVERITY_COLOURS["info"][1]),
    "ok": ("#E2F3E5", "#1E6B34"),
}


class Banner(QFrame):
    """A coloured strip across the window: a title line, a message, a close button."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 8, 8)
        row.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.heading = QLabel()
        self.heading.setFont(theme.font(theme.BASE_PT + 1, bold=True))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        text.addWidget(self.heading)
        text.addWidget(self.message)
        row.addLayout(text, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        row.addLayout(self.buttons)
        self.action_buttons: list[QPushButton] = []
        self.close_button = QPushButton(strings.CLOSE)
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.close_button, 0, Qt.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.kind = ""
        self.hide()

    def show_message(self, kind: str, message: str, heading: str = "",
                     timeout_ms: int = 0, actions: list | None = None) -> None:
        """``actions``: (button text, QUrl to open) pairs, shown as buttons on the banner."""
        bg, fg = BANNER_STYLES.get(kind, BANNER_STYLES["info"])
        self.kind = kind
        self.setStyleSheet(f"QFrame#banner{{background:{bg};border:1px solid {fg};}}"
                           f"QFrame#banner QLabel{{color:{fg};background:transparent;}}")
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))
        self.message.setText(message)
        self._set_actions(actions or [])
        self.show()
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)

    def _set_actions(self, actions: list) -> None:
        for button in self.action_buttons:
            self.buttons.removeWidget(button)
            button.deleteLater()
        self.action_buttons = []
        for text, url in actions:
            button = QPushButton(text)
            button.setProperty("url", url)
            button.clicked.connect(self._action_clicked)
            self.buttons.addWidget(button, 0, Qt.AlignTop)
            self.action_buttons.append(button)

    def _action_clicked(self) -> None:
        from gui.export_actions import open_url

        url = self.sender().property("url")
        if url is not None:
            open_url(url)

    def text(self) -> str:
        return (self.heading.text() + "\n" + self.message.text()).strip()


class BusyPage(QWidget):
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(620)
        box = QVBoxLayout(card)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(14)
        title = QLabel(strings.BUSY_TITLE)
        title.setObjectName("title")
        self.file = QLabel()
        self.file.setWordWrap(True)
        hint = QLabel(strings.BUSY_HINT)
        hint.setObjectName("muted")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)             # busy indicator: reading has no known length
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(14)
        self.elapsed = QLabel()
        self.elapsed.setObjectName("muted")
        self.cancel = QPushButton(strings.CANCEL)
        self.cancel.clicked.connect(self.cancelled)
        self._started = time.monotonic()
        self._pages: tuple[int, int] | None = None
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        for w in (title, self.file, self.bar, self.elapsed, hint):
            box.addWidget(w)
        box.addWidget(self.cancel, 0, Qt.AlignRight)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

    def start(self, name: str) -> None:
        self.file.setText(strings.BUSY_FILE.format(name=name))
        self._started = time.monotonic()
        self._pages = None
        self.bar.setRange(0, 0)             # until a PDF says how many pages it has
        self.bar.setTextVisible(False)
        self.elapsed.setText("")
        self._clock.start()

    def set_progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` pages of a PDF are read."""
        self._pages = (done, total)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self._show_status()

    def _tick(self) -> None:
        """Seconds since the check started, and the pages read when the file is a PDF."""
        if not self.isVisible():
            self._clock.stop()
            return
        self._show_status()

    def _show_status(self) -> None:
        seconds = int(time.monotonic() - self._started)
        text = strings.BUSY_ELAPSED.format(seconds=seconds)
        if self._pages is not None:
            text = strings.BUSY_PAGES.format(done=self._pages[0], total=self._pages[1], elapsed=text)
        self.elapsed.setText(text)

    def hideEvent(self, event) -> None:
        self._clock.stop()
        super().hideEvent(event)
