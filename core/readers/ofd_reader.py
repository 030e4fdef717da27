"""OFD (GB/T 33190-2016, the national fixed-layout format) -> Document, by the PDF layout path.

The chain: the zip container (bomb sizes checked before anything is inflated, every member
inflated in bounded chunks) -> ``OFD.xml`` (DocBody / DocRoot) -> ``Document.xml`` (page size,
resource files, template pages, the pages in order) -> each page's ``Content.xml``:
``TextObject`` (Boundary, Font, Size, CTM, Weight) with its ``TextCode`` runs (X / Y of the
baseline, DeltaX / DeltaY between characters) become positioned characters, ``PathObject``
segments (AbbreviatedData) become ruling lines. From there on it is the PDF reader's chain:
pdfplumber's table finder on the ruling lines, ``ruled_fragments`` -> ``group_lines`` ->
``unruled_fragments`` per page, then page furniture removed, tables joined over pages and lines
joined into paragraphs (``pdf_reader.remove_furniture`` / ``build_blocks``).

Every XML part is parsed by defusedxml (no DTD, no entity) after ``limits.check_xml_safe``.
OFD lengths are millimetres with y growing downwards; they are turned into points (1/72 inch)
so that the layout tolerances are those of PDF. Provenance: ``SourceRef(kind="ofd", page=<1-based>,
box=(x0, top, x1, bottom) in points)``; cells also ``table``, ``row`` and ``col``.
"""
from __future__ import annotations

import dataclasses
import io
import math
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from core import messages
from core.model import NO_HOOKS, Document, Paragraph, ReadHooks, Refusal, Table
from core.readers import limits
from core.readers.pdf_layout import (
    glyphs_from_chars,
    group_lines,
    has_text,
    ruled_fragments,
    unruled_fragments,
)
from core.readers.pdf_reader import (
    DEFAULT_SETTINGS,
    PageContent,
    PdfSettings,
    build_blocks,
    remove_furniture,
)

MM = 72 / 25.4                  # points per millimetre
DEFAULT_PAGE = (210.0, 297.0)   # A4, when neither the page nor the document gives a size
ASCENT, DESCENT = 0.86, 0.14    # share of the font size above / below the baseline
MAX_PAGES = 300
MAX_OBJECTS = 200_000           # text and path objects of all pages (a report: a few thousand)
MAX_EDGES = 4000                # ruling lines on one page; beyond, tables are found unruled
MAX_CHARS = 2 * limits.MAX_DOCUMENT_CHARS
TABLE_TOLERANCE = 3.0           # points: pdfplumber's default snap / join / intersection
EDGE_MIN = 3.0
ENCRYPTION_PART = "Encryptions.xml"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _Broken(Exception):
    """A part that is missing, out of place or self-contradictory."""


def read_ofd(path: str, data: bytes, settings: PdfSettings = DEFAULT_SETTINGS,
             hooks: ReadHooks = NO_HOOKS) -> Document:
    """Read an .ofd from its bytes. ``hooks.step(done, total)`` after each page."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = _Package(zf)
            pages = _read_pages(package, settings, hooks)
    except Refusal:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            NotImplementedError):
        raise _corrupt(messages.CORRUPT_ZIP)
    except ParseError:
        raise _corrupt(messages.CORRUPT_XML)
    except (_Broken, LookupError, ValueError, TypeError, AttributeError, OverflowError,
            ZeroDivisionError, RecursionError):
        raise _corrupt(messages.CORRUPT_OFD)
    if not any(p.items for p in pages):
        raise Refusal("scanned", messages.REFUSE_SCANNED_OFD)
    remove_furniture(pages, settings)
    doc = Document(path=path, kind="ofd")
    doc.blocks = [_as_ofd(b) for b in build_blocks(pages, settings)]
    limits.check_counts(len(doc.paragraphs()),
                        sum(len(row) for t in doc.tables() for row in t.rows))
    scanned = [p.number for p in pages if p.image_only]
    if scanned:
        doc.unread_pages = scanned
        doc.notes.append(messages.ofd_scanned_pages(scanned))
    return doc


def _corrupt(detail: str) -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=detail))


def _as_ofd(block):
    """The layout path names its provenance "pdf"; here it is an OFD page."""
    if isinstance(block, Paragraph):
        return dataclasses.replace(block, source=dataclasses.replace(block.source, kind="ofd"))
    rows = [[dataclasses.replace(c, source=dataclasses.replace(c.source, kind="ofd"))
             for c in row] for row in block.rows]
    return Table(rows, dataclasses.replace(block.source, kind="ofd"))


# ---------------------------------------------------------------------------------------------
# The package: parts by path, parsed safely
# ---------------------------------------------------------------------------------------------

class _Package:
    def __init__(self, zf: zipfile.ZipFile):
        limits.check_zip(zf)
        self.zf = zf
        self.names = {_norm(i.filename): i for i in zf.infolist()}
        if any(posixpath.basename(n) == ENCRYPTION_PART for n in self.names):
            raise Refusal("encrypted", messages.REFUSE_ENCRYPTED_OFD)

    def xml(self, name: str) -> Element:
        import defusedxml.ElementTree as SafeET

        info = self.names.get(_norm(name))
        if info is None:
            raise _Broken(name)
        raw = limits.read_member(self.zf, info)
        limits.check_xml_safe(raw)
        return SafeET.fromstring(raw, forbid_dtd=True)

    def has(self, name: str) -> bool:
        return _norm(name) in self.names


def _norm(name: str) -> str:
    name = name.replace("\\", "/").strip()
    return posixpath.normpath(name.lstrip("/")).lower()


def _resolve(base_file: str, loc: str) -> str:
    """A location as GB/T 33190 writes it: from the package root when it starts with "/",
    else relative to the folder of the part that names it."""
    loc = (loc or "").strip().replace("\\", "/")
    if not loc:
        raise _Broken("empty location")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))


def _local(el: Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c) == name]


def _child(el: Element, name: str) -> Element | None:
    return next((c for c in el if _local(c) == name), None)


def _text(el: Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text or "")]


# ---------------------------------------------------------------------------------------------
# The document: pages, fonts, templates
# ---------------------------------------------------------------------------------------------

@dataclass
class _Font:
    name: str
    bold: bool


@dataclass
class _PageRef:
    content: str                            # path of Content.xml
    templates: list[str] = field(default_factory=list)


@dataclass
class _Doc:
    size: tuple[float, float]
    pages: list[_PageRef]
    fonts: dict[str, _Font]


def _document(package: _Package) -> tuple[str, Element]:
    root = package.xml("OFD.xml")
    body = _child(root, "DocBody")
    doc_root = _text(_child(body, "DocRoot")) if body is not None else ""
    if not doc_root:
        raise _Broken("DocRoot")
    path = _resolve("OFD.xml", doc_root)
    return path, package.xml(path)


def _doc_info(package: _Package) -> _Doc:
    path, doc = _document(package)
    common = _child(doc, "CommonData")
    size = DEFAULT_PAGE
    fonts: dict[str, _Font] = {}
    templates: dict[str, str] = {}
    if common is not None:
        area = _child(common, "PageArea")
        if area is not None:
            size = _box_size(_child(area, "PhysicalBox"), size)
        for res in _children(common, "PublicRes") + _children(common, "DocumentRes"):
            _read_fonts(package, _resolve(path, _text(res)), fonts)
        for tpl in _children(common, "TemplatePage"):
            if tpl.get("BaseLoc"):
                templates[tpl.get("ID", "")] = _resolve(path, tpl.get("BaseLoc"))
    pages_el = _child(doc, "Pages")
    refs = []
    for page in (_children(pages_el, "Page") if pages_el is not None else []):
        loc = page.get("BaseLoc")
        if not loc:
            continue
        ref = _PageRef(_resolve(path, loc))
        ref.templates = [templates[t.get("TemplateID", "")] for t in _children(page, "Template")
                         if t.get("TemplateID", "") in templates]
        refs.append(ref)
    if len(refs) > MAX_PAGES:
        raise Refusal("too_large", messages.REFUSE_TOO_MANY_PAGES_OFD.format(
            pages=len(refs), limit=MAX_PAGES))
    return _Doc(size, refs, fonts)


def _box_size(box: Element | None, default: tuple[float, float]) -> tuple[float, float]:
    values = _numbers(_text(box))
    if len(values) == 4 and values[2] > 0 and values[3] > 0:
        return values[2], values[3]
    return default


def _read_fonts(package: _Package, path: str, fonts: dict[str, _Font]) -> None:
    if not package.has(path):
        return
    for el in package.xml(path).iter():
        if _local(el) == "Font" and el.get("ID"):
            name = el.get("FontName") or el.get("FamilyName") or ""
            fonts[el.get("ID")] = _Font(name, el.get("Bold", "").lower() == "true")


# ---------------------------------------------------------------------------------------------
# Pages: objects -> characters and ruling lines -> the PDF layout chain
# ---------------------------------------------------------------------------------------------

@dataclass
class _PageMarks:
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    images: int = 0


def _read_pages(package: _Package, settings: PdfSettings, hooks: ReadHooks
                ) -> list[PageContent]:
    info = _doc_info(package)
    hooks.step(0, len(info.pages))
    pages = []
    budget = _Budget()
    for number, ref in enumerate(info.pages, start=1):
        page_xml = package.xml(ref.content)
        width, height = _page_size(page_xml, info.size)
        for res in _children(page_xml, "PageRes"):
            _read_fonts(package, _resolve(ref.content, _text(res)), info.fonts)
        marks = _PageMarks()
        for tpl in ref.templates:
            if package.has(tpl):
                _collect(package.xml(tpl), info.fonts, marks, budget)
        _collect(page_xml, info.fonts, marks, budget)
        pages.append(_layout(marks, number, width * MM, height * MM, settings))
        hooks.step(number, len(info.pages))
    return pages


def _page_size(page: Element, default: tuple[float, float]) -> tuple[float, float]:
    area = _child(page, "Area")
    return _box_size(_child(area, "PhysicalBox"), default) if area is not None else default


class _Budget:
    """Counts objects and characters over the whole file against MAX_OBJECTS / MAX_CHARS."""

    def __init__(self):
        self.objects = 0
        self.chars = 0

    def take(self, objects: int = 0, chars: int = 0) -> None:
        self.objects += objects
        self.chars += chars
        if self.objects > MAX_OBJECTS:
            raise limits.too_many_parts()
        if self.chars > MAX_CHARS:
            raise Refusal("too_large", messages.REFUSE_TOO_MUCH_TEXT.format(
                limit=limits.MAX_DOCUMENT_CHARS))


def _collect(page: Element, fonts: dict[str, _Font], marks: _PageMarks, budget: _Budget) -> None:
    """Every text, path and image object of the page, however deep in blocks and layers."""
    for el in page.iter():
        name = _local(el)
        if name == "TextObject":
            budget.take(objects=1)
            _text_object(el, fonts, marks, budget)
        elif name == "PathObject":
            budget.take(objects=1)
            _path_object(el, marks)
        elif name == "ImageObject":
            marks.images += 1


@dataclass(frozen=True)
class _Frame:
    """Object space -> page space (millimetres): the CTM, then the Boundary's origin."""

    x: float
    y: float
    ctm: tuple[float, float, float, float, float, float] = (1, 0, 0, 1, 0, 0)

    def point(self, px: float, py: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return self.x + a * px + c * py + e, self.y + b * px + d * py + f

    @property
    def scale(self) -> float:
        a, b, c, d, _, _ = self.ctm
        return math.sqrt(abs(a * d - b * c)) or 1.0

    @property
    def upright(self) -> bool:
        a, b, c, d, _, _ = self.ctm
        return abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0


def _frame(el: Element) -> _Frame:
    box = _numbers(el.get("Boundary"))
    ctm = _numbers(el.get("CTM"))
    x, y = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    if len(ctm) == 6:
        return _Frame(x, y, tuple(ctm))
    return _Frame(x, y)


def _deltas(text: str | None, needed: int) -> list[float]:
    """DeltaX / DeltaY: numbers, where "g N v" stands for N times v; only the first ``needed``
    are expanded (a run has one character more than it has deltas)."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < needed:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = int(float(tokens[i + 1]))
            if count < 0:
                raise _Broken("DeltaX")
            out.extend([float(tokens[i + 2])] * min(count, needed - len(out)))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _text_object(el: Element, fonts: dict[str, _Font], marks: _PageMarks, budget: _Budget
                 ) -> None:
    frame = _frame(el)
    size = abs(float(el.get("Size") or 0)) or 3.5
    font = fonts.get(el.get("Font", ""), _Font("", False))
    weight = el.get("Weight", "")
    bold = font.bold or (weight.isdigit() and int(weight) >= 600)
    fontname = f"{font.name}-Bold" if bold else font.name
    upright = frame.upright and not (el.get("CharDirection") or el.get("ReadDirection", "0")
                                     ).strip("0")
    x = y = 0.0
    for code in _children(el, "TextCode"):
        text = code.text or ""
        budget.take(chars=len(text))
        x = float(code.get("X", x))
        y = float(code.get("Y", y))
        dx, dy = _deltas(code.get("DeltaX"), len(text)), _deltas(code.get("DeltaY"), len(text))
        for k, ch in enumerate(text):
            advance = dx[k] if k < len(dx) else _default_advance(ch, size, dx)
            marks.chars.append(_char(ch, frame, x, y, advance, size, fontname, upright))
            x += advance
            y += dy[k] if k < len(dy) else 0.0


def _default_advance(ch: str, size: float, dx: list[float]) -> float:
    """The last character of a run, or a run without DeltaX: its width from the font size."""
    if dx and ord(ch) >= 0x2E80:
        return max(dx[-1], size * 0.9)
    return size if ord(ch) >= 0x2E80 else size * 0.5


def _char(ch: str, frame: _Frame, x: float, y: float, advance: float, size: float,
          fontname: str, upright: bool) -> dict:
    scale = frame.scale
    x0, base = frame.point(x, y)
    x1, _ = frame.point(x + advance, y)
    width = max(abs(x1 - x0), size * scale * 0.3)
    size_mm = size * scale
    x0 = min(x0, x1)
    return {"text": ch, "x0": x0 * MM, "x1": (x0 + width) * MM,
            "top": (base - ASCENT * size_mm) * MM, "bottom": (base + DESCENT * size_mm) * MM,
            "size": size_mm * MM, "fontname": fontname, "upright": upright}


# --- ruling lines --------------------------------------------------------------------------------

def _path_object(el: Element, marks: _PageMarks) -> None:
    if len(marks.edges) > MAX_EDGES:
        return
    frame = _frame(el)
    data = _child(el, "AbbreviatedData")
    for (x0, y0), (x1, y1) in _segments(_text(data)):
        a, b = frame.point(x0, y0), frame.point(x1, y1)
        edge = _edge(a, b, max(float(el.get("LineWidth") or 0.353), 0.0))
        if edge is not None:
            marks.edges.append(edge)


def _segments(data: str):
    """Straight segments of an abbreviated path (M / S move, L line, C close; curves and arcs
    only move the pen: a table's rules are straight)."""
    tokens = data.split()
    pen = start = (0.0, 0.0)
    i = 0
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    while i < len(tokens):
        op = tokens[i]
        n = arity.get(op)
        if n is None:
            i += 1
            continue
        args = [float(v) for v in tokens[i + 1:i + 1 + n]]
        if len(args) < n:
            return
        i += 1 + n
        if op in ("M", "S"):
            pen = start = (args[0], args[1])
        elif op == "L":
            yield pen, (args[0], args[1])
            pen = (args[0], args[1])
        elif op == "C":
            yield pen, start
            pen = start
        else:
            pen = (args[-2], args[-1])


def _edge(a: tuple[float, float], b: tuple[float, float], width: float) -> dict | None:
    """An axis-parallel segment as a pdfplumber edge (points); None for slanted or tiny ones."""
    (x0, y0), (x1, y1) = a, b
    x0, x1, y0, y1 = x0 * MM, x1 * MM, y0 * MM, y1 * MM
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= EDGE_MIN:
        y = (y0 + y1) / 2
        lo, hi = sorted((x0, x1))
        return {"x0": lo, "x1": hi, "top": y, "bottom": y, "width": hi - lo, "height": 0.0,
                "orientation": "h", "object_type": "line", "linewidth": width}
    if abs(x0 - x1) < 0.5 and abs(y1 - y0) >= EDGE_MIN:
        x = (x0 + x1) / 2
        lo, hi = sorted((y0, y1))
        return {"x0": x, "x1": x, "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo,
                "orientation": "v", "object_type": "line", "linewidth": width}
    return None


def table_cells(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes of each ruled table, by pdfplumber's own steps (merge the edges, find their
    intersections, the smallest cells, the groups of touching cells)."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    if not edges or len(edges) > MAX_EDGES:
        return []
    t = TABLE_TOLERANCE
    merged = filter_edges(merge_edges(edges, t, t, t, t), min_length=EDGE_MIN)
    cells = intersections_to_cells(edges_to_intersections(merged, t, t))
    return [list(group) for group in cells_to_tables(cells)]


def _layout(marks: _PageMarks, number: int, width: float, height: float,
            settings: PdfSettings) -> PageContent:
    """The PDF reader's page chain (``pdf_reader.read_page``) on this page's marks."""
    lay = settings.layout
    glyphs, _ = glyphs_from_chars(marks.chars, width, height)
    content = PageContent(number, width, height)
    if not has_text(glyphs):
        content.image_only = marks.images > 0
        return content
    ruled, rest = ruled_fragments(table_cells(marks.edges), glyphs, number, lay, width, height)
    lines = group_lines(rest, number, lay)
    unruled, lines = unruled_fragments(lines, number, lay)
    content.items = sorted([*lines, *ruled, *unruled], key=lambda it: it.top)
    return content

