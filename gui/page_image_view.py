"""The scanned page beside the table: the page image the OCR read, with the selected cell's box
drawn on it, so a person can compare what was recognised with the scan itself.

Shown only for a report read by OCR (``core.api.scanned_pages``); pictures come from
``core.api.page_image`` and are kept per page while the report is open.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from core.api import page_image, scanned_pages
from gui import strings

BOX_COLOUR = QColor(220, 30, 30)
MARGIN = 40            # pixels kept visible around the box when scrolling to it


class PageImageView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("pageImageView")
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 0, 0, 0)
        box.setSpacing(4)
        self.caption = QLabel(strings.SCAN_PICK_CELL)
        self.caption.setWordWrap(True)
        box.addWidget(self.caption)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.picture.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Ignored)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.picture)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        box.addWidget(self.scroll, 1)
        self.setMinimumWidth(320)
        self._result = None
        self._confidence: dict = {}
        self._pages: dict[int, tuple[QImage, float] | None] = {}
        self.shown: tuple | None = None          # (page, box) on screen, for tests
        self.setVisible(False)

    def set_result(self, result) -> None:
        """A new or re-checked report: shown only when some of its pages were read by OCR."""
        path = getattr(result, "path", None)
        if path != getattr(self._result, "path", None):
            self._pages.clear()
            self.shown = None
        self._result = result
        self._confidence = {}
        if result is not None and result.report is not None:
            self._confidence = {c.source: c.confidence
                                for t in result.report.document.tables()
                                for row in t.rows for c in row if c.confidence is not None}
        scanned = bool(result is not None and scanned_pages(result))
        self.setVisible(scanned)
        if scanned and self.shown is None:
            self.caption.setText(strings.SCAN_PICK_CELL)
            self.picture.clear()

    def _page(self, page: int):
        if page not in self._pages:
            made = page_image(self._result, page)
            if made is None:
                self._pages[page] = None
            else:
                png, scale = made
                self._pages[page] = (QImage.fromData(png, "PNG"), scale)
        return self._pages[page]

    def show_source(self, source) -> None:
        """The page of ``source`` (a SourceRef with page and box) with its box drawn, and how
        sure the OCR was of the cell there."""
        if not self.isVisible() or self._result is None or source is None \
                or getattr(source, "page", None) is None:
            return
        made = self._page(source.page)
        if made is None:
            return
        image, scale = made
        pixmap = QPixmap.fromImage(image.convertToFormat(QImage.Format_RGB32))
        rect = None
        if source.box is not None:
            x0, top, x1, bottom = source.box
            rect = QRectF(x0 * scale - 3, top * scale - 3, (x1 - x0) * scale + 6,
                          (bottom - top) * scale + 6)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setPen(QPen(BOX_COLOUR, 3))
            painter.drawRect(rect)
            painter.end()
        self.picture.setPixmap(pixmap)
        self.picture.resize(pixmap.size())
        text = strings.SCAN_PAGE.format(page=source.page)
        confidence = self._confidence.get(source)
        if confidence is not None:
            text += strings.SCAN_CONFIDENCE.format(confidence=confidence)
        self.caption.setText(text)
        self.shown = (source.page, source.box)
        if rect is not None:
            self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()),
                                      int(rect.width() / 2) + MARGIN,
                                      int(rect.height() / 2) + MARGIN)
