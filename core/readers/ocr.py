"""Scanned pages: the page image -> OCR words and ruling lines -> the PDF reader's layout chain.

A page without a text layer (a scan inside a PDF, or a PNG / JPEG / TIFF file) is rendered or
loaded as a grey image, straightened (a scan is often turned by a fraction of a degree), and
read by the OCR engine (``ocr_engine``). Its words become the ``Glyph``s the PDF reader makes
from a text layer, in PDF points, and the table ruling drawn in the image becomes the cell
boxes that pdfplumber finds along drawn lines. From there the page goes through exactly the
same chain as a text page (ruled tables, lines, unruled tables, furniture, paragraphs, tables
over page breaks), so the recognizer and the rules see the same kind of ``Document``.

Every table cell of an OCR page carries ``Cell.confidence``: the lowest confidence of the words
inside it (None for cells from a text layer). ``page_image`` gives the very image the OCR read,
so the GUI can show a cell's box on it.
"""
from __future__ import annotations

import io
import itertools
import statistics
from dataclasses import dataclass, field

from core import messages
from core.model import OCR_DOUBT_BELOW, Document, Refusal
from core.readers import ocr_engine

DEBUG_ENV = "NIANBAO_OCR_DEBUG"   # set: a page OCR fails on prints its traceback to stderr
OCR_DPI = 150                 # a PDF page is rendered at this resolution for OCR
DEFAULT_IMAGE_DPI = 150       # an image file without a resolution is taken as this
MAX_IMAGE_PIXELS = 60_000_000  # one page image larger than this is refused (a bomb)
MAX_IMAGE_PAGES = 300
MAX_SKEW = 2.0                # degrees searched for the straightening
SKEW_STEP = 0.1
DARK = 150                    # grey level below which a pixel is ink
H_RULE_INCH = 0.30            # a horizontal ink run this long (inch) is a ruling line
V_RULE_INCH = 0.20            # ... a vertical one
TOLERANCE_PT = 3.0            # snapping and joining of ruling lines, as pdfplumber does
SIZE_OF_BOX = 0.78            # font size / height of an OCR word box


@dataclass
class OcrPage:
    """What OCR saw on one page: the words in PDF points with their confidence."""

    number: int
    width: float
    height: float
    words: list = field(default_factory=list)     # (text, (x0, top, x1, bottom), confidence)


def available() -> bool:
    """Whether this installation can read scanned pages (the OCR engine and its models)."""
    return ocr_engine.available()


# --- the image -----------------------------------------------------------------------------------

def _grey(image):
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        base = Image.new("RGB", image.size, "white")
        base.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
        image = base
    return image.convert("L")


def skew_angle(grey) -> float:
    """The rotation (degrees, PIL's sense) that makes the page's lines horizontal: the angle
    whose row profile of ink is the sharpest, searched coarse then fine on a reduced copy."""
    import numpy as np
    from PIL import Image

    small = grey.point(lambda v: 255 if v < DARK else 0)
    factor = max(1, small.width // 900)
    if factor > 1:
        small = small.resize((small.width // factor, small.height // factor), Image.BILINEAR)

    def sharpness(angle: float) -> float:
        rows = np.asarray(small.rotate(angle, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    def best_of(angles) -> float:
        scored = [(sharpness(a), -abs(a), a) for a in angles]
        return max(scored)[2]

    coarse = best_of([k * 0.5 for k in range(-int(MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)])
    fine = best_of([round(coarse + k * SKEW_STEP, 2) for k in range(-4, 5)])
    return fine if abs(fine) >= SKEW_STEP / 2 else 0.0


def prepare(image):
    """The grey, straightened page image the OCR reads (and the GUI shows)."""
    from PIL import Image

    grey = _grey(image)
    angle = skew_angle(grey)
    if abs(angle) >= SKEW_STEP / 2:
        grey = grey.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return grey


def render_pdf_page(data: bytes, number: int, password: str | None = None, dpi: int = OCR_DPI):
    """Page ``number`` (1-based) of a PDF as a PIL image at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data, password=password or None)
    try:
        page = pdf[number - 1]
        try:
            return page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
    finally:
        pdf.close()


# --- ruling lines ------------------------------------------------------------------------------

def _runs(mask, min_len: int):
    """(line index, start, end) of every run of True at least ``min_len`` long, per row."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    rs, starts = np.nonzero(diff == 1)
    _, ends = np.nonzero(diff == -1)
    keep = (ends - starts) >= min_len
    return zip(rs[keep].tolist(), starts[keep].tolist(), ends[keep].tolist())


def ruling_edges(grey, scale: float, dpi: float) -> list[dict]:
    """Horizontal and vertical ruling lines of the image as pdfplumber edges, in points."""
    import numpy as np

    ink = np.asarray(grey) < DARK
    edges = []
    for y, x0, x1 in _runs(ink, max(8, int(H_RULE_INCH * dpi))):
        edges.append({"orientation": "h", "x0": x0 * scale, "x1": x1 * scale,
                      "top": (y + 0.5) * scale, "bottom": (y + 0.5) * scale,
                      "width": (x1 - x0) * scale, "height": 0.0})
    for x, y0, y1 in _runs(ink.T, max(8, int(V_RULE_INCH * dpi))):
        edges.append({"orientation": "v", "x0": (x + 0.5) * scale, "x1": (x + 0.5) * scale,
                      "top": y0 * scale, "bottom": y1 * scale,
                      "width": 0.0, "height": (y1 - y0) * scale})
    return edges


def table_boxes(edges: list[dict]) -> list[list[tuple]]:
    """Cell boxes of each table drawn by the ruling lines (pdfplumber's own lattice steps)."""
    from pdfplumber.table import (cells_to_tables, edges_to_intersections, intersections_to_cells,
                                  merge_edges)

    if not edges:
        return []
    merged = merge_edges(edges, TOLERANCE_PT, TOLERANCE_PT, TOLERANCE_PT, TOLERANCE_PT)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h"
                                    else e["bottom"] - e["top"]) >= TOLERANCE_PT]
    points = edges_to_intersections(merged, TOLERANCE_PT, TOLERANCE_PT)
    cells = intersections_to_cells(points)
    return [list(t) for t in cells_to_tables(cells)]


# --- a page ------------------------------------------------------------------------------------

def _table_regions(boxes: list[list[tuple]], scale: float, margin_pt: float = TOLERANCE_PT):
    """The ruled tables' outlines in the image's pixels (where the digits are read twice), or
    None when the page has no ruled table (every digit is then read twice: a table drawn without
    lines is found only later, from the words)."""
    if not boxes:
        return None
    regions = []
    for cells in boxes:
        x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        regions.append(((x0 - margin_pt) / scale, (top - margin_pt) / scale,
                        (x1 + margin_pt) / scale, (bottom + margin_pt) / scale))
    return regions


def read_image_page(image, number: int, width: float, height: float, settings):
    """One page image of ``width`` x ``height`` points -> (PageContent, OcrPage)."""
    from core.readers.pdf_layout import (Glyph, PageContent, group_lines, has_text, ruled_fragments,
                                         unruled_fragments)

    grey = prepare(image)
    scale = width / grey.width
    dpi = grey.width / (width / 72)
    boxes = table_boxes(ruling_edges(grey, scale, dpi))
    words = ocr_engine.recognize(grey, regions=_table_regions(boxes, scale))
    page = OcrPage(number, width, height)
    heights = [w.box[3] - w.box[1] for w in words]
    usual = statistics.median(heights) if heights else 0.0
    glyphs = []
    for w in words:
        x0, top, x1, bottom = (v * scale for v in w.box)
        h = (w.box[3] - w.box[1])
        size = (usual if usual and abs(h - usual) <= 0.3 * usual else h) * scale * SIZE_OF_BOX
        glyphs.append(Glyph(w.text, x0, x1, top, bottom, size, False))
        page.words.append((w.text, (x0, top, x1, bottom), w.confidence))
    content = PageContent(number, width, height)
    if not has_text(glyphs):
        content.image_only = True
        return content, page
    lay = settings.layout
    ruled, rest = ruled_fragments(boxes, glyphs, number, lay, width, height)
    lines = group_lines(rest, number, lay)
    unruled, lines = unruled_fragments(lines, number, lay)
    content.items = sorted([*lines, *ruled, *unruled], key=lambda it: it.top)
    return content, page


def annotate(doc: Document, pages: list[OcrPage]) -> None:
    """Each table cell on an OCR page gets the lowest confidence of the words inside it."""
    by_number = {p.number: p for p in pages}
    for table in doc.tables():
        for row in table.rows:
            for cell in row:
                src = cell.source
                page = by_number.get(src.page)
                if page is None or src.box is None:
                    continue
                x0, top, x1, bottom = src.box
                inside = [conf for _, (a, b, c, d), conf in page.words
                          if x0 - 1 <= (a + c) / 2 <= x1 + 1 and top - 1 <= (b + d) / 2 <= bottom + 1]
                if inside:
                    cell.confidence = round(min(inside), 4)
                elif cell.text.strip():
                    cell.confidence = 1.0
                else:
                    cell.confidence = None


def doubtful_cells(doc: Document) -> list:
    """Cells whose value OCR read with little confidence."""
    return [c for t in doc.tables() for row in t.rows for c in row
            if c.confidence is not None and c.confidence < OCR_DOUBT_BELOW]


def page_picture(path: str, page: int, ocr_pages=(), password: str | None = None):
    """(grey PIL image, pixels per point) of page ``page`` of a PDF or image file, as the OCR
    read it (straightened) when the page is one of ``ocr_pages``; None when it cannot be made.
    The file is only read."""
    from core.readers import sniff

    try:
        with open(path, "rb") as f:
            data = f.read()
        kind = sniff.detect(data)
        if kind == "image":
            frames = _frames(data)
            if not 1 <= page <= len(frames):
                return None
            image, dpi = frames[page - 1]
            return prepare(image), dpi / 72
        if kind != "pdf":
            return None
        image = render_pdf_page(data, page, password)
        return (prepare(image) if page in ocr_pages else image.convert("L")), OCR_DPI / 72
    except Exception:
        return None


# --- image files -------------------------------------------------------------------------------

def _frames(data: bytes):
    """The pages of an image file (a TIFF may hold several), each with its resolution."""
    from PIL import Image, ImageSequence

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except Image.DecompressionBombError:
        raise Refusal("too_large", messages.OCR_IMAGE_TOO_LARGE)
    except Exception:
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.OCR_IMAGE_BROKEN))
    frames = []
    try:
        for frame in itertools.islice(ImageSequence.Iterator(img), MAX_IMAGE_PAGES + 1):
            if frame.width * frame.height > MAX_IMAGE_PIXELS:
                raise Refusal("too_large", messages.OCR_IMAGE_TOO_LARGE)
            dpi = frame.info.get("dpi") or (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
            try:
                dpi = float(dpi[0]) if 30 <= float(dpi[0]) <= 1200 else DEFAULT_IMAGE_DPI
            except (TypeError, ValueError):
                dpi = DEFAULT_IMAGE_DPI
            frames.append((frame.copy(), dpi))
    except Refusal:
        raise
    except Exception:
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.OCR_IMAGE_BROKEN))
    if len(frames) > MAX_IMAGE_PAGES:
        raise Refusal("too_large", messages.REFUSE_TOO_MANY_PAGES_UNCOUNTED.format(
            limit=MAX_IMAGE_PAGES))
    return frames


def image_pages(data: bytes) -> list:
    """The page images of an image file as the OCR reads them (for the GUI)."""
    return [prepare(img) for img, _ in _frames(data)]
