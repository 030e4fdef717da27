"""The six official sections with found / missing marks and their headings as written."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from gui import layout, strings, theme
from gui.session import Session

KEY_ROLE = Qt.UserRole + 1


class StructureView(QWidget):
    chosen = Signal(object)          # section key (or None for an unplaced heading)

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        hint = QLabel(strings.STRUCT_HINT)
        hint.setObjectName("muted")
        box.addWidget(hint)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(list(strings.STRUCT_HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.Fixed)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(0, 44)
        self.tree.setColumnWidth(3, 90)
        self.tree.currentItemChanged.connect(self._changed)
        box.addWidget(self.tree, 1)

    def refresh(self, session: Session | None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        if session is None:
            self.title.setText("")
            self.tree.blockSignals(False)
            return
        report = session.report
        self.title.setText(strings.STRUCT_TITLE + (report.meta.title or strings.STRUCT_TITLE_NONE))
        found = {}
        for s in report.sections:
            if s.key and s.key not in found:
                found[s.key] = s
        big = theme.font(theme.BASE_PT + 3, bold=True)
        for key, heading in layout.sections():
            sec = found.get(key)
            n = len(session.findings_in_section(key))
            item = QTreeWidgetItem([strings.STRUCT_FOUND if sec else strings.STRUCT_MISSING,
                                    heading, sec.heading if sec else strings.STRUCT_NOT_FOUND,
                                    str(n) if n else ""])
            item.setData(0, KEY_ROLE, key)
            item.setFont(0, big)
            item.setTextAlignment(0, Qt.AlignCenter)
            item.setForeground(0, QColor(theme.OK_FG if sec else theme.MISSING_FG))
            if sec is None:
                item.setForeground(2, QColor(theme.MISSING_FG))
                item.setBackground(2, theme.severity_bg("error"))
            elif not sec.official:
                item.setBackground(2, theme.severity_bg("warning"))
            item.setTextAlignment(3, Qt.AlignCenter)
            self.tree.addTopLevelItem(item)
        group = QTreeWidgetItem(["", strings.STRUCT_TABLES, "", ""])
        group.setFont(1, theme.font(theme.BASE_PT, bold=True))
        self.tree.addTopLevelItem(group)
        for table in layout.TABLES:
            data = report.tables.get(table)
            found = bool(data and data.found)
            n = len(session.findings_in_table(table))
            item = QTreeWidgetItem([strings.STRUCT_FOUND if found else strings.STRUCT_MISSING,
                                    f"{layout.table_name(table)} {layout.grid(table).title}",
                                    strings.STRUCT_TABLE_FOUND if found
                                    else strings.STRUCT_NOT_FOUND, str(n) if n else ""])
            item.setData(0, KEY_ROLE, layout.TABLE_SECTION[table])
            item.setFont(0, big)
            item.setTextAlignment(0, Qt.AlignCenter)
            item.setTextAlignment(3, Qt.AlignCenter)
            item.setForeground(0, QColor(theme.OK_FG if found else theme.MISSING_FG))
            if not found:
                item.setBackground(2, theme.severity_bg("error"))
            self.tree.addTopLevelItem(item)
        extra = [s for s in report.sections if not s.key]
        if extra:
            group = QTreeWidgetItem(["", strings.STRUCT_EXTRA, "", ""])
            group.setForeground(1, QColor(theme.MUTED_FG))
            self.tree.addTopLevelItem(group)
            for s in extra:
                item = QTreeWidgetItem(["", "", s.heading, ""])
                item.setBackground(2, theme.severity_bg("warning"))
                self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)

    def select(self, key: str | None) -> None:
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            if item.data(0, KEY_ROLE) == key:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
                self.tree.scrollToItem(item)
                return

    def _changed(self, item, _previous) -> None:
        if item is not None and item.data(0, KEY_ROLE):
            self.chosen.emit(item.data(0, KEY_ROLE))
