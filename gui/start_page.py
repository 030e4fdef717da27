"""The first page: a large drop zone, the open and sample buttons, and the recent files."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from gui import strings, theme

ORGANISATION = "NianbaoChecker"
APPLICATION = "nianbao"
RECENT_KEY = "recent_files"
RECENT_MAX = 8
PATH_ROLE = Qt.UserRole + 1


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def recent_files() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember(path: str) -> None:
    path = os.path.abspath(path)
    files = [p for p in recent_files() if os.path.normcase(p) != os.path.normcase(path)]
    s = settings()
    s.setValue(RECENT_KEY, [path] + files[:RECENT_MAX - 1])
    s.sync()


class DropZone(QFrame):
    """Shows where to drop; the window itself accepts the drop (anywhere on it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setMinimumHeight(240)
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 36, 40, 36)
        box.setSpacing(12)
        box.addStretch(1)
        arrow = QLabel("\u21e9")
        arrow.setAlignment(Qt.AlignCenter)
        arrow.setFont(theme.font(44))
        arrow.setStyleSheet("color:#7F97B5;background:transparent;")
        self.title = QLabel(strings.DROP_TITLE)
        self.title.setAlignment(Qt.AlignCenter)
        self.title.setFont(theme.font(22, bold=True))
        self.title.setStyleSheet("background:transparent;")
        formats = QLabel(strings.DROP_FORMATS)
        formats.setAlignment(Qt.AlignCenter)
        formats.setFont(theme.font(theme.BASE_PT + 1))
        formats.setStyleSheet(f"color:{theme.MUTED_FG};background:transparent;")
        orl = QLabel(strings.DROP_OR)
        orl.setAlignment(Qt.AlignCenter)
        orl.setStyleSheet(f"color:{theme.MUTED_FG};background:transparent;")
        self.open_button = QPushButton(strings.OPEN_FILE)
        self.open_button.setObjectName("primary")
        self.open_button.setFont(theme.font(theme.BASE_PT + 2, bold=True))
        self.open_button.setCursor(Qt.PointingHandCursor)
        self.sample_button = QPushButton(strings.OPEN_SAMPLE)
        self.sample_button.setCursor(Qt.PointingHandCursor)
        self.sample_button.setFont(theme.font(theme.BASE_PT + 1))
        self.batch_button = QPushButton(strings.OPEN_BATCH)
        self.batch_button.setCursor(Qt.PointingHandCursor)
        self.batch_button.setFont(theme.font(theme.BASE_PT + 1))
        self.batch_button.setToolTip(strings.TIP_BATCH)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.sample_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.batch_button)
        buttons.addStretch(1)
        for w in (arrow, self.title, formats, orl):
            box.addWidget(w)
        box.addLayout(buttons)
        box.addStretch(1)

    def set_active(self, active: bool) -> None:
        self.setProperty("active", "true" if active else "false")
        self.title.setText(strings.DROP_ACTIVE if active else strings.DROP_TITLE)
        self.style().unpolish(self)
        self.style().polish(self)


class StartPage(QWidget):
    open_path = Signal(str)
    open_dialog = Signal()
    open_sample = Signal()
    open_batch = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 24)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(14)
        column.addStretch(1)
        intro = QLabel(strings.START_INTRO)
        intro.setFont(theme.font(theme.BASE_PT + 1))
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.drop = DropZone()
        self.drop.open_button.clicked.connect(self.open_dialog)
        self.drop.sample_button.clicked.connect(self.open_sample)
        self.drop.batch_button.clicked.connect(self.open_batch)
        column.addWidget(self.drop)
        recent_title = QLabel(strings.RECENT_TITLE)
        recent_title.setFont(theme.font(theme.BASE_PT + 1, bold=True))
        column.addWidget(recent_title)
        self.no_recent = QLabel(strings.RECENT_NONE)
        self.no_recent.setObjectName("muted")
        column.addWidget(self.no_recent)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(self._activated)
        self.recent.itemClicked.connect(self._activated)
        self.recent.setCursor(Qt.PointingHandCursor)
        self.recent.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)     # a low window scrolls it
        column.addWidget(self.recent)
        column.addStretch(2)
        offline = QLabel(strings.OFFLINE_NOTE)
        offline.setObjectName("muted")
        offline.setAlignment(Qt.AlignCenter)
        column.addWidget(offline)
        outer.addLayout(column, 6)
        outer.addStretch(1)
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.recent.clear()
        files = recent_files()
        self.no_recent.setVisible(not files)
        self.recent.setVisible(bool(files))
        for path in files:
            name = os.path.basename(path)
            folder = os.path.dirname(path)
            exists = os.path.exists(path)
            item = QListWidgetItem(f"{name}    {folder}" + ("" if exists else
                                                          "  " + strings.RECENT_MISSING))
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            if not exists:
                item.setForeground(Qt.gray)
            self.recent.addItem(item)
        # the style sheet's item padding is not in sizeHintForRow before the list is polished
        least = self.recent.fontMetrics().height() + 14
        rows = sum(max(self.recent.sizeHintForRow(r), least) for r in range(self.recent.count()))
        full = rows + 2 * self.recent.frameWidth() + 4
        self.recent.setMaximumHeight(full)
        self.recent.setMinimumHeight(min(full, 2 * least + 2 * self.recent.frameWidth() + 4))

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.open_path.emit(path)
