"""Word 97-2003 .doc and WPS 文字 .wps -> Document, from the Word binary format ([MS-DOC]).

The container is an OLE compound file (olefile). Its WordDocument stream starts with the FIB,
which says where everything else is and which table stream (0Table / 1Table) holds it. The
chain, all bounds-checked (the binary structures are parsed in ``msdoc``; this module makes
paragraphs and tables of them):

- text: FIB -> Clx -> PlcPcd, the piece table. Each piece is a run of character positions (CPs)
  stored at a file position (FC), as 8-bit cp1252 ("compressed") or UTF-16LE characters. The
  main document is CPs 0 .. ccpText. Paragraphs end with \\r, table cells and rows with \\x07;
  field instructions (\\x13 ... \\x14) are dropped, their results kept.
- paragraph properties: FIB -> PlcBtePapx -> PapxFkp pages -> the PAPX of each paragraph mark
  (found by the mark's FC). They say whether the paragraph lies in a table (sprmPFInTable,
  sprmPItap) and whether its \\x07 ends a row (sprmPFTtp); a row's end mark carries the cell
  boundaries and merge flags (sprmTDefTable, sprmTVertMerge), from which the grid columns and
  the spans are made. A file without paragraph properties falls back to the marks alone: an
  empty \\x07 paragraph right after a cell end ends the row.
- bold: FIB -> PlcBteChpx -> ChpxFkp pages, sprmCFBold (direct formatting only).

Provenance as for DOCX: a paragraph's ``block`` is its index among the body's paragraphs, a
cell has ``table`` (index among the tables), ``row`` and ``col`` (the grid column). A merged
cell appears once with its spans. Encrypted files are refused as ``encrypted``.
"""
from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass, field

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits
from core.readers.msdoc import (
    PAIR_BTE_CHPX,
    PAIR_BTE_PAPX,
    PAIR_STSH,
    Broken,
    Fib,
    Fkps,
    Piece,
    StyleSheet,
    char_bold,
    huge_papx,
    main_text,
    paragraph_props,
    parse_fib,
    piece_table,
    u16,
)

GRID_TOLERANCE = 20             # twips: cell boundaries this close are one grid line
MAX_UNITS = limits.MAX_PARAGRAPHS + limits.MAX_TABLE_CELLS    # paragraphs and cells
CELL_MARK, PARA_MARK, PAGE_BREAK = "\x07", "\r", "\x0c"
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
# Characters that stand for objects or are formatting only: dropped from the text.
_DROPPED = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_REPLACED = {ord("\x0b"): "\n", ord("\x1e"): "-", ord("\xa0"): " "}


def read_doc(path: str, data: bytes) -> Document:
    """Read a .doc / .wps from its bytes. Raises Refusal for encrypted, old or broken files."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            word = _stream(ole, "WordDocument", len(data))
            fib = parse_fib(word)
            table = _stream(ole, fib.table_stream, len(data))
            extra = _stream(ole, "Data", len(data)) if ole.exists("Data") else b""
            return _Reader(path, word, table, fib, extra).read()
    except Refusal:
        raise
    except RecursionError:
        raise corrupt(messages.CORRUPT_DOC)
    except (Broken, struct.error, IndexError, ValueError, KeyError, OSError, EOFError,
            TypeError, AttributeError, ZeroDivisionError, OverflowError, MemoryError):
        raise corrupt(messages.CORRUPT_DOC)


def corrupt(detail: str) -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT_OLE.format(detail=detail))


def _stream(ole, name: str, file_size: int) -> bytes:
    """A stream's bytes; one that declares more bytes than the whole file is broken (a FAT
    whose chains loop would otherwise read the same sectors over and over)."""
    if not ole.exists(name):
        raise corrupt(messages.CORRUPT_PART_MISSING)
    if ole.get_size(name) > file_size:
        raise Broken(name)
    with ole.openstream(name) as stream:
        return stream.read()


# ---------------------------------------------------------------------------------------------
# Paragraphs and table rows
# ---------------------------------------------------------------------------------------------

@dataclass
class _Unit:
    """One paragraph of the text: its characters, its mark, and what its properties say."""

    text: str
    mark: str                       # "\r", "\x07", "\x0c" or "" (end of the text)
    bold: bool = False
    style: str = ""
    depth: int = 0                  # table depth (0: body text)
    row_end: bool = False
    bounds: list[int] = field(default_factory=list)     # row end: cell boundaries (twips)
    merges: list[tuple[int, int]] = field(default_factory=list)   # (horizontal, vertical)


@dataclass
class _RawCell:
    text: str
    left: int | None = None         # boundaries from the row's end mark (twips), if any
    right: int | None = None
    col: int = 0                    # grid column and span, from the boundaries
    colspan: int = 1
    hmerge: int = 0
    vmerge: int = 0
    cell: Cell | None = None


class _Reader:
    def __init__(self, path: str, word: bytes, table: bytes, fib: Fib, data: bytes = b""):
        self.path, self.word, self.table, self.fib, self.data = path, word, table, fib, data
        self.document = Document(path=path, kind="doc")
        self.styles = StyleSheet(table, fib.pair(PAIR_STSH))
        self.paragraph_index = 0
        self.table_index = 0
        self.cells = 0

    def read(self) -> Document:
        pieces = piece_table(self.table, self.fib)
        text, owner = main_text(self.word, pieces, self.fib.ccp_text)
        papx = Fkps(self.word, self.table, self.fib.pair(PAIR_BTE_PAPX), papx=True)
        chpx = Fkps(self.word, self.table, self.fib.pair(PAIR_BTE_CHPX), papx=False)
        units = list(self._units(text, owner, papx, chpx))
        if not papx.present:
            _rows_from_marks(units)
        self._blocks(units)
        return self.document

    # --- text -> paragraph units ---------------------------------------------------------------

    def _units(self, text: str, owner: list[Piece], papx: Fkps, chpx: Fkps):
        start = count = 0
        for cp, ch in enumerate(text):
            if ch not in (PARA_MARK, CELL_MARK, PAGE_BREAK):
                continue
            count += 1
            if count > MAX_UNITS:
                raise limits.too_many_parts()
            unit = self._unit(text, owner, start, cp, papx, chpx)
            start = cp + 1
            if ch == PAGE_BREAK and not unit.text:
                continue
            yield unit
        if start < len(text):
            unit = self._unit(text, owner, start, len(text), papx, chpx)
            if unit.text.strip():
                yield unit

    def _unit(self, text: str, owner: list[Piece], start: int, end: int, papx: Fkps,
              chpx: Fkps) -> _Unit:
        kept = _visible(text, start, end)
        unit = _Unit(_clean(text[i] for i in kept), text[end] if end < len(text) else "")
        if papx.present and end < len(text):
            piece = owner[end]
            props = papx.at(piece.fc(end))
            istd = u16(props, 0) if len(props) >= 2 else 0
            _apply_paragraph(unit, huge_papx(props[2:], self.data) + piece.grpprl)
            unit.style = self.styles.name(istd)
            style_bold = self.styles.bold(istd)
        else:
            style_bold = self.styles.bold(0)
        chars = [i for i in kept if not text[i].isspace()]
        unit.bold = bool(chars) and all(
            char_bold(chpx.at(owner[i].fc(i)) + owner[i].grpprl if chpx.present else b"",
                  style_bold) for i in chars)
        return unit

    # --- units -> blocks -----------------------------------------------------------------------

    def _blocks(self, units: list[_Unit]) -> None:
        rows: list[list[_RawCell]] = []
        row: list[_RawCell] = []
        lines: list[str] = []
        for unit in units:
            if unit.depth == 0:
                if rows or row or lines:
                    self._table(rows + ([row] if row or lines else []), lines)
                    rows, row, lines = [], [], []
                self._paragraph(unit)
                continue
            if unit.depth > 1:              # a table nested in a cell: its text joins the cell
                if not unit.row_end and unit.text:
                    lines.append(unit.text)
                continue
            if unit.row_end:
                _place_row(row, unit)
                rows.append(row)
                row, lines = [], []
            elif unit.mark == CELL_MARK:
                lines.append(unit.text)
                row.append(_RawCell("\n".join(lines).strip("\n")))
                lines = []
            elif unit.text:
                lines.append(unit.text)
        if rows or row:
            self._table(rows + ([row] if row else []), lines)

    def _paragraph(self, unit: _Unit) -> None:
        self.document.blocks.append(Paragraph(
            unit.text, SourceRef(kind="doc", block=self.paragraph_index), style=unit.style,
            bold=unit.bold))
        self.paragraph_index += 1
        limits.check_counts(self.paragraph_index, self.cells)

    def _table(self, raw_rows: list[list[_RawCell]], leftover: list[str]) -> None:
        if leftover and raw_rows:
            raw_rows[-1].append(_RawCell("\n".join(leftover)))
        raw_rows = [r for r in raw_rows if r]
        if not raw_rows:
            return
        index = self.table_index
        self.table_index += 1
        grid = _grid_lines(raw_rows)
        rows: list[list[Cell]] = []
        above: dict[int, _RawCell] = {}
        for r, raw in enumerate(raw_rows):
            placed = _merge_horizontal(raw, grid)
            self.cells += sum(c.colspan for c in placed)
            limits.check_counts(self.paragraph_index, self.cells)
            out: list[Cell] = []
            covering: dict[int, _RawCell] = {}
            for c in placed:
                owner = above.get(c.col)
                if c.vmerge == 1 and owner is not None and owner.cell is not None \
                        and owner.col == c.col:
                    owner.cell.rowspan += 1
                    covering.update({k: owner for k in range(c.col, c.col + c.colspan)})
                    continue
                c.cell = Cell(c.text, SourceRef(kind="doc", table=index, row=r, col=c.col),
                              colspan=c.colspan)
                out.append(c.cell)
                covering.update({k: c for k in range(c.col, c.col + c.colspan)})
            rows.append(out)
            above = covering
        self.document.blocks.append(Table(rows, SourceRef(kind="doc", table=index)))


def _visible(text: str, start: int, end: int) -> list[int]:
    """Indexes of the characters shown: outside field instructions (\\x13 .. \\x14)."""
    kept, stack = [], []
    for i in range(start, end):
        ch = text[i]
        if ch == _FIELD_BEGIN:
            stack.append(False)             # in the instruction
        elif ch == _FIELD_SEP:
            if stack:
                stack[-1] = True            # in the result
        elif ch == _FIELD_END:
            if stack:
                stack.pop()
        elif all(stack):
            kept.append(i)
    return kept


def _clean(chars) -> str:
    return "".join(chars).translate(_DROPPED).translate(_REPLACED)


def _apply_paragraph(unit: _Unit, grpprl: bytes) -> None:
    props = paragraph_props(grpprl)
    unit.depth = props.depth
    unit.row_end = unit.mark == CELL_MARK and (
        (props.depth == 1 and props.ttp) or (props.depth > 1 and props.inner_ttp))
    unit.bounds, unit.merges = list(props.bounds), list(props.merges)


def _rows_from_marks(units: list[_Unit]) -> None:
    """No paragraph properties: cell ends are the \\x07 marks, and an empty \\x07 paragraph that
    follows a cell end is the row's end mark."""
    in_row = False
    for unit in units:
        if unit.mark == CELL_MARK:
            unit.depth = 1
            unit.row_end = in_row and not unit.text
            in_row = not unit.row_end
        elif in_row:
            unit.depth = 1
        else:
            unit.depth = 0


def _place_row(row: list[_RawCell], end: _Unit) -> None:
    """Boundaries and merge flags of the row's end mark, given to its cells in order."""
    bounds = end.bounds if len(end.bounds) == len(row) + 1 else []
    for i, cell in enumerate(row):
        if bounds:
            cell.left, cell.right = bounds[i], bounds[i + 1]
        if i < len(end.merges):
            cell.hmerge, cell.vmerge = end.merges[i]


def _grid_lines(rows: list[list[_RawCell]]) -> list[int]:
    """The table's distinct column boundaries (twips) over all rows with known boundaries."""
    values = sorted({v for row in rows for c in row if c.left is not None
                     for v in (c.left, c.right)})
    grid: list[int] = []
    for v in values:
        if not grid or v - grid[-1] > GRID_TOLERANCE:
            grid.append(v)
    return grid


def _merge_horizontal(row: list[_RawCell], grid: list[int]) -> list[_RawCell]:
    """Grid column and span of each cell; a cell merged into the one before (the old-style
    horizontal merge) widens it."""
    out: list[_RawCell] = []
    for k, cell in enumerate(row):
        if cell.left is None:               # no boundaries: one column per cell
            cell.col, cell.colspan = k, 1
        else:
            first, last = _grid_index(grid, cell.left), _grid_index(grid, cell.right)
            cell.col, cell.colspan = first, max(1, last - first)
        if cell.hmerge in (2, 3) and out:
            prev = out[-1]
            prev.colspan = max(prev.colspan, cell.col + cell.colspan - prev.col)
            if cell.text:
                prev.text = "\n".join(t for t in (prev.text, cell.text) if t)
            continue
        out.append(cell)
    return out


def _grid_index(grid: list[int], value: int) -> int:
    k = bisect_right(grid, value + GRID_TOLERANCE) - 1
    return max(k, 0)
