"""PDF with a text layer: paragraphs in reading order and tables with their cell boundaries.

The chain, page by page: characters (pdfplumber) -> glyphs -> ruled tables (cells along drawn
lines) -> lines of the remaining glyphs -> unruled tables (rows of numbers aligned in columns)
-> page items. Then, over the whole file: page furniture removed (page numbers, running headers
and footers), table parts broken over pages joined, wrapped lines joined into paragraphs.

A page without text (a scan) is read by OCR when the OCR engine is installed (core/readers/ocr.py:
its words and ruling lines go through the same chain); a PDF with no text at all when OCR is not
available, with a password, broken, or with too many pages is refused.
Every paragraph and cell keeps ``SourceRef(kind="pdf", page=<1-based>, box=(x0, top, x1,
bottom))``; cells also ``table`` (index in the document), ``row`` and ``col`` (grid position).
"""
from __future__ import annotations

import io
import itertools
import os
import re
import traceback
from collections import Counter
from dataclasses import dataclass

from core import messages
from core.model import (NO_HOOKS, Cell, Document, Paragraph, ReadHooks, Refusal, SourceRef,
                        Table)
from core.readers import limits, ocr
from core.readers.pdf_layout import (DEFAULT_LAYOUT, Fragment, LayoutSettings, Line, PageContent,
                                     append_to_last_label, continues, glyphs_from_chars,
                                     group_lines, has_text, join_fragments, join_lines,
                                     ruled_fragments, unruled_fragments, wraps_last_label)

MAX_PDF_PAGES = 300
EOF_SLACK = 2048        # bytes of other data tolerated after the last %%EOF
DEFAULT_PITCH = 1.5     # line pitch / font size assumed when a file has too few lines to tell
MIN_PITCH_SAMPLES = 5

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~·\s]*\d{1,4}[-—–－_~·\s]*"                      # 3 / - 3 - / — 3 —
    r"|第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?"       # 第3页 共5页
    r"|共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页"            # 共5页 第3页
    r"|\d{1,4}\s*/\s*\d{1,4}"                                    # 3/5
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$", re.IGNORECASE)
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                   "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}


@dataclass(frozen=True)
class PdfSettings:
    """Page-level tolerances; geometry ones are in ``layout``."""

    max_pages: int = MAX_PDF_PAGES
    furniture_band: float = 0.12    # share of the page height at top and bottom for furniture
    running_share: float = 0.5      # same text in the band on this share of pages: running
    indent: float = 0.8             # x0 beyond the left margin by this x size: a first-line indent
    full_line: float = 2.0          # a line ending within this x size of the right margin is full
    para_gap: float = 1.3           # a line pitch this many times the usual starts a paragraph
    layout: LayoutSettings = DEFAULT_LAYOUT


DEFAULT_SETTINGS = PdfSettings()


def read_pdf(path: str, data: bytes, password: str | None = None,
             settings: PdfSettings = DEFAULT_SETTINGS, hooks: ReadHooks = NO_HOOKS) -> Document:
    """``hooks.step(done, total)`` is called before the first page and after each page: the
    caller sees page progress and can stop a long file between two pages."""
    pages, unmapped, ocr_pages = _read_pages(data, password, settings, hooks)
    if not any(p.items for p in pages):
        if any(p.image_only for p in pages) and not ocr.available():
            raise Refusal("scanned", messages.REFUSE_SCANNED_NO_OCR)
        raise Refusal("scanned", messages.REFUSE_SCANNED)
    remove_furniture(pages, settings)
    doc = Document(path=path, kind="pdf")
    doc.blocks = build_blocks(pages, settings)
    limits.check_counts(len(doc.paragraphs()),
                        sum(len(row) for t in doc.tables() for row in t.rows))
    if unmapped:
        doc.notes.append(messages.PDF_UNMAPPED_GLYPHS.format(count=unmapped))
    if ocr_pages:
        ocr.annotate(doc, ocr_pages)
        doc.ocr_pages = [p.number for p in ocr_pages]
        doc.notes.append(messages.ocr_pages_note([p.number for p in ocr_pages]))
    scanned = [p.number for p in pages if p.image_only]
    if scanned:
        doc.unread_pages, doc.unread_without_ocr = scanned, not ocr.available()
        doc.notes.append(messages.pdf_scanned_pages(scanned))
    return doc


# --- opening -------------------------------------------------------------------------------------

def _read_pages(data: bytes, password: str | None, settings: PdfSettings,
                hooks: ReadHooks = NO_HOOKS) -> tuple[list[PageContent], int, list]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    if _truncated(data):
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.PDF_TRUNCATED))
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise Refusal("encrypted", messages.REFUSE_ENCRYPTED_PDF) from None
        raise _corrupt() from None
    except Exception:    # pdfminer raises many kinds on broken input
        raise _corrupt() from None
    # Counted before ``with pdf``: pdfplumber's close() makes a Page object for every page of
    # the file (minutes for a hundred thousand pages). The stream is our BytesIO: nothing to
    # close when the file is refused here.
    try:
        count = _count_pages(pdf, settings.max_pages)
    except Exception:
        raise _corrupt() from None
    if count > settings.max_pages:
        declared = _declared_pages(pdf)
        if declared and declared > settings.max_pages:
            raise Refusal("too_large", messages.REFUSE_TOO_MANY_PAGES.format(
                pages=declared, limit=settings.max_pages))
        raise Refusal("too_large", messages.REFUSE_TOO_MANY_PAGES_UNCOUNTED.format(
            limit=settings.max_pages))
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception:
            raise _corrupt() from None
        pages = []
        ocr_pages = []
        unmapped = 0
        with_ocr = ocr.available()
        hooks.step(0, count)
        for number, page in enumerate(pdf.pages, start=1):
            try:
                content, missing = read_page(page, number, settings)
            except Refusal:
                raise
            except Exception:
                raise _corrupt() from None
            finally:
                page.close()
            if content.image_only and with_ocr:
                content, seen = _ocr_page(data, password, content, settings)
                if seen is not None:
                    ocr_pages.append(seen)
            pages.append(content)
            unmapped += missing
            hooks.step(number, count)
    return pages, unmapped, ocr_pages


def _ocr_page(data: bytes, password: str | None, content: PageContent, settings: PdfSettings):
    """A page with pictures and no text, read by OCR: (its content, what OCR saw); the page as
    it was and None when the OCR fails on it (it is then a page nothing read), or when it finds
    no text there (a picture such as a seal: read, with nothing on it)."""
    try:
        image = ocr.render_pdf_page(data, content.number, password)
        found, seen = ocr.read_image_page(image, content.number, content.width, content.height,
                                          settings)
    except Exception:
        if os.environ.get(ocr.DEBUG_ENV):
            traceback.print_exc()
        return content, None
    if found.image_only:            # the OCR read it and found no text: a picture (a seal)
        content.image_only = False
        return content, None
    return found, seen


def _count_pages(pdf, limit: int) -> int:
    """The number of pages, counted by walking the page tree only up to ``limit`` + 1 (pdfplumber
    would make a Page object for each of them: slow for a file of a hundred thousand pages)."""
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), limit + 1))


def _declared_pages(pdf) -> int | None:
    """The page tree's /Count, when it is a number larger than zero."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
    except Exception:
        return None
    return count if isinstance(count, int) and count > 0 else None


def _truncated(data: bytes) -> bool:
    """No end-of-file marker, or one followed by more than a little data: a download that
    stopped early (a linearized PDF has a first marker near its start, so the last one counts).
    Padding with blanks or NULs after the marker is fine."""
    end = data.rfind(b"%%EOF")
    return end < 0 or len(data[end + 5:].strip(b" \t\r\n\x00\x0c")) > EOF_SLACK


def _corrupt() -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.PDF_BROKEN))


def read_page(page, number: int, settings: PdfSettings = DEFAULT_SETTINGS
              ) -> tuple[PageContent, int]:
    """One page's lines and table fragments in reading order, and its count of unmapped glyphs."""
    lay = settings.layout
    width, height = float(page.width), float(page.height)
    glyphs, unmapped = glyphs_from_chars(page.chars, width, height)
    content = PageContent(number, width, height)
    if not has_text(glyphs):
        content.image_only = bool(page.images)
        return content, unmapped
    boxes = []
    if page.edges:
        boxes = [t.cells for t in page.find_tables(_TABLE_SETTINGS)]
    ruled, rest = ruled_fragments(boxes, glyphs, number, lay, width, height)
    lines = group_lines(rest, number, lay)
    unruled, lines = unruled_fragments(lines, number, lay)
    content.items = sorted([*lines, *ruled, *unruled], key=lambda it: it.top)
    return content, unmapped


# --- page furniture ------------------------------------------------------------------------------

def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _in_band(line: Line, page: PageContent, band: float) -> bool:
    return line.bottom <= page.height * band or line.top >= page.height * (1 - band)


def remove_furniture(pages: list[PageContent], settings: PdfSettings = DEFAULT_SETTINGS) -> None:
    """Drop page numbers and running headers/footers: lines in the top or bottom band that are a
    page number, or whose text (digits aside) recurs in the band on most pages."""
    band = settings.furniture_band
    seen: Counter = Counter()
    for page in pages:
        keys = {_furniture_key(it.text) for it in page.items
                if isinstance(it, Line) and _in_band(it, page, band)}
        seen.update(keys)
    need = max(2, int(settings.running_share * len(pages) + 0.999))
    for page in pages:
        kept = []
        for it in page.items:
            if isinstance(it, Line) and _in_band(it, page, band):
                text = it.text.strip()
                if _PAGE_NUMBER.match(text) or (len(pages) > 1 and
                                                seen[_furniture_key(text)] >= need):
                    continue
            kept.append(it)
        page.items = kept


# --- blocks --------------------------------------------------------------------------------------

@dataclass
class _Metrics:
    left: dict[int, float]
    right: dict[int, float]
    pitch: float          # usual line pitch as a multiple of the font size
    body_size: float


def _metrics(pages: list[PageContent]) -> _Metrics:
    """Margins (the most common line start and end, per page when the page has enough lines)
    and the usual pitch of lines inside a paragraph (a low quantile: gaps between paragraphs
    are the larger pitches)."""
    all_lines = [it for p in pages for it in p.items if isinstance(it, Line)]
    doc_left = _mode([ln.x0 for ln in all_lines])
    doc_right = _mode([ln.x1 for ln in all_lines if ln.x1 - doc_left > 0.6 * _width(all_lines)])
    left, right = {}, {}
    for p in pages:
        lines = [it for it in p.items if isinstance(it, Line)]
        left[p.number] = _mode([ln.x0 for ln in lines], 3) or doc_left
        right[p.number] = _mode([ln.x1 for ln in lines
                                 if ln.x1 - left[p.number] > 0.6 * _width(lines)], 3) or doc_right
    ratios = []
    for p in pages:
        lines = [it for it in p.items if isinstance(it, Line)]
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < 0.5 and b.top > a.top:
                ratios.append((b.top - a.top) / a.size)
    ratios.sort()
    if len(ratios) >= MIN_PITCH_SAMPLES:
        pitch = ratios[len(ratios) // 4]
    else:       # too few lines to tell the pitch inside a paragraph from the gap between two
        pitch = min(ratios + [DEFAULT_PITCH])
    body = _mode([ln.size for ln in all_lines]) or 12.0
    return _Metrics(left, right, pitch, body)


def _width(lines: list[Line]) -> float:
    return max((ln.x1 for ln in lines), default=0.0) - min((ln.x0 for ln in lines), default=0.0)


def _mode(values: list[float], at_least: int = 1) -> float:
    """The most common value (to 1 pt; the smallest on a tie), 0 when none occurs often enough."""
    counts = Counter(round(v) for v in values)
    if not counts:
        return 0.0
    best = max(counts.values())
    if best < at_least:
        return 0.0
    return float(min(v for v, n in counts.items() if n == best))


def _continues(a: Line, b: Line, m: _Metrics, s: PdfSettings) -> bool:
    """Whether line ``b`` goes on with the paragraph whose last line is ``a``."""
    if abs(a.size - b.size) >= 0.5 or a.bold != b.bold:
        return False
    if b.page == a.page:
        if b.top <= a.top or (b.top - a.top) / a.size > m.pitch * s.para_gap:
            return False
    elif b.page != a.page + 1:
        return False
    full = a.x1 >= m.right[a.page] - s.full_line * a.size
    if (_centred(a, m) and _centred(b, m) and b.page == a.page
            and (a.bold or a.size > m.body_size + 0.5) and (full or b.x1 - b.x0 < a.x1 - a.x0)):
        return True       # a title wrapped over centred lines
    indented = b.x0 > m.left[b.page] + s.indent * b.size
    return full and not indented


def _centred(line: Line, m: _Metrics) -> bool:
    middle = (m.left[line.page] + m.right[line.page]) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < 1.5 * line.size


def build_blocks(pages: list[PageContent], settings: PdfSettings = DEFAULT_SETTINGS) -> list:
    """Paragraphs from joined lines and tables from joined fragments, in reading order."""
    metrics = _metrics(pages)
    items = _join_fragments(pages, settings)
    blocks: list = []
    current: list[Line] = []
    table_index = 0

    def flush():
        if current:
            blocks.append(_paragraph(current))
            current.clear()

    for it in items:
        if isinstance(it, list):          # the fragments of one table
            flush()
            blocks.append(_table(it, table_index))
            table_index += 1
            continue
        if current and not _continues(current[-1], it, metrics, settings):
            flush()
        current.append(it)
    flush()
    return blocks


def _join_fragments(pages: list[PageContent], settings: PdfSettings = DEFAULT_SETTINGS) -> list:
    """Page items in order; a table that ends a page and goes on at the top of the next page (the
    same grid of columns) is one table: a list of its fragments."""
    out: list = []
    ended_with_table = False
    for page in pages:
        items = page.items
        start = 0
        if ended_with_table and isinstance(out[-1], list):
            start = _continuation(out[-1], items, settings.layout)
        for k, it in enumerate(items[start:], start=start):
            if isinstance(it, Fragment):
                if k == start and ended_with_table and isinstance(out[-1], list) \
                        and continues(out[-1][-1], it):
                    out[-1].append(it)
                else:
                    out.append([it])
            else:
                out.append(it)
        ended_with_table = bool(items) and isinstance(items[-1], Fragment)
    return out


def _continuation(table: list[Fragment], items: list, lay: LayoutSettings) -> int:
    """Lines at the top of a page that end the label of the table's last row (an unruled table
    whose label wrapped over the break) go to that row when the table goes on right after
    them; returns how many leading items were taken."""
    k = 0
    while (k < len(items) and isinstance(items[k], Line)
           and wraps_last_label(table[-1], items[k], lay)):
        k += 1
    if 0 < k < len(items) and isinstance(items[k], Fragment) and continues(table[-1], items[k]):
        append_to_last_label(table[-1], items[:k])
        return k
    return 0


def _paragraph(lines: list[Line]) -> Paragraph:
    first = [ln for ln in lines if ln.page == lines[0].page]
    box = (min(ln.x0 for ln in first), min(ln.top for ln in first),
           max(ln.x1 for ln in first), max(ln.bottom for ln in first))
    text = join_lines([ln.text for ln in lines])
    return Paragraph(text, SourceRef("pdf", page=lines[0].page, box=_round(box)),
                     bold=all(ln.bold for ln in lines))


def _table(fragments: list[Fragment], index: int) -> Table:
    """Rows of cells on the table's grid; a merged cell once, at its top-left position."""
    cells = join_fragments(fragments)
    nrows = max((c.row + 1 for c in cells), default=0)
    rows: list[list[Cell]] = [[] for _ in range(nrows)]
    for fc in sorted(cells, key=lambda c: (c.row, c.col)):
        rows[fc.row].append(Cell(fc.text, SourceRef(
            "pdf", table=index, row=fc.row, col=fc.col, page=fc.page, box=_round(fc.box)),
            rowspan=max(1, min(fc.rowspan, nrows - fc.row)), colspan=fc.colspan))
    head = fragments[0]
    return Table(rows, SourceRef("pdf", table=index, page=head.page, box=_round(head.box)))


def _round(box) -> tuple[float, float, float, float]:
    return tuple(round(float(v), 2) for v in box)
