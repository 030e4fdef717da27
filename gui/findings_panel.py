"""The findings list, grouped by severity then section (the most important first), with a
details pane where a person accepts, rejects or chooses a proposed fix."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSplitter, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem,
                               QTreeWidgetItemIterator, QVBoxLayout, QWidget)

from gui import layout, strings, theme
from gui.session import Session, finding_key
from gui.finding_details import FindingDetails, where_text

INDEX_ROLE = Qt.UserRole + 1
GROUP_ROLE = Qt.UserRole + 2       # a rule group: the indices of its findings
SEVERITIES = ("error", "warning", "info")
RULE_GROUP_MIN = 4                 # this many findings of one rule in one section are grouped
RULE_GROUP_COLLAPSED = 8           # and collapsed from this many on
FIX_COLUMN = (84, 120)             # the width of the 修正 column: narrowest, widest


class WrapDelegate(QStyledItemDelegate):
    """Wraps the long Chinese messages of column 0 to the column's width."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        if index.column() != 0:
            return size
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - self.tree.indentation() * (depth + 1) - 24
        font = index.data(Qt.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, max(width, 80), 100000),
                                               Qt.TextWordWrap, index.data() or "")
        return QSize(size.width(), max(size.height(), rect.height() + 12))


def fix_text(session: Session, i: int) -> str:
    f = session.findings[i]
    if f.fix is None:
        return ""
    if f.fix.certainty == "hint":
        return strings.FIX_HINT
    d = session.decision(i)
    if d is None:
        return strings.FIX_CHOOSE
    if d is False:
        return strings.FIX_REJECTED
    value = f.fix.value if d is True else d
    if f.fix.kind == "section":
        return strings.FIX_INSERT_SECTION
    if f.fix.kind == "label":
        return strings.FIX_LABEL.format(value=strings.fmt_value(value))
    return strings.FIX_ACCEPT.format(value=session.option_text(i, value))


class FindingsPanel(QWidget):
    activated = Signal(int)            # a finding was clicked: show its place
    decided = Signal(int)              # a decision changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: Session | None = None
        self._filter: list[int] | None = None
        self._building = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)

        self.filter_bar = QFrame()
        self.filter_bar.setObjectName("banner")
        self.filter_bar.setStyleSheet("QFrame#banner{background:#EAF1FB;}")
        fb = QHBoxLayout(self.filter_bar)
        fb.setContentsMargins(8, 4, 8, 4)
        self.filter_label = QLabel()
        self.filter_label.setWordWrap(True)
        self.show_all = QPushButton(strings.SHOW_ALL)
        self.show_all.setObjectName("link")
        self.show_all.clicked.connect(self.clear_filter)
        fb.addWidget(self.filter_label, 1)
        fb.addWidget(self.show_all)
        self.filter_bar.hide()
        box.addWidget(self.filter_bar)

        split = QSplitter(Qt.Vertical)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([strings.FINDINGS_HEADER_PROBLEM, strings.FINDINGS_HEADER_FIX])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.Fixed)
        self.tree.setColumnWidth(1, 120)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(False)
        self.tree.setIndentation(16)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        self.tree.header().sectionResized.connect(lambda *_: self._relayout.start(30))
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemChanged.connect(self._item_changed)
        split.addWidget(self.tree)

        self.details = FindingDetails()
        self.details.decided.connect(self._detail_decided)
        split.addWidget(self.details)
        # the list and the details share the height: the decision is taken in the details
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([370, 370])
        box.addWidget(split, 1)
        self._show_details(None)

    # --- building -----------------------------------------------------------------------------
    def set_session(self, session: Session | None, keep_selection: bool = True) -> None:
        current = self.current_index()
        key = finding_key(self.session.findings[current]) if (
            keep_selection and current is not None and self.session
            and current < len(self.session.findings)) else None
        self.session = session
        self._filter = None
        self.filter_bar.hide()
        self._rebuild()
        if key and session:
            for i, f in enumerate(session.findings):
                if finding_key(f) == key:
                    self.select(i, emit=False)
                    return
        self._show_details(None)

    def _rebuild(self) -> None:
        self._building = True
        self.tree.clear()
        s = self.session
        if s is None:
            self._building = False
            return
        indices = self._filter if self._filter is not None else range(len(s.findings))
        by_sev: dict[str, dict] = {}
        for i in indices:
            f = s.findings[i]
            by_sev.setdefault(f.severity, {}).setdefault(Session.section_of(f), []).append(i)
        total = sum(len(v) for g in by_sev.values() for v in g.values())
        bold = theme.font(theme.BASE_PT, bold=True)
        for sev in SEVERITIES:
            groups = by_sev.get(sev)
            if not groups:
                continue
            n = sum(len(v) for v in groups.values())
            top = QTreeWidgetItem([strings.severity_heading(sev, n)])
            top.setFont(0, bold)
            top.setForeground(0, theme.severity_fg(sev))
            top.setBackground(0, theme.severity_bg(sev))
            top.setBackground(1, theme.severity_bg(sev))
            top.setFlags(Qt.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            order = {k: n for n, (k, _) in enumerate(layout.sections())}
            for section in sorted(groups, key=lambda k: order.get(k, -1)):
                items = groups[section]
                heading = layout.section_heading(section) or strings.SECTION_NONE
                sec_item = QTreeWidgetItem([strings.GROUP_COUNT.format(name=heading,
                                                                       n=len(items))])
                sec_item.setFlags(Qt.ItemIsEnabled)
                sec_item.setForeground(0, QColor(theme.MUTED_FG))
                top.addChild(sec_item)
                self._add_leaves(sec_item, items)
                sec_item.setExpanded(True)
            top.setExpanded(sev != "info" or total <= 40 or self._filter is not None)
        self._building = False

    def _add_leaves(self, parent: QTreeWidgetItem, items: list[int]) -> None:
        """Many findings of one rule (a column of blanks) go under one line with one checkbox."""
        s = self.session
        by_rule: dict[str, list[int]] = {}
        for i in items:
            by_rule.setdefault(s.findings[i].rule, []).append(i)
        done: set[str] = set()
        for i in items:
            rule = s.findings[i].rule
            group = by_rule[rule]
            if len(group) < RULE_GROUP_MIN or self._filter is not None:
                parent.addChild(self._leaf(i))
                continue
            if rule in done:
                continue
            done.add(rule)
            node = QTreeWidgetItem([strings.GROUP_COUNT.format(name=s.findings[i].title,
                                                               n=len(group))])
            node.setData(0, GROUP_ROLE, group)
            node.setFont(0, theme.font(theme.BASE_PT, bold=True))
            flags = Qt.ItemIsEnabled
            fixable = [k for k in group if s.fixable(s.findings[k])]
            if fixable:
                node.setFlags(flags | Qt.ItemIsUserCheckable)
                node.setText(1, strings.FIX_ALL)
                self._set_group_state(node)
            else:
                node.setFlags(flags)
            parent.addChild(node)
            for k in group:
                node.addChild(self._leaf(k))
            node.setExpanded(len(group) < RULE_GROUP_COLLAPSED)

    def _set_group_state(self, node: QTreeWidgetItem) -> None:
        s = self.session
        group = [k for k in node.data(0, GROUP_ROLE) if s.fixable(s.findings[k])]
        accepted = sum(1 for k in group if s.decision(k) not in (None, False))
        state = Qt.Checked if accepted == len(group) else (
            Qt.Unchecked if accepted == 0 else Qt.PartiallyChecked)
        node.setCheckState(1, state)

    def _leaf(self, i: int) -> QTreeWidgetItem:
        s = self.session
        f = s.findings[i]
        item = QTreeWidgetItem([f.message, fix_text(s, i)])
        item.setData(0, INDEX_ROLE, i)
        item.setToolTip(0, f"{f.title}\n{where_text(s, i)}")
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if s.fixable(f):
            flags |= Qt.ItemIsUserCheckable
            item.setFlags(flags)
            d = s.decision(i)
            item.setCheckState(1, Qt.Checked if d not in (None, False) else Qt.Unchecked)
        else:
            item.setFlags(flags)
            item.setForeground(1, QColor(theme.MUTED_FG))
        if s.decision(i) is None and s.fixable(f):
            item.setForeground(1, theme.severity_fg("warning"))
        return item

    def _update_leaf(self, i: int) -> None:
        item = self.item_for(i)
        if item is None:
            return
        self._building = True
        item.setText(1, fix_text(self.session, i))
        d = self.session.decision(i)
        item.setCheckState(1, Qt.Checked if d not in (None, False) else Qt.Unchecked)
        item.setForeground(1, theme.severity_fg("warning") if d is None else QColor("#1F2328"))
        parent = item.parent()
        if parent is not None and parent.data(0, GROUP_ROLE):
            self._set_group_state(parent)
        self._building = False

    # --- filter -------------------------------------------------------------------------------
    def set_filter(self, indices: list[int], text: str) -> None:
        """Show only ``indices``; with none, keep the whole list and just say so."""
        self.filter_label.setText(text)
        self.filter_bar.show()
        self.show_all.setVisible(bool(indices))
        if not indices:
            if self._filter is not None:
                self._filter = None
                self._rebuild()
            return
        self._filter = list(indices)
        self._rebuild()
        self.tree.expandAll()
        if indices:
            self.select(indices[0], emit=False)
        else:
            self._show_details(None)

    def clear_filter(self) -> None:
        current = self.current_index()
        self._filter = None
        self.filter_bar.hide()
        self._rebuild()
        if current is not None:
            self.select(current, emit=False)

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    # --- selection ----------------------------------------------------------------------------
    def item_for(self, i: int) -> QTreeWidgetItem | None:
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            if it.value().data(0, INDEX_ROLE) == i:
                return it.value()
            it += 1
        return None

    def visible_indices(self) -> list[int]:
        out = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            i = it.value().data(0, INDEX_ROLE)
            if i is not None:
                out.append(i)
            it += 1
        return out

    def current_index(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, INDEX_ROLE) if item is not None else None

    def select(self, i: int, emit: bool = True) -> None:
        item = self.item_for(i)
        if item is None:
            return
        if not emit:
            self.tree.blockSignals(True)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        if not emit:
            self.tree.blockSignals(False)
        self._show_details(i)

    def resizeEvent(self, event) -> None:
        """A narrow panel (a 1024-pixel window) gives the message column more of its width."""
        super().resizeEvent(event)
        self.tree.setColumnWidth(1, max(FIX_COLUMN[0], min(FIX_COLUMN[1], self.width() // 4)))

    def select_first(self) -> None:
        visible = self.visible_indices()
        if visible:
            self.select(visible[0])

    def clear_selection(self) -> None:
        """No finding selected, and the details pane says so."""
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(None)
        self.tree.clearSelection()
        self.tree.blockSignals(False)
        self._show_details(None)

    def toggle_current(self) -> None:
        """Space: accept on / off for the selected finding (or rule group) with a proposed fix."""
        item = self.tree.currentItem()
        if item is None or not item.flags() & Qt.ItemIsUserCheckable:
            return
        item.setCheckState(1, Qt.Unchecked if item.checkState(1) == Qt.Checked else Qt.Checked)

    def _current_changed(self, item, _previous) -> None:
        if self._building or item is None:
            return
        i = item.data(0, INDEX_ROLE)
        self._show_details(i)
        if i is not None:
            self.activated.emit(i)

    def _clicked(self, item, _column) -> None:
        i = item.data(0, INDEX_ROLE)
        if i is not None and item is self.tree.currentItem():
            self.activated.emit(i)      # a second click on the same finding shows it again

    def _item_changed(self, item, column) -> None:
        if self._building or column != 1 or self.session is None:
            return
        group = item.data(0, GROUP_ROLE)
        if group:
            self._group_toggled(item, group)
            return
        i = item.data(0, INDEX_ROLE)
        if i is None or not self.session.fixable(self.session.findings[i]):
            return
        checked = item.checkState(1) == Qt.Checked
        self.session.decide(i, True if checked else False)
        self._update_leaf(i)
        if self._detail_index == i:
            self._show_details(i)
        self.decided.emit(i)

    # --- details ------------------------------------------------------------------------------
    @property
    def _detail_index(self) -> int | None:
        return self.details.index

    def _show_details(self, i: int | None) -> None:
        self.details.show_finding(self.session, i)

    def _detail_decided(self, i: int) -> None:
        self._update_leaf(i)
        self.decided.emit(i)

    def choose(self, i: int, n: int) -> None:
        """Programmatic choice of option ``n`` (0: the proposal; len(options): leave it)."""
        self.details.show_finding(self.session, i)
        self.details.choose(n)

    def _group_toggled(self, node: QTreeWidgetItem, group: list[int]) -> None:
        s = self.session
        accept = node.checkState(1) != Qt.Unchecked
        for k in group:
            f = s.findings[k]
            if s.fixable(f) and (f.fix.certainty == "certain" or not accept):
                s.decide(k, accept)
        for k in group:
            self._update_leaf(k)
        if self._detail_index in group:
            self._show_details(self._detail_index)
        self.decided.emit(-1)
