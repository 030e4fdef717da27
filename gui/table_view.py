"""One standard table drawn in its official layout (merged headers), value cells coloured by
what the checks found; typing into a value cell reports the new raw text (``edited``)."""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QLineEdit, QStyle,
                               QStyleOptionViewItem,
                               QStyledItemDelegate, QTableWidget, QTableWidgetItem, QToolTip,
                               QVBoxLayout, QWidget)

from gui import layout, strings, theme
from gui.session import Session

KEY_ROLE = Qt.UserRole + 1        # (row_key, col_key) on value cells
RAW_ROLE = Qt.UserRole + 2        # the text an editor starts with
HEADER_ROLE = Qt.UserRole + 3     # column key on column header cells
PT_ROLE = Qt.UserRole + 4         # the point size at zoom 100 %

MIN_ROW_HEIGHT = 32
TEXT_FG = "#1F2328"


def _modes_t2(n):
    return [(QHeaderView.Stretch, 0)] + [(QHeaderView.Fixed, 132)] * (n - 1)


def _modes_t3(n):
    # group | sub-group | label (takes the remaining width) | seven value columns
    return [(QHeaderView.Fixed, 40), (QHeaderView.Fixed, 96), (QHeaderView.Stretch, 0)] + \
        [(QHeaderView.Fixed, T3_VALUE_WIDTH)] * (n - 3)


T3_VALUE_WIDTH = 74
T3_VALUE_MIN = 60          # narrower windows: value columns shrink to this, then the table scrolls
T3_LABEL_MIN = 210         # the row labels never get narrower (they would wrap every two characters)


def _modes_t4(n):
    return [(QHeaderView.Stretch, 0)] * n


COLUMN_MODES = {"t2": _modes_t2, "t3": _modes_t3, "t4": _modes_t4}


class ValueDelegate(QStyledItemDelegate):
    """Edits the raw value (not the "125 → 118" display); never writes into the model itself."""

    committed = Signal(int, int, str)

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignCenter)
        return editor

    def setEditorData(self, editor, index):
        editor.setText(index.data(RAW_ROLE) or "")
        editor.selectAll()

    def setModelData(self, editor, model, index):
        self.committed.emit(index.row(), index.column(), editor.text())

    def paint(self, painter, option, index):
        """A selected cell keeps its colour (red, amber …) and gets a thick frame instead."""
        selected = bool(option.state & QStyle.State_Selected)
        opt = QStyleOptionViewItem(option)
        opt.state &= ~QStyle.State_Selected
        opt.state &= ~QStyle.State_HasFocus
        super().paint(painter, opt, index)
        if selected:
            painter.save()
            pen = QPen(QColor(theme.PRIMARY), 3)
            pen.setJoinStyle(Qt.MiterJoin)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


class ReportTable(QTableWidget):
    edited = Signal(str, str, str, str)          # table, row, col, raw
    rows_fitted = Signal()
    chosen = Signal(str, object, object)         # table, row key or None, col key or None

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.zoom = 1.0
        self.grid = layout.grid(table)
        self._items: dict[tuple[str, str], QTableWidgetItem] = {}
        self._state: dict[int, tuple] = {}
        self.session: Session | None = None
        self._headers: dict[str, list[QTableWidgetItem]] = {}
        self._build()
        self.delegate = ValueDelegate(self)
        self.delegate.committed.connect(self._committed)
        self.setItemDelegate(self.delegate)
        self.currentCellChanged.connect(self._current_changed)
        self.cellClicked.connect(self._clicked)
        self.setTabKeyNavigation(False)       # Tab leaves the table; the arrows move inside it

    def _build(self) -> None:
        g = self.grid
        self.setRowCount(g.rows)
        self.setColumnCount(g.cols)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        header_font = theme.font(theme.BASE_PT - 0.5)
        for fx in g.fixed:
            text = fx.text
            if self.table == "t4" and fx.rowspan + fx.row >= 3 and len(text) == 4:
                text = text[:2] + "\n" + text[2:]      # narrow columns: two lines of two
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            item.setFont(theme.font(theme.BASE_PT - 0.5, bold=fx.kind in ("caption", "group")))
            bg = theme.CAPTION_BG if fx.kind == "caption" else theme.HEADER_BG
            if fx.kind in ("label",):
                bg = "#FAFBFC"
            item.setBackground(QColor(bg))
            align = Qt.AlignVCenter | (Qt.AlignLeft if fx.kind in ("label", "caption", "note")
                                       else Qt.AlignHCenter)
            item.setTextAlignment(align)
            if fx.kind == "header" and fx.key:
                item.setData(HEADER_ROLE, fx.key)
                self._headers.setdefault(fx.key, []).append(item)
            item.setFont(header_font if fx.kind not in ("caption", "group") else item.font())
            item.setData(PT_ROLE, item.font().pointSizeF())
            self.setItem(fx.row, fx.col, item)
            if fx.rowspan > 1 or fx.colspan > 1:
                self.setSpan(fx.row, fx.col, fx.rowspan, fx.colspan)
        value_font = theme.font(theme.BASE_PT + 0.5)
        for key, (r, c, rs, cs) in g.values.items():
            item = QTableWidgetItem("")
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable)
            item.setTextAlignment(Qt.AlignCenter)
            item.setFont(value_font)
            item.setData(PT_ROLE, value_font.pointSizeF())
            self.setItem(r, c, item)
            if rs > 1 or cs > 1:
                self.setSpan(r, c, rs, cs)
            self._items[key] = item
        header = self.horizontalHeader()
        header.setMinimumSectionSize(36)
        for c, (mode, _width) in enumerate(COLUMN_MODES[self.table](g.cols)):
            header.setSectionResizeMode(c, mode)
        self._set_widths()
        if not hasattr(self, "_rows_timer"):
            self._rows_timer = QTimer(self)
            self._rows_timer.setSingleShot(True)
            self._rows_timer.timeout.connect(self.fit_rows)
        self.fit_rows()

    def _set_widths(self) -> None:
        modes = COLUMN_MODES[self.table](self.grid.cols)
        for c, (_mode, width) in enumerate(modes):
            if width:
                self.setColumnWidth(c, round(width * self.zoom))
        if self.table == "t3":
            self._fit_t3(modes)

    def _fit_t3(self, modes) -> None:
        """Table 3 in a narrow window: the value columns give way down to T3_VALUE_MIN, then the
        label column stops stretching at T3_LABEL_MIN and the table scrolls sideways."""
        header = self.horizontalHeader()
        z = self.zoom
        groups = sum(w for m, w in modes[:2])
        n_values = len(modes) - 3
        avail = self.viewport().width() or self.width()
        spare = avail - round((groups + T3_LABEL_MIN) * z)
        value = max(round(T3_VALUE_MIN * z), min(round(T3_VALUE_WIDTH * z), spare // n_values))
        for c in range(3, len(modes)):
            self.setColumnWidth(c, value)
        if spare - value * n_values < 0:
            header.setSectionResizeMode(2, QHeaderView.Fixed)
            self.setColumnWidth(2, round(T3_LABEL_MIN * z))
        else:
            header.setSectionResizeMode(2, QHeaderView.Stretch)

    def set_zoom(self, factor: float) -> None:
        """Scale the fonts, the fixed column widths and the row heights."""
        if abs(factor - self.zoom) < 1e-6:
            return
        self.zoom = factor
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                item = self.item(r, c)
                base = item.data(PT_ROLE) if item is not None else None
                if base:
                    f = item.font()
                    f.setPointSizeF(base * factor)
                    item.setFont(f)
        self._set_widths()
        self.fit_rows()

    def fit_rows(self) -> None:
        """Each row as tall as its own wrapped text; cells spanning several rows (the group
        labels) are left out, since Qt would give all their height to their first row."""
        for r in range(self.rowCount()):
            height = round(MIN_ROW_HEIGHT * self.zoom)
            for c in range(self.columnCount()):
                item = self.item(r, c)
                if item is None or self.rowSpan(r, c) > 1 or not item.text():
                    continue
                width = sum(self.columnWidth(c + k) for k in range(self.columnSpan(r, c))) - 12
                rect = QFontMetrics(item.font()).boundingRect(
                    QRect(0, 0, max(width, 20), 10000), Qt.TextWordWrap, item.text())
                height = max(height, rect.height() + 12)
            self.setRowHeight(r, height)
        self.rows_fitted.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.table == "t3":
            self._fit_t3(COLUMN_MODES["t3"](self.grid.cols))
        self._rows_timer.start(40)

    def keyPressEvent(self, event) -> None:
        """Enter types into the selected value cell (F2 and typing a digit do too)."""
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QAbstractItemView.EditingState:
            if self.edit_current():
                return
        super().keyPressEvent(event)

    def edit_current(self) -> bool:
        item = self.currentItem()
        if item is None or not item.data(KEY_ROLE):
            return False
        self.editItem(item)
        return True

    def select_first_value(self) -> None:
        first = min(self._items.values(), key=lambda it: (it.row(), it.column()), default=None)
        if first is not None:
            self.setCurrentItem(first)

    # --- display ----------------------------------------------------------------------------
    def _use_grid(self, session: Session | None) -> None:
        """Table 3 of a report with the 2019 format's single row r6 shows that row (its values)
        instead of the 2021 format's three; the grid is rebuilt when the report changes kind."""
        single = bool(session is not None and getattr(session.report, "single_r6", False))
        wanted = layout.grid(self.table, single)
        if wanted is self.grid:
            return
        self.clearSpans()
        self.clear()
        self.grid, self._items, self._state, self._headers = wanted, {}, {}, {}
        self._build()

    def refresh(self, session: Session | None) -> None:
        self._use_grid(session)
        self.session = session
        self.blockSignals(True)
        for (row, col), item in self._items.items():
            self._paint(item, session, row, col)
        for col, items in self._headers.items():
            hits = session.findings_at_header(self.table, col) if session else []
            for item in items:
                sev = min((session.findings[i].severity for i in hits),
                          key=lambda s: ("error", "warning", "info").index(s)) if hits else None
                item.setBackground(theme.severity_bg(sev) or QColor(theme.HEADER_BG))
        self.blockSignals(False)

    def _paint(self, item: QTableWidgetItem, session: Session | None, row: str, col: str) -> None:
        if session is None:
            self._apply(item, ("", "", None, None, False))
            return
        info = session.cell(self.table, row, col)
        shown = info.raw.strip()
        if info.derived and info.value is not None:
            shown = strings.fmt_value(info.value)
        elif info.kind == "unreadable":
            shown = strings.CELL_UNREADABLE
        old = shown if shown else strings.CELL_BLANK
        if info.proposed is not None:
            text = strings.CELL_PROPOSED.format(old=old, new=strings.fmt_value(info.proposed))
        elif info.undecided:
            text = strings.CELL_PROPOSED_OPEN.format(old=old)
        else:
            text = shown
        raw = strings.fmt_value(info.value) if info.derived else info.raw.strip()
        fg = TEXT_FG
        if info.kind == "absent" and not info.findings and not info.edited:
            text, bg = "", theme.ABSENT_BG        # nothing was read here: not a blank cell
        elif info.blank and (info.findings or not info.edited):
            bg = theme.BLANK_BG
        elif info.severity:
            bg, fg = theme.SEVERITY_COLOURS[info.severity]
        elif info.edited:
            bg, fg = theme.EDITED_BG, theme.EDITED_FG
        else:
            bg = "#FFFFFF"
        self._apply(item, (text, raw, bg, fg, bool(info.severity) or info.edited))

    def _apply(self, item: QTableWidgetItem, state: tuple) -> None:
        """Set text, editor text, colours and weight; skip what has not changed (re-checks
        after typing redraw only the cells whose state moved)."""
        if self._state.get(id(item)) == state:
            return
        self._state[id(item)] = state
        text, raw, bg, fg, bold = state
        item.setText(text)
        item.setData(RAW_ROLE, raw)
        item.setBackground(QColor(bg) if bg else QBrush())
        item.setForeground(QColor(fg or TEXT_FG))
        f = item.font()
        f.setBold(bold)
        item.setFont(f)

    # --- tooltips, made when the mouse rests on a cell ------------------------------------------
    def tooltip_for(self, item: QTableWidgetItem | None) -> str:
        s = self.session
        if item is None or s is None:
            return ""
        key = item.data(KEY_ROLE)
        if key:
            return self._cell_tooltip(s, s.cell(self.table, *key), *key)
        col = item.data(HEADER_ROLE)
        hits = s.findings_at_header(self.table, col) if col else []
        return self._tooltip(s, hits, None) if hits else ""

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            text = self.tooltip_for(self.itemAt(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _cell_tooltip(self, session: Session, info, row: str, col: str) -> str:
        lines = [html.escape(strings.CELL_TIP_WHERE.format(where=cell_where(self.table, row, col)))]
        if info.edited:
            lines.append(html.escape(strings.CELL_TIP_EDITED.format(
                raw=info.original or strings.BLANK_VALUE)))
        elif info.derived:
            lines.append(html.escape(strings.CELL_TIP_DERIVED.format(raw=info.raw)))
        elif info.kind == "unreadable":
            lines.append(html.escape(strings.CELL_TIP_ORIGINAL.format(raw=info.raw)))
        body = self._tooltip(session, info.findings, info.proposed)
        if not info.findings:
            body = html.escape(strings.CELL_TIP_NONE)
        return "<p>" + "<br>".join(lines) + "</p>" + body

    @staticmethod
    def _tooltip(session: Session, indices: list[int], proposed) -> str:
        parts = []
        for i in indices:
            f = session.findings[i]
            colour = theme.SEVERITY_COLOURS[f.severity][1]
            parts.append(strings.TIP_FINDING.format(
                colour=colour, severity=html.escape(strings.SEVERITY[f.severity]),
                message=html.escape(f.message)))
        if proposed is not None:
            parts.append("<p><b>" + html.escape(strings.CELL_TIP_PROPOSED.format(
                value=strings.fmt_value(proposed))) + "</b></p>")
        return "".join(parts)

    # --- selection and editing ----------------------------------------------------------------
    def select(self, row: str | None, col: str | None) -> None:
        item = None
        if row and col:
            item = self._items.get((row, col))
        elif row:
            cols = layout.row_cols(self.table, row)
            item = self._items.get((row, cols[0])) if cols else None
        elif col and self._headers.get(col):
            item = self._headers[col][0]
        if item is None:
            return
        self.blockSignals(True)
        self.setCurrentItem(item)
        self.blockSignals(False)
        self.scrollToItem(item, QAbstractItemView.PositionAtCenter)

    def key_at(self, r: int, c: int):
        item = self.item(r, c)
        return item.data(KEY_ROLE) if item is not None else None

    def item_for(self, row: str, col: str) -> QTableWidgetItem | None:
        return self._items.get((row, col))

    def commit(self, row: str, col: str, raw: str) -> None:
        """Same path as typing into the cell and pressing Enter."""
        self.edited.emit(self.table, row, col, raw)

    def _committed(self, r: int, c: int, raw: str) -> None:
        key = self.key_at(r, c)
        if key:
            self.edited.emit(self.table, key[0], key[1], raw)

    _before_press = None

    def mousePressEvent(self, event) -> None:
        self._before_press = (self.currentRow(), self.currentColumn())
        super().mousePressEvent(event)

    def _clicked(self, r: int, c: int) -> None:
        """A click on the cell already selected shows its findings again (currentCellChanged
        does not fire for it)."""
        if self._before_press == (r, c):
            self._current_changed(r, c, r, c)

    def _current_changed(self, r: int, c: int, _pr: int, _pc: int) -> None:
        item = self.item(r, c)
        if item is None:
            return
        key = item.data(KEY_ROLE)
        if key:
            self.chosen.emit(self.table, key[0], key[1])
        elif item.data(HEADER_ROLE):
            self.chosen.emit(self.table, None, item.data(HEADER_ROLE))

    def content_height(self) -> int:
        return sum(self.rowHeight(r) for r in range(self.rowCount())) + 2 * self.frameWidth() + 2

    def content_width(self) -> int:
        return sum(self.columnWidth(c) for c in range(self.columnCount())) + 2 * self.frameWidth() + 2


def cell_where(table: str, row: str | None, col: str | None) -> str:
    name = layout.table_name(table)
    if table == "t4" and row:
        return strings.t4_where(name, layout.row_label(table, row),
                                layout.col_label(table, row, col) if col else None)
    return strings.cell_where(name, layout.row_label_full(table, row) if row else None,
                              layout.col_label(table, row, col) if col else None)


class TableTab(QWidget):
    """Title, a one-line legend, a notice when the report lacks the table, and the grid."""

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.view = ReportTable(table, self)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(6)
        title = QLabel(strings.TABLE_TITLE.format(name=layout.table_name(table),
                                                  title=layout.grid(table).title))
        title.setObjectName("title")
        box.addWidget(title)
        self.missing = QLabel(strings.TABLE_NOT_FOUND.format(name=layout.table_name(table)))
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(f"background:{theme.SEVERITY_COLOURS['error'][0]};"
                                   f"color:{theme.SEVERITY_COLOURS['error'][1]};padding:8px;"
                                   "border-radius:4px;")
        self.missing.hide()
        box.addWidget(self.missing)
        legend = QLabel(strings.TABLE_HINT.format(
            error=theme.SEVERITY_COLOURS["error"][0], blank=theme.BLANK_BG,
            warning=theme.SEVERITY_COLOURS["warning"][0], info=theme.SEVERITY_COLOURS["info"][0],
            edited=theme.EDITED_BG, absent=theme.ABSENT_BG))
        legend.setTextFormat(Qt.RichText)
        legend.setObjectName("muted")
        legend.setWordWrap(True)
        box.addWidget(legend)
        box.addWidget(self.view, 1 if table == "t3" else 0)
        if table != "t3":
            # as tall as its rows, and scrolling when the window is lower than that
            self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
            self.view.setMinimumHeight(120)
            self.view.rows_fitted.connect(self._fit_height)
            self._fit_height()
            box.addStretch(1)

    def _fit_height(self) -> None:
        self.view.setMaximumHeight(self.view.content_height())

    def refresh(self, session: Session | None) -> None:
        found = bool(session and session.report.tables.get(self.table)
                     and session.report.tables[self.table].found)
        unread = list(getattr(session.report.document, "unread_pages", None) or ()) \
            if session is not None else []
        name = layout.table_name(self.table)
        self.missing.setText(strings.TABLE_NOT_READ.format(name=name, pages=strings.pages(unread))
                             if unread else strings.TABLE_NOT_FOUND.format(name=name))
        self.missing.setVisible(session is not None and not found)
        self.view.refresh(session)
