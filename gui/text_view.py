"""The report's paragraphs, with the sentences behind findings highlighted."""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from gui import strings, theme
from gui.session import Session

LINE_SEPARATOR = "\u2028"


def _folded(text: str) -> tuple[str, list[int]]:
    """NFKC, without whitespace, and for each kept character its position in ``text``."""
    out, where = [], []
    for pos, ch in enumerate(text):
        if ch.isspace():
            continue
        for norm in unicodedata.normalize("NFKC", ch):
            if not norm.isspace():
                out.append(norm)
                where.append(pos)
    return "".join(out), where


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` (start, length), tolerating full- and half-width
    punctuation and spaces, which the checks normalise; None when it is not there."""
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, len(quote)
    folded, where = _folded(text)
    fq, _ = _folded(quote)
    k = folded.find(fq) if fq else -1
    if k < 0:
        return None
    begin, end = where[k], where[k + len(fq) - 1] + 1
    return begin, end - begin


class TextView(QWidget):
    clicked_finding = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(6)
        hint = QLabel(strings.TEXT_HINT)
        hint.setObjectName("muted")
        box.addWidget(hint)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.document().setDocumentMargin(18)
        box.addWidget(self.browser, 1)
        self.spans: dict[int, tuple[int, int]] = {}      # finding index -> (position, length)
        self._block_pos: list[int] = []

    def refresh(self, session: Session | None) -> None:
        self.spans = {}
        self._block_pos = []
        doc = QTextDocument()
        doc.setDefaultFont(theme.font(theme.BASE_PT + 0.5))
        doc.setDocumentMargin(18)
        if session is None:
            self.browser.setDocument(doc)
            return
        report = session.report
        headings = {s.index for s in report.sections}
        title_source = report.meta.title_source
        cursor = QTextCursor(doc)
        block_fmt = QTextBlockFormat()
        block_fmt.setBottomMargin(8)
        block_fmt.setLineHeight(135, QTextBlockFormat.ProportionalHeight.value)
        normal = QTextCharFormat()
        heading = QTextCharFormat()
        heading.setFontWeight(700)
        heading.setFontPointSize(theme.BASE_PT + 2)
        for i, p in enumerate(report.paragraphs):
            if i:
                cursor.insertBlock(block_fmt)
            else:
                cursor.setBlockFormat(block_fmt)
            self._block_pos.append(cursor.position())
            is_heading = i in headings or (title_source is not None and p.source == title_source)
            cursor.insertText(p.text.replace("\n", LINE_SEPARATOR), heading if is_heading else normal)
        if not report.paragraphs:
            cursor.insertText(strings.TEXT_EMPTY)
        self._mark(session, doc)
        self.browser.setDocument(doc)

    def _mark(self, session: Session, doc: QTextDocument) -> None:
        paragraphs = session.report.paragraphs
        by_source = {p.source: n for n, p in enumerate(paragraphs)}
        for i, f in enumerate(session.findings):
            loc = f.location
            n = None
            quote = (loc.quote or "").replace("\n", LINE_SEPARATOR)
            if loc.quote_source is not None:
                n = by_source.get(loc.quote_source)
            if n is None and quote:
                n = next((k for k, p in enumerate(paragraphs)
                          if find_quote(p.text, quote) is not None), None)
                if n is None:
                    head = quote[:16]
                    n = next((k for k, p in enumerate(paragraphs)
                              if find_quote(p.text, head) is not None), None)
            if n is None and loc.source is not None and not loc.table:
                n = by_source.get(loc.source)
            if n is None:
                continue
            text = paragraphs[n].text.replace("\n", LINE_SEPARATOR)
            found = find_quote(text, quote)
            start, length = found if found else (0, len(text))
            pos = self._block_pos[n] + start
            self.spans[i] = (pos, length)
            if loc.quote:
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(theme.QUOTE_BG))
                fmt.setToolTip(f.message)
                c = QTextCursor(doc)
                c.setPosition(pos)
                c.setPosition(pos + length, QTextCursor.KeepAnchor)
                c.mergeCharFormat(fmt)

    def has(self, i: int) -> bool:
        return i in self.spans

    def show_finding(self, i: int) -> bool:
        span = self.spans.get(i)
        if span is None:
            self.browser.setExtraSelections([])
            return False
        pos, length = span
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(pos)
        cursor.setPosition(pos + length, QTextCursor.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(theme.QUOTE_ACTIVE_BG))
        sel.format = fmt
        self.browser.setExtraSelections([sel])
        view_cursor = QTextCursor(self.browser.document())
        view_cursor.setPosition(pos + length)
        self.browser.setTextCursor(view_cursor)
        self.browser.ensureCursorVisible()
        view_cursor.setPosition(pos)
        self.browser.setTextCursor(view_cursor)
        self.browser.ensureCursorVisible()
        return True

    def selected_text(self) -> str:
        sels = self.browser.extraSelections()
        return sels[0].cursor.selectedText() if sels else ""
