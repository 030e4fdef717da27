"""HTML -> Document: block text as paragraphs, data tables with their spans, in page order.

Provenance: a paragraph's ``block`` is its index among the document's paragraphs; a data
table's ``table`` is its index among the emitted tables, its cells carry ``row`` (the ``tr``
index) and ``col`` (the grid column after the spans left of and above it).

Government sites wrap the page in layout tables. A table that contains a table, or that has
a single cell, is layout: its cells are read as page content, not as data.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits
from core.readers.sniff import utf16_codec

META_WINDOW = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_NOT_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
                    "gb_2312-80": "gb18030", "cp936": "gb18030", "unicode": "utf-16",
                    "utf-16": "utf-16", "x-cp20936": "gb18030"}

DROPPED = {"script", "style", "nav", "head", "noscript", "template", "iframe", "object",
           "embed", "select", "button", "svg", "math", "textarea"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "aside", "header", "footer", "main",
          "address", "center", "form", "fieldset", "figure", "figcaption", "hr", "caption",
          "body", "html", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "title"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BOLD_TAGS = {"b", "strong", "th"} | HEADINGS


def read_html(path: str, data: bytes) -> Document:
    import lxml.etree
    import lxml.html

    text = decode(data)
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.CORRUPT_HTML))
    if any(e.level_name == "FATAL" for e in parser.error_log):     # e.g. nesting too deep:
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(     # the rest would be lost
            detail=messages.CORRUPT_HTML))
    walker = _Walker(Document(path=path, kind="html"))
    body = root.find("body")
    body = body if body is not None else root
    main, heading = main_content(body)
    if heading is not None:
        walker.walk(heading, 0, False)
        walker.flush()
    walker.walk(main, 0, False)
    walker.flush()
    return walker.document


# --- the article of a saved page ----------------------------------------------------------------
# A saved government page is the site's header, navigation, notices ("建议您使用以下浏览器版本"),
# the article and a footer. The article is the smallest element that holds nearly all of the
# page's running text: navigation and menus are many short lines, the article long ones. From
# the body down, the reader steps into the child that holds most of its parent's running text
# (a notice or a footer is a small share), never into a table or a single paragraph.
# Measured on the real saved page and a page built like a site's (tests/test_html_article.py).
LONG_BLOCK = 30          # characters: a block this long is running text, not a menu item
ARTICLE_SHARE = 0.6      # the article's share of its parent's running text
LEAF_BLOCKS = {"table", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "span", "font", "pre",
               "blockquote", "td", "tr", "tbody"}
TITLE_CLASS = re.compile(r"title|biaoti|bt\b", re.IGNORECASE)


def _long_text(el) -> int:
    """Characters of running text directly in ``el`` (its own text and the tails of children)."""
    own = (el.text or "") + "".join(c.tail or "" for c in el)
    own = _SPACE.sub("", own)
    return len(own) if len(own) >= LONG_BLOCK else 0


def main_content(body):
    """(the article element, a title heading outside it or None); (body, None) when the page has
    no clear article."""
    weight: dict = {}

    def measure(el, depth: int) -> int:
        tag = _tag(el)
        if tag in DROPPED or not tag or depth > limits.MAX_XML_DEPTH:
            weight[el] = 0
            return 0
        if tag == "table" and not is_layout_table(el):
            w = len(_SPACE.sub("", "".join(el.itertext())))
        else:
            w = _long_text(el) + sum(measure(c, depth + 1) for c in el)
        weight[el] = w
        return w

    total = measure(body, 0)
    if total == 0:
        return body, None
    best = body
    while True:
        heavy = [c for c in best if weight.get(c, 0) >= ARTICLE_SHARE * weight[best]
                 and _tag(c) not in LEAF_BLOCKS]
        if not heavy:
            break
        best = heavy[0]
    if best is body:
        return body, None
    if any(_tag(el) in ("h1", "h2") for el in best.iter()):
        return best, None           # the article carries its own title
    return best, _title_before(body, best)


def _title_before(body, article):
    """The last heading (h1-h3, or an element whose class names a title) before the article in
    page order and outside it: articles keep their title in a sibling block."""
    found = None
    for el in body.iter():
        if el is article:
            break
        tag = _tag(el)
        if tag in ("h1", "h2", "h3") or (tag in ("div", "p", "span") and
                                         TITLE_CLASS.search(el.get("class") or "")):
            if _SPACE.sub("", "".join(el.itertext())):
                found = el
    if found is not None and any(a is found for a in article.iterancestors()):
        return None
    return found


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """BOM, then the declared charset (meta / XML declaration), then UTF-8, then GB18030."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if 0 in data[:META_WINDOW]:
        codec = utf16_codec(data[:META_WINDOW])
        if codec:
            return data.decode(codec, errors="replace")
    declared = _declared_charset(data[:META_WINDOW])
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode(declared or "gb18030", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if m is None:
        return None
    name = m.group(1).decode("ascii", errors="ignore").strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    if name == "utf-16":        # declared UTF-16 but no BOM and no NUL pattern: a lie
        return None
    return name if _known(name) else None


def _known(name: str | None) -> bool:
    if not name:
        return False
    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


# ---------------------------------------------------------------------------------------------
# Tree walk
# ---------------------------------------------------------------------------------------------

@dataclass
class _Line:
    """Inline text collected until the next block boundary, with its boldness per piece."""

    pieces: list[tuple[str, bool]] = field(default_factory=list)
    style: str = ""

    def add(self, text: str, bold: bool) -> None:
        if text:
            self.pieces.append((text, bold))

    def text(self) -> str:
        return _clean("".join(t for t, _ in self.pieces))

    def bold(self) -> bool:
        visible = [b for t, b in self.pieces if t.strip()]
        return bool(visible) and all(visible)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).replace("\xa0", " ").strip()


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_bold(el, inherited: bool) -> bool:
    style = el.get("style") or ""
    if _NOT_BOLD_STYLE.search(style):
        return False
    return inherited or _tag(el) in BOLD_TAGS or bool(_BOLD_STYLE.search(style))


class _Walker:
    def __init__(self, document: Document):
        self.document = document
        self.line = _Line()
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0

    def flush(self) -> None:
        text = self.line.text()
        if text:
            self.paragraphs += 1
            limits.check_counts(self.paragraphs, self.cells)
            self.document.blocks.append(Paragraph(
                text, SourceRef(kind="html", block=self.paragraphs - 1),
                style=self.line.style, bold=self.line.bold()))
        self.line = _Line()

    def walk(self, el, depth: int, bold: bool) -> None:
        """Emit `el`'s content; its tail is handled by the caller."""
        tag = _tag(el)
        if tag in DROPPED or not tag:
            return
        if tag == "table" and not is_layout_table(el):
            self.flush()
            self._table(el)
            return
        if depth >= limits.MAX_XML_DEPTH:         # too deep to walk: its text as one line
            self.line.add(" ".join(el.itertext()), bold)
            return
        bold = _is_bold(el, bold)
        block = tag in BLOCKS
        if block:
            self.flush()
            if tag in HEADINGS:
                self.line.style = tag
        if tag == "br":
            self.flush()
        self.line.add(el.text or "", bold)
        for child in el:
            self.walk(child, depth + 1, bold)
            self.line.add(child.tail or "", bold)
        if block:
            self.flush()

    def _table(self, table) -> None:
        rows = table_rows(table, self.tables, limits.MAX_TABLE_CELLS - self.cells)
        self.cells += sum(c.rowspan * c.colspan for row in rows for c in row)
        limits.check_counts(self.paragraphs, self.cells)
        self.document.blocks.append(Table(rows, SourceRef(kind="html", table=self.tables)))
        self.tables += 1


def _own_rows(table) -> list:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _own_cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def is_layout_table(table) -> bool:
    """A table wrapping other tables, or a single cell: page layout, not data."""
    if table.xpath(".//table"):
        return True
    cells = [c for tr in _own_rows(table) for c in _own_cells(tr)]
    return len(cells) <= 1


# ---------------------------------------------------------------------------------------------
# Data tables: the HTML table grid
# ---------------------------------------------------------------------------------------------

def table_rows(table, index: int, budget: int = limits.MAX_TABLE_CELLS) -> list[list[Cell]]:
    """The table's rows with spans placed on a grid. The grid positions the spans cover are
    counted before they are marked: more than ``budget`` is refused (spans of a thousand rows
    and columns on every cell would otherwise fill memory)."""
    trs = _own_rows(table)
    occupied: set[tuple[int, int]] = set()
    rows: list[list[Cell]] = []
    for r, tr in enumerate(trs):
        row = []
        col = 0
        for td in _own_cells(tr):
            while (r, col) in occupied:
                col += 1
            rowspan = min(_span(td, "rowspan"), len(trs) - r) or len(trs) - r
            colspan = _span(td, "colspan") or 1
            budget -= rowspan * colspan
            if budget < 0:
                raise limits.too_many_parts()
            row.append(Cell(cell_text(td), SourceRef(kind="html", table=index, row=r, col=col),
                            rowspan=rowspan, colspan=colspan))
            occupied.update((rr, cc) for rr in range(r, r + rowspan)
                            for cc in range(col, col + colspan))
            col += colspan
        rows.append(row)
    return rows


def _span(td, name: str) -> int:
    """The span attribute clamped to 0..MAX_SPAN (0 means "to the end", for rowspan)."""
    raw = (td.get(name) or "1").strip()
    m = re.match(r"\d+", raw)
    if m is None:
        return 1
    return min(int(m.group()), limits.MAX_SPAN)


def cell_text(td) -> str:
    """The cell's text with its line structure (br and block elements) kept as newlines."""
    walker = _Walker(Document(path="", kind="html"))
    walker.walk(td, 0, False)
    walker.flush()
    return "\n".join(b.text for b in walker.document.blocks if isinstance(b, Paragraph))
