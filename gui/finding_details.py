"""The details of one finding under the list: what is wrong, where, and the proposed fix with
its choices (accept, one of the alternatives, or leave it)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QRadioButton, QScrollArea, QVBoxLayout, QWidget)

from core.findings import EVIDENCE_ZH
from gui import layout, strings, theme
from gui.session import Session
from gui.table_view import cell_where


def where_text(session: Session, i: int) -> str:
    f = session.findings[i]
    loc = f.location
    if loc.table and (loc.row or loc.col):
        return cell_where(loc.table, loc.row, loc.col)
    if loc.table:
        return layout.table_name(loc.table)
    parts = [layout.section_heading(Session.section_of(f)) or strings.SECTION_NONE]
    source = loc.quote_source or loc.source
    if source is not None:
        try:
            parts.append(source.describe())
        except Exception:   # noqa: BLE001 - a description is a nicety
            pass
    return strings.WHERE_SEP.join(parts)


class _ChoiceText(QLabel):
    """The words of one choice, wrapped to the pane's width (a radio button's own text never
    wraps: a long one made the whole pane wider than its window and cut every line at the
    right); a click on them chooses the radio button beside them."""

    def __init__(self, text: str, button: QRadioButton):
        super().__init__(text)
        self.button = button
        self.setWordWrap(True)
        self.setCursor(Qt.PointingHandCursor)

    def mousePressEvent(self, event) -> None:       # noqa: N802 (Qt's name)
        if event.button() == Qt.LeftButton and self.button.isEnabled():
            self.button.click()
        super().mousePressEvent(event)


def _choice(text: str) -> tuple[QWidget, QRadioButton]:
    """A radio button with its words beside it, wrapped."""
    line = QWidget()
    row = QHBoxLayout(line)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    button = QRadioButton()
    button.setAccessibleName(text)
    row.addWidget(button, 0, Qt.AlignTop)
    row.addWidget(_ChoiceText(text, button), 1)
    return line, button


def _empty(layout) -> None:
    while layout.count():
        child = layout.takeAt(0)
        if child.widget():
            child.widget().deleteLater()
        elif child.layout():
            _empty(child.layout())


class FindingDetails(QScrollArea):
    decided = Signal(int)
    goto = Signal(int, str)           # finding index, "cell" or "text"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        inner = QFrame()
        inner.setObjectName("details")
        inner.setStyleSheet("QFrame#details{background:#FFFFFF;}")
        self.box = QVBoxLayout(inner)
        self.box.setContentsMargins(12, 10, 12, 10)
        self.box.setSpacing(6)
        self.setWidget(inner)
        self.session: Session | None = None
        self.index: int | None = None
        self.choices: QButtonGroup | None = None
        self._options: list = []

    def _clear(self) -> None:
        _empty(self.box)
        self.choices = None
        self._options = []

    def _label(self, text: str, muted: bool = False, bold: bool = False) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        if muted:
            label.setObjectName("muted")
        if bold:
            label.setFont(theme.font(theme.BASE_PT, bold=True))
        self.box.addWidget(label)
        return label

    def texts(self) -> list[str]:
        return [w.text() for w in self.widget().findChildren(QLabel)]

    def show_finding(self, session: Session | None, i: int | None) -> None:
        self._clear()
        self.session, self.index = session, i
        if session is None or i is None or i >= len(session.findings):
            self.index = None
            self._label(strings.DETAIL_EMPTY, muted=True)
            self.box.addStretch(1)
            return
        f = session.findings[i]
        head = self._label(strings.DETAIL_HEAD.format(severity=strings.SEVERITY[f.severity],
                                                      title=f.title), bold=True)
        head.setStyleSheet(f"color:{theme.SEVERITY_COLOURS[f.severity][1]};")
        self._label(f.message)
        # the decision right under the message: in a short pane it needs no scrolling
        if f.fix is not None and f.fix.certainty == "hint":
            self._label(strings.DETAIL_FIX_HINT_LINE.format(value=strings.fmt_value(f.fix.value)),
                        muted=True)
        elif session.fixable(f):
            self._add_choices(i)
        self._label(strings.DETAIL_WHERE + where_text(session, i), muted=True)
        if f.location.quote:
            self._label(strings.DETAIL_QUOTE + f.location.quote, muted=True)
        if f.location.quote and f.location.table and (f.location.row or f.location.col):
            row = QHBoxLayout()
            for text, where in ((strings.GOTO_CELL, "cell"), (strings.GOTO_TEXT, "text")):
                link = QPushButton(text)
                link.setObjectName("link")
                link.setCursor(Qt.PointingHandCursor)
                link.clicked.connect(lambda _=False, i=i, where=where: self.goto.emit(i, where))
                row.addWidget(link)
            row.addStretch(1)
            self.box.addLayout(row)
        self.box.addStretch(1)

    def _add_choices(self, i: int) -> None:
        s = self.session
        f = s.findings[i]
        options = s.options_for(i)
        note = (strings.DETAIL_FIX_CERTAIN if f.fix.certainty == "certain"
                else strings.DETAIL_FIX_CONFIRM if len(options) > 1
                else strings.DETAIL_FIX_CONFIRM_ONE)
        self._label(strings.DETAIL_FIX + note, bold=True)
        if getattr(f.fix, "evidence", None) in EVIDENCE_ZH:
            self._label(strings.DETAIL_EVIDENCE.format(evidence=EVIDENCE_ZH[f.fix.evidence]),
                        muted=True)
        digits = s.source_digits(i)
        if digits:
            self._label(strings.DETAIL_SOURCE_DIGITS.format(digits=digits), muted=True)
        row = QWidget()
        flow = QVBoxLayout(row)
        flow.setContentsMargins(8, 0, 0, 0)
        flow.setSpacing(2)
        group = QButtonGroup(row)
        current = s.decision(i)
        self._options = options
        for n, value in enumerate(self._options):
            line, button = _choice(strings.DETAIL_APPLY.format(value=s.option_text(i, value)))
            button.setChecked((current is True and n == 0)
                              or (current not in (True, False, None) and current == value))
            group.addButton(button, n)
            flow.addWidget(line)
        line, reject = _choice(strings.DETAIL_REJECT)
        reject.setChecked(current is False)
        group.addButton(reject, len(self._options))
        flow.addWidget(line)
        group.idClicked.connect(self.choose)
        self.choices = group
        self.box.addWidget(row)

    def choose(self, n: int) -> None:
        """Option ``n``: 0 the proposal, then the alternatives; ``len(options)`` leaves it."""
        if self.session is None or self.index is None:
            return
        fix = self.session.findings[self.index].fix
        if n >= len(self._options):
            decision = False
        elif n == 0 and self._options[0] == fix.value:
            decision = True
        else:
            decision = self._options[n]
        self.session.decide(self.index, decision)
        button = self.choices.button(n) if self.choices else None
        if button is not None and not button.isChecked():
            button.setChecked(True)
        self.decided.emit(self.index)
