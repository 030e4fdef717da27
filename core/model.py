"""The neutral document model every reader produces.

A reader knows its file format and nothing about annual reports. It turns a file into a
``Document``: an ordered list of blocks (paragraphs and tables). Every paragraph and cell keeps
a ``SourceRef`` so that findings, the GUI and the fixer can point at exactly that place.
Merged cells appear once, with their span; they are never repeated.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union


@dataclass(frozen=True)
class SourceRef:
    """Where a paragraph or cell came from.

    ``kind`` is the reader (such as "docx", "doc", "xlsx", "xls", "text", "html", "pdf", "ofd"). The
    other fields are filled as the format allows: DOCX and .doc use ``block`` (body index), ``table``
    (table index), ``row`` and ``col``; XLSX and .xls use ``sheet`` and ``cell`` (A1); text uses
    ``line``; PDF and OFD use ``page`` and ``box`` (x0, top, x1, bottom, in points).
    """

    kind: str
    block: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        """A human-readable place in Chinese, e.g. 第3个表格第14行第5列."""
        from core import messages

        return messages.describe_source(self)


# A value OCR read with a confidence below this is reported for a check against the original
# ("识别不确定，请核对原件") and never counts as an arithmetic error by itself.
OCR_DOUBT_BELOW = 0.90


@dataclass
class Cell:
    text: str
    source: SourceRef
    rowspan: int = 1
    colspan: int = 1
    # OCR: the lowest recognizer confidence (0..1) of the words in the cell; None when the text
    # came from the file itself (a text layer, a DOCX, a sheet), not from reading an image.
    confidence: float | None = None
    # XLSX: the value is computed by a formula (a total the sheet derives): never typed, so never
    # a cell to correct; the repair names the cells the formula adds up.
    formula: bool = False


@dataclass
class Paragraph:
    text: str
    source: SourceRef
    style: str = ""          # e.g. "Heading 1", "md-h2"; empty when unknown
    bold: bool = False       # the whole paragraph is bold (a heading written as bold text)


@dataclass
class Table:
    """Rows of cells in reading order. A merged cell appears once, in its top-left position."""

    rows: list[list[Cell]]
    source: SourceRef


Block = Union[Paragraph, Table]


@dataclass
class Document:
    path: str
    kind: str                       # the reader, as SourceRef.kind
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # reader remarks shown as 提示 findings
    ocr_pages: list[int] = field(default_factory=list)   # pages read by OCR (scans), 1-based
    # pages that are pictures nothing read (a scan without the OCR, or one the OCR failed on):
    # what stands on them is unseen, never missing
    unread_pages: list[int] = field(default_factory=list)
    unread_without_ocr: bool = False     # they were not read because this build has no OCR

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class Cancelled(Exception):
    """The caller asked to stop (``ReadHooks.cancelled`` returned True): not a fault of the file."""


@dataclass(frozen=True)
class ReadHooks:
    """What a long read tells its caller and asks it, both optional and called in the reading
    thread: ``progress(done, total)`` after each unit of work (a PDF reports pages), and
    ``cancelled()``, polled before each unit; when it returns True the read stops with
    ``Cancelled``. The readers hold no other state, so concurrent reads each pass their own."""

    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def checkpoint(self) -> None:
        """Raise Cancelled when the caller has asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()

    def step(self, done: int, total: int) -> None:
        """``done`` of ``total`` units are finished: report it, then stop if asked to."""
        if self.progress is not None:
            self.progress(done, total)
        self.checkpoint()


NO_HOOKS = ReadHooks()


class Refusal(Exception):
    """A file the program cannot check, with a code from the JSON contract and a Chinese message."""

    CODES = ("encrypted", "legacy_format", "corrupt", "too_large", "unsupported",
             "not_a_report", "scanned")

    def __init__(self, code: str, message: str):
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
