"""A checked report: who and when, the counts, the findings list, and the report's views
(the three tables, the structure, the original text), kept in step with each other."""
from __future__ import annotations

import os

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from gui import layout, strings, theme
from gui.findings_panel import FindingsPanel
from gui.page_image_view import PageImageView
from gui.session import Session
from gui.start_page import settings
from gui.structure_view import StructureView
from gui.table_view import ReportTable as ReportTableType
from gui.table_view import TableTab, cell_where
from gui.text_view import TextView

TAB_ORDER = ("t2", "t3", "t4", "structure", "text")
SPLIT_KEY = "report_split"          # the person's sizes of the two panels (remembered)
LEFT_SHARE = (0.28, 0.45)           # the findings panel: between these shares of the width
LEFT_DEFAULT = 0.34
ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


YEAR_RANGE = (2008, 2100)       # 《政府信息公开条例》 took effect in 2008


class ReportHeader(QFrame):
    level_changed = Signal(str)
    year_changed = Signal(int)
    agency_edit = Signal()          # the person wants to correct the agency's name

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 6)
        box.setSpacing(6)
        self.agency = QLabel()
        self.agency.setObjectName("title")
        self.agency.setWordWrap(True)
        self.agency.setTextInteractionFlags(Qt.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.agency, 1)
        self.agency_button = QPushButton(strings.AGENCY_CORRECT)
        self.agency_button.setObjectName("link")
        self.agency_button.setCursor(Qt.PointingHandCursor)
        self.agency_button.setToolTip(strings.AGENCY_TIP)
        self.agency_button.clicked.connect(self.agency_edit)
        top.addWidget(self.agency_button, 0, Qt.AlignTop)
        box.addLayout(top)
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(QLabel(strings.YEAR_LABEL))
        self.year = QSpinBox()
        # the lowest value stands for "not recognised"
        self.year.setRange(YEAR_RANGE[0] - 1, YEAR_RANGE[1])
        self.year.setSpecialValueText(strings.YEAR_UNKNOWN)
        self.year.setSuffix(strings.YEAR_SUFFIX)
        self.year.setKeyboardTracking(False)       # typed digits count when the field is left
        self.year.setToolTip(strings.YEAR_TIP)
        self.year.valueChanged.connect(self._year_changed)
        line.addWidget(self.year)
        line.addSpacing(16)
        line.addWidget(QLabel(strings.LEVEL_LABEL))
        self.level = QComboBox()
        self.level.addItems(list(strings.LEVELS))
        self.level.setPlaceholderText(strings.LEVEL_PLACEHOLDER)
        self.level.setToolTip(strings.LEVEL_TIP)
        self.level.setMinimumWidth(130)
        self.level.activated.connect(self._level_activated)
        line.addWidget(self.level)
        line.addStretch(1)
        box.addLayout(line)
        # on a line of its own: beside the year it was cut off in a narrow panel
        self.format = QLabel()
        self.format.setWordWrap(True)
        box.addWidget(self.format)
        self.file = QLabel()
        self.file.setObjectName("muted")
        self.file.setWordWrap(True)
        box.addWidget(self.file)
        prior = QHBoxLayout()
        self.prior = QLabel()
        self.prior.setObjectName("muted")
        self.prior.setWordWrap(True)
        self.remove_prior = QPushButton(strings.ACT_PRIOR_REMOVE)
        self.remove_prior.setObjectName("link")
        self.remove_prior.setCursor(Qt.PointingHandCursor)
        prior.addWidget(self.prior, 1)
        prior.addWidget(self.remove_prior)
        box.addLayout(prior)
        counts = QHBoxLayout()
        counts.setSpacing(8)
        self.badges = {}
        for sev in ("error", "warning", "info"):
            badge = QLabel()
            badge.setObjectName("badge")
            bg, fg = theme.SEVERITY_COLOURS[sev]
            badge.setStyleSheet(f"background:{bg};color:{fg};")
            badge.setFont(theme.font(theme.BASE_PT + 1, bold=True))
            badge.setToolTip(strings.SEVERITY_HELP[sev])
            self.badges[sev] = badge
            counts.addWidget(badge)
        self.all_good = QLabel(strings.ALL_GOOD)
        self.all_good.setStyleSheet(f"color:{theme.OK_FG};font-weight:bold;")
        counts.addWidget(self.all_good)
        counts.addStretch(1)
        box.addLayout(counts)

    def refresh(self, session: Session) -> None:
        meta = session.report.meta
        self.agency.setText(meta.agency or strings.AGENCY_UNKNOWN)
        self.year.blockSignals(True)
        self.year.setValue(meta.year if meta.year else self.year.minimum())
        self.year.blockSignals(False)
        self.format.setText(strings.FORMAT_2019 if meta.format == "2019" else "")
        self.format.setVisible(meta.format == "2019")
        self.level.blockSignals(True)
        self.level.setCurrentIndex(strings.LEVELS.index(meta.level)
                                   if meta.level in strings.LEVELS else -1)
        self.level.blockSignals(False)
        # the name only: a long path would wrap into the lines below in a narrow window
        self.file.setText(strings.FILE_LABEL + os.path.basename(session.path))
        self.file.setToolTip(session.path)
        prior = os.path.basename(session.prior_path) if session.prior_path else strings.PRIOR_NONE
        self.prior.setText(strings.PRIOR_LABEL + prior)
        self.remove_prior.setVisible(bool(session.prior_path))
        counts = session.counts()
        texts = {"error": strings.COUNT_ERROR, "warning": strings.COUNT_WARNING,
                 "info": strings.COUNT_INFO}
        for sev, badge in self.badges.items():
            badge.setText(texts[sev].format(n=counts[sev]))
        self.all_good.setVisible(not any(counts.values()))

    def _year_changed(self, value: int) -> None:
        if value > self.year.minimum():
            self.year_changed.emit(value)

    def _level_activated(self, n: int) -> None:
        if 0 <= n < len(strings.LEVELS):
            self.level_changed.emit(strings.LEVELS[n])


class ReportPage(QWidget):
    edited = Signal(str, str, str, str)
    level_changed = Signal(str)
    year_changed = Signal(int)
    agency_edit = Signal()
    decided = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session: Session | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        self.split = split
        left = QWidget()
        left.setMinimumWidth(300)
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(4, 0, 8, 0)
        lbox.setSpacing(6)
        self.header = ReportHeader()
        self.header.level_changed.connect(self.level_changed)
        self.header.year_changed.connect(self.year_changed)
        self.header.agency_edit.connect(self.agency_edit)
        lbox.addWidget(self.header)
        self.findings = FindingsPanel()
        self.findings.activated.connect(self.show_finding)
        self.findings.decided.connect(self._decided)
        self.findings.details.goto.connect(self.show_finding)
        lbox.addWidget(self.findings, 1)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.table_tabs: dict[str, TableTab] = {}
        for t in layout.TABLES:
            tab = TableTab(t)
            tab.view.chosen.connect(self._cell_chosen)
            tab.view.edited.connect(self.edited)
            self.table_tabs[t] = tab
            self.tabs.addTab(tab, layout.table_name(t))
        self.structure = StructureView()
        self.structure.chosen.connect(self._section_chosen)
        self.tabs.addTab(self.structure, strings.TAB_STRUCTURE)
        self.text = TextView()
        self.tabs.addTab(self.text, strings.TAB_TEXT)
        right = QSplitter(Qt.Horizontal)      # the views and, for a scan, the page image
        right.setChildrenCollapsible(False)
        right.addWidget(self.tabs)
        self.page_image = PageImageView()
        right.addWidget(self.page_image)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        self.tabs.setMinimumWidth(560)
        self._share = self._saved_share()
        split.splitterMoved.connect(self._split_moved)
        outer.addWidget(split)
        self._selecting = False
        self._pending: list = []
        self._then: list = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self.tabs.currentChanged.connect(self._tab_changed)

    # --- zoom of the tables (Ctrl + / Ctrl -) --------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.table_tabs["t3"].view.zoom

    def set_zoom(self, factor: float) -> float:
        factor = min(ZOOM_STEPS, key=lambda z: abs(z - factor))
        for tab in self.table_tabs.values():
            tab.view.set_zoom(factor)
        return factor

    def zoom_step(self, step: int) -> float:
        """One step larger (1), smaller (-1), or back to 100 % (0); returns the new factor."""
        if step == 0:
            return self.set_zoom(1.0)
        at = ZOOM_STEPS.index(min(ZOOM_STEPS, key=lambda z: abs(z - self.zoom)))
        return self.set_zoom(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, at + step))])

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() in self._pending:
            self.flush()
        if not self._selecting and self.findings.filter_bar.isVisible():
            self.findings.clear_filter()        # a filter names a cell of the view just left

    # --- panel sizes --------------------------------------------------------------------------
    @staticmethod
    def _saved_share() -> float:
        try:
            share = float(settings().value(SPLIT_KEY, LEFT_DEFAULT))
        except (TypeError, ValueError):
            share = LEFT_DEFAULT
        return min(max(share, LEFT_SHARE[0]), LEFT_SHARE[1])

    def _apply_share(self) -> None:
        total = sum(self.split.sizes()) or self.split.width()
        if total <= 0:
            return
        left = round(total * self._share)
        self.split.blockSignals(True)
        self.split.setSizes([left, total - left])
        self.split.blockSignals(False)

    def _split_moved(self, _pos: int, _index: int) -> None:
        """Keep the findings panel between 28 % and 45 % of the width (wider, table 3's row labels
        would wrap after every two characters) and remember the share."""
        sizes = self.split.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        share = min(max(sizes[0] / total, LEFT_SHARE[0]), LEFT_SHARE[1])
        self._share = share
        if abs(sizes[0] / total - share) > 0.005:
            self._apply_share()
        settings().setValue(SPLIT_KEY, round(share, 3))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_share()

    # --- keyboard -----------------------------------------------------------------------------
    def focus_findings(self) -> None:
        self.findings.tree.setFocus(Qt.ShortcutFocusReason)
        if self.findings.tree.currentItem() is None:
            self.findings.select_first()

    def current_view(self):
        """The widget of the current tab that takes the keyboard (a table, a tree, the text)."""
        w = self.tabs.currentWidget()
        if isinstance(w, TableTab):
            return w.view
        return getattr(w, "tree", None) or getattr(w, "browser", None) or w

    def focus_view(self) -> None:
        view = self.current_view()
        view.setFocus(Qt.ShortcutFocusReason)
        if isinstance(view, ReportTableType) and view.currentItem() is None:
            view.select_first_value()

    def next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def edit_current_cell(self) -> None:
        """F2 / Enter: type into the selected value cell of the table on screen."""
        w = self.tabs.currentWidget()
        if isinstance(w, TableTab):
            w.view.setFocus(Qt.ShortcutFocusReason)
            w.view.edit_current()

    # --- refresh ------------------------------------------------------------------------------
    def set_session(self, session: Session, first: bool = False,
                    then: Callable[[], None] | None = None) -> None:
        """Show ``session``: the header, the list and the visible view now; the hidden views in
        the next turns of the event loop (short pauses instead of one long one). ``then`` runs
        when every view is up to date."""
        self.session = session
        self.header.refresh(session)
        self.findings.set_session(session, keep_selection=not first)
        self.page_image.set_result(session.result() if session else None)
        for t in self.table_tabs:
            n = len(session.findings_in_table(t)) if session else 0
            name = layout.table_name(t)
            self.tabs.setTabText(TAB_ORDER.index(t),
                                 strings.TAB_TABLE_COUNT.format(name=name, n=n) if n else name)
        if first:
            self.tabs.setCurrentIndex(self._first_tab(session))
        views = [*self.table_tabs.values(), self.structure, self.text]
        current = self.tabs.currentWidget()
        self._pending = [current] + [v for v in views if v is not current]
        if then is not None:
            self._then.append(then)
        self._step()

    def _step(self) -> None:
        if self._pending:
            self._pending.pop(0).refresh(self.session)
        if self._pending:
            self._timer.start(0)
            return
        callbacks, self._then = self._then, []
        for callback in callbacks:
            callback()

    def flush(self) -> None:
        """Bring every view up to date now (before pointing into one of them)."""
        while self._pending:
            self._pending.pop(0).refresh(self.session)
        self._timer.stop()
        self._step()

    def _first_tab(self, session: Session) -> int:
        """Open where the first (most important) finding is; table 3 when there is none."""
        for f in session.findings[:1]:
            if f.location.table in self.table_tabs:
                return TAB_ORDER.index(f.location.table)
        return TAB_ORDER.index("t3")

    def _decided(self, i: int) -> None:
        for tab in self.table_tabs.values():
            tab.view.refresh(self.session)
        self.decided.emit(i)

    # --- finding <-> place --------------------------------------------------------------------
    def show_finding(self, i: int, prefer: str = "") -> None:
        """Switch to the finding's place: the sentence for findings about the text (they
        carry a quote), else the cell, else the section. ``prefer`` "cell" or "text" picks."""
        s = self.session
        if s is None or i >= len(s.findings):
            return
        self.flush()
        f = s.findings[i]
        loc = f.location
        self._show_scan(loc.source)
        listed = f.listed_cells()        # a finding about several cells: show the first
        row, col = (listed[0][1], listed[0][2]) if listed else (loc.row, loc.col)
        has_cell = loc.table in self.table_tabs and bool(row or col)
        text_first = prefer == "text" or (prefer != "cell" and bool(loc.quote))
        self._selecting = True
        try:
            if text_first and self.text.has(i):
                self.tabs.setCurrentWidget(self.text)
                self.text.show_finding(i)
            elif has_cell:
                tab = self.table_tabs[loc.table]
                self.tabs.setCurrentWidget(tab)
                tab.view.select(row, col)
            elif loc.table in self.table_tabs:
                self.tabs.setCurrentWidget(self.table_tabs[loc.table])
            elif self.text.has(i):
                self.tabs.setCurrentWidget(self.text)
                self.text.show_finding(i)
            elif Session.section_of(f):
                self.tabs.setCurrentWidget(self.structure)
                self.structure.select(Session.section_of(f))
        finally:
            self._selecting = False

    def _show_scan(self, source) -> None:
        """A scan: its page beside the views, with the box of ``source`` drawn."""
        if self.page_image.isVisible():
            self.page_image.show_source(source)

    def _cell_chosen(self, table: str, row, col) -> None:  # noqa: D401
        if self._selecting or self.session is None:
            return
        if self.page_image.isVisible() and row:
            value = self.session.report.tables[table].cells.get((row, col))
            self._show_scan(value.source if value is not None else None)
        if row:
            hits = self.session.findings_at(table, row, col)
        else:
            hits = self.session.findings_at_header(table, col)
        where = cell_where(table, row, col)
        if hits:
            self.findings.set_filter(hits, strings.FILTER_CELL.format(n=len(hits), where=where))
        else:
            self.findings.set_filter([], strings.FILTER_NONE_CELL.format(where=where))
            self.findings.clear_selection()      # the details pane shows no other finding

    def _section_chosen(self, key) -> None:
        if self._selecting or self.session is None:
            return
        hits = self.session.findings_in_section(key)
        heading = layout.section_heading(key) or ""
        self.findings.set_filter(hits, strings.FILTER_SECTION.format(where=heading, n=len(hits)))
