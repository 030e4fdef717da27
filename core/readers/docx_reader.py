"""DOCX -> Document: body paragraphs and tables in order, merged cells once with their spans.

Provenance: a body paragraph's ``block`` is its index among the body's top-level paragraphs
(``docx.Document(...).paragraphs``); a top-level table's ``table`` is its index into
``docx.Document(...).tables``; its cells carry ``row`` (the ``w:tr`` index) and ``col`` (the grid
column, after ``w:gridBefore`` and the spans left of it). Content the fixer cannot address by
those indexes (inside content controls, tables nested in cells) keeps ``block`` / ``table`` None.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P = f"{{{_W}}}p"
W_TBL = f"{{{_W}}}tbl"
W_TR = f"{{{_W}}}tr"
W_TC = f"{{{_W}}}tc"
W_R = f"{{{_W}}}r"
W_SDT = f"{{{_W}}}sdt"
W_SDT_CONTENT = f"{{{_W}}}sdtContent"
W_CUSTOM_XML = f"{{{_W}}}customXml"
W_VAL = f"{{{_W}}}val"
# Paragraph children whose runs are part of the visible text (descended into).
_TEXT_CONTAINERS = {f"{{{_W}}}{t}" for t in (
    "hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml",
    "dir", "bdo")}
# Block-level wrappers whose children are paragraphs / tables / rows / cells.
_BLOCK_WRAPPERS = (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML)
_MAX_STYLE_CHAIN = 20


def read_docx(path: str, data: bytes) -> Document:
    """Read a .docx from its bytes. Raises Refusal for unsafe, oversized or corrupt packages."""
    try:
        word = _open_checked(data)
        _check_size(word.element.body)
        walker = _BodyWalker(_StyleBook(word), path)
        walker.walk_body(word.element.body)
    except Refusal:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            NotImplementedError):           # NotImplementedError: unknown compression method
        raise _corrupt(messages.CORRUPT_ZIP)
    except KeyError:
        raise _corrupt(messages.CORRUPT_PART_MISSING)
    except etree.XMLSyntaxError:
        raise _corrupt(messages.CORRUPT_XML)
    except (ValueError, TypeError, AttributeError, LookupError, RuntimeError):
        raise _corrupt(messages.CORRUPT_DOCX)
    return walker.document


def _corrupt(detail: str) -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=detail))


def _check_size(body) -> None:
    """Count the cells and paragraphs in C (lxml) before walking them in Python, which takes
    tens of microseconds each: a file far over the limits is refused at once."""
    cells = sum(1 for _ in body.iter(W_TC))
    paragraphs = sum(1 for _ in body.iter(W_P)) - cells     # a cell has at least one paragraph
    limits.check_counts(max(paragraphs, 0), cells)


def _open_checked(data: bytes):
    """Check the package (bomb sizes, DTDs in every XML part) before python-docx parses it."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        limits.check_zip_parts(zf)          # word/document.xml and every other XML part
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise _corrupt(messages.CORRUPT_PART_MISSING)


# ---------------------------------------------------------------------------------------------
# Styles: effective bold through the style hierarchy
# ---------------------------------------------------------------------------------------------

class _StyleBook:
    """Per-document style lookups (no state shared between documents or threads)."""

    def __init__(self, word):
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id: dict[str, object] = {}
        for style in word.styles:
            if style.style_id:
                self.by_id.setdefault(style.style_id, style)
        self.default_paragraph = _default_style(word, WD_STYLE_TYPE.PARAGRAPH)
        self.default_character = _default_style(word, WD_STYLE_TYPE.CHARACTER)
        self._bold_cache: dict[str, bool | None] = {}

    def paragraph_style(self, p) -> object | None:
        style_id = _style_id(p, "pPr", "pStyle")
        return self.by_id.get(style_id, self.default_paragraph) if style_id \
            else self.default_paragraph

    def character_style(self, r) -> object | None:
        style_id = _style_id(r, "rPr", "rStyle")
        return self.by_id.get(style_id, self.default_character) if style_id \
            else self.default_character

    def style_bold(self, style) -> bool | None:
        """The first explicit bold setting up the base-style chain, or None."""
        if style is None:
            return None
        key = style.style_id or style.name or ""
        if key not in self._bold_cache:
            self._bold_cache[key] = _chain_bold(style)
        return self._bold_cache[key]


def _style_id(el, props: str, tag: str) -> str | None:
    found = el.find(f"{{{_W}}}{props}/{{{_W}}}{tag}")
    return found.get(W_VAL) if found is not None else None


def _default_style(word, style_type):
    try:
        return word.styles.default(style_type)
    except (KeyError, ValueError, AttributeError):
        return None


def _chain_bold(style) -> bool | None:
    for _ in range(_MAX_STYLE_CHAIN):
        if style is None:
            return None
        font = getattr(style, "font", None)
        if font is not None and font.bold is not None:
            return font.bold
        style = style.base_style
    return None


def _style_name(style) -> str:
    return (style.name or "") if style is not None else ""


# ---------------------------------------------------------------------------------------------
# Paragraph text and runs
# ---------------------------------------------------------------------------------------------

def visible_runs(p) -> list:
    """The paragraph's runs in order, including those inside hyperlinks, tracked insertions,
    smart tags, content controls and simple fields; excluding tracked deletions and the runs
    of text boxes (those live below a run, never as the paragraph's own runs)."""
    runs = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag == W_R:
            runs.append(child)
        elif child.tag in _TEXT_CONTAINERS and len(stack) < limits.MAX_XML_DEPTH:
            stack.append(iter(child))
    return runs


def run_text(r) -> str:
    """A run's text as python-docx renders it (w:t, tabs, line breaks, ...)."""
    text = getattr(r, "text", None)
    if isinstance(text, str):
        return text
    return "".join(t.text or "" for t in r.iter(f"{{{_W}}}t"))


def paragraph_text(p) -> str:
    return "".join(run_text(r) for r in visible_runs(p))


def _run_bold(r, p_bold: bool | None, styles: _StyleBook) -> bool:
    rpr = r.find(f"{{{_W}}}rPr")
    direct = _toggle(rpr.find(f"{{{_W}}}b")) if rpr is not None else None
    if direct is not None:
        return direct
    char_bold = styles.style_bold(styles.character_style(r))
    if char_bold is not None:
        return char_bold
    return bool(p_bold)


def _toggle(el) -> bool | None:
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off")


# ---------------------------------------------------------------------------------------------
# Tables: the real grid
# ---------------------------------------------------------------------------------------------

@dataclass
class _Grid:
    """One table's rows of emitted cells, and the tables nested in its cells."""

    rows: list[list[Cell]] = field(default_factory=list)
    nested: list = field(default_factory=list)      # w:tbl elements, in document order
    positions: int = 0


def _children(el, tags: tuple[str, ...]) -> list:
    """Direct children with one of `tags`, looking through content controls / custom XML."""
    out = []
    for child in el:
        if child.tag in tags:
            out.append(child)
        elif child.tag in _BLOCK_WRAPPERS:
            out.extend(_children(child, tags))
    return out


def _int_prop(el, path: str, default: int) -> int:
    found = el.find(path) if el is not None else None
    if found is None:
        return default
    try:
        return max(int(found.get(W_VAL, default)), 0)
    except ValueError:
        return default


def _v_merge(tc) -> str | None:
    """None (no vertical merge), "restart" or "continue"."""
    found = tc.find(f"{{{_W}}}tcPr/{{{_W}}}vMerge")
    if found is None:
        return None
    return "restart" if found.get(W_VAL) == "restart" else "continue"


def _h_merge_continues(tc) -> bool:
    found = tc.find(f"{{{_W}}}tcPr/{{{_W}}}hMerge")
    return found is not None and found.get(W_VAL) != "restart"


# ---------------------------------------------------------------------------------------------
# The body walk
# ---------------------------------------------------------------------------------------------

class _BodyWalker:
    def __init__(self, styles: _StyleBook, path: str):
        self.styles = styles
        self.document = Document(path=path, kind="docx")
        self.paragraph_count = 0
        self.cell_count = 0

    def walk_body(self, body) -> None:
        p_index = t_index = 0
        for child in body:
            if child.tag == W_P:
                self._paragraph(child, p_index)
                p_index += 1
            elif child.tag == W_TBL:
                self._table(child, t_index)
                t_index += 1
            elif child.tag in _BLOCK_WRAPPERS:
                self._wrapped(child, 0)

    def _wrapped(self, el, depth: int) -> None:
        """Paragraphs and tables inside a block-level content control: no body index."""
        for child in el:
            if child.tag == W_P:
                self._paragraph(child, None)
            elif child.tag == W_TBL:
                self._table(child, None)
            elif child.tag in _BLOCK_WRAPPERS and depth < limits.MAX_XML_DEPTH:
                self._wrapped(child, depth + 1)

    def _paragraph(self, p, index: int | None) -> None:
        self._count(paragraphs=1)
        style = self.styles.paragraph_style(p)
        pieces = [(r, run_text(r)) for r in visible_runs(p)]
        text = "".join(t for _, t in pieces)
        runs = [r for r, t in pieces if t.strip()]
        p_bold = self.styles.style_bold(style)
        bold = bool(runs) and all(_run_bold(r, p_bold, self.styles) for r in runs)
        self.document.blocks.append(Paragraph(text, SourceRef(kind="docx", block=index),
                                              style=_style_name(style), bold=bold))

    def _table(self, tbl, index: int | None, depth: int = 0) -> None:
        grid = self._grid(tbl, index)
        self.document.blocks.append(Table(grid.rows, SourceRef(kind="docx", table=index)))
        if depth >= limits.MAX_TABLE_NESTING:
            return
        for inner in grid.nested:
            self._table(inner, None, depth + 1)

    def _grid(self, tbl, index: int | None) -> _Grid:
        grid = _Grid()
        open_cells: dict[int, Cell] = {}        # grid column -> cell covering it in the last row
        for r, tr in enumerate(_children(tbl, (W_TR,))):
            row, open_cells = self._row(tr, r, index, open_cells, grid)
            grid.rows.append(row)
        return grid

    def _row(self, tr, r: int, index: int | None, above: dict[int, Cell], grid: _Grid
             ) -> tuple[list[Cell], dict[int, Cell]]:
        row: list[Cell] = []
        covering: dict[int, Cell] = {}
        col = _int_prop(tr, f"{{{_W}}}trPr/{{{_W}}}gridBefore", 0)
        for tc in _children(tr, (W_TC,)):
            span = max(_int_prop(tc, f"{{{_W}}}tcPr/{{{_W}}}gridSpan", 1), 1)
            self._count(cells=span)
            grid.nested.extend(_children(tc, (W_TBL,)))
            if _h_merge_continues(tc) and row:
                row[-1].colspan += span
                covering.update({c: row[-1] for c in range(col, col + span)})
            elif _v_merge(tc) == "continue" and _starts_at(above.get(col), col):
                owner = above[col]
                owner.rowspan += 1
                covering.update({c: owner for c in range(col, col + owner.colspan)})
            else:
                cell = Cell(self._cell_text(tc),
                            SourceRef(kind="docx", table=index, row=r, col=col), colspan=span)
                row.append(cell)
                covering.update({c: cell for c in range(col, col + span)})
            col += span
        return row, covering

    def _cell_text(self, tc) -> str:
        """The cell's own paragraphs (not its nested tables), one line each; the empty paragraph
        Word keeps after a nested table is not a line."""
        return "\n".join(paragraph_text(p) for p in _children(tc, (W_P,))).strip("\n")

    def _count(self, paragraphs: int = 0, cells: int = 0) -> None:
        self.paragraph_count += paragraphs
        self.cell_count += cells
        limits.check_counts(self.paragraph_count, self.cell_count)


def _starts_at(cell: Cell | None, col: int) -> bool:
    return cell is not None and cell.source.col == col
