"""Driving the window the way a person does: dropping files, clicking, typing."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

CHECK_TIMEOUT_MS = 60_000


def drop_files(window, *paths: Path) -> None:
    """Send the drag-enter and drop events a file manager sends."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = window.rect().center()
    enter = QDragEnterEvent(QPoint(centre), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(centre), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, drop)


def drop_and_wait(qtbot, window, path: Path) -> None:
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        drop_files(window, path)


def click_item(qtbot, tree, item, column: int = 0) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    if column:
        x = tree.header().sectionPosition(column) + 30
        point = QPoint(x, rect.center().y())
    else:
        point = rect.center()
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, Qt.NoModifier, point)


def click_cell(qtbot, table, item) -> None:
    table.scrollToItem(item)
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())


def findings_of(window, rule: str):
    s = window.session
    return [i for i, f in enumerate(s.findings) if f.rule == rule]
