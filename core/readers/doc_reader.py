"""Word 97-2003 .doc and WPS 文字 .wps -> Document, from the Word binary format ([MS-DOC]).

The container is an OLE compound file (olefile). Its WordDocument stream starts with the FIB,
which says where everything else is and which table stream (0Table / 1Table) holds it. The
chain, all bounds-checked:

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

import functools
import struct
from bisect import bisect_right
from dataclasses import dataclass, field

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits

WORD_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C1            # Word 6 / 95 files (nFib 101 .. 105) use another FIB
FKP_SIZE = 512
MAX_CPS = 2 * limits.MAX_DOCUMENT_CHARS     # characters incl. marks and field codes
MAX_UNITS = limits.MAX_PARAGRAPHS + limits.MAX_TABLE_CELLS    # paragraphs and cells
MAX_PIECES = 200_000
GRID_TOLERANCE = 20             # twips: cell boundaries this close are one grid line
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_FC_STSH, _FC_CLX, _FC_BTE_CHPX, _FC_BTE_PAPX = 1, 33, 12, 13    # pairs in FibRgFcLcb97
NO_STYLE = 0x0FFF
MAX_STYLE_CHAIN = 20

SPRM_C_BOLD = 0x0835
SPRM_P_IN_TABLE = 0x2416
SPRM_P_TTP = 0x2417
SPRM_P_INNER_TTP = 0x244C
SPRM_P_ITAP = 0x6649
SPRM_T_DEF_TABLE = 0xD608
SPRM_T_VERT_MERGE = 0xD62B
SPRM_P_CHG_TABS = 0xC615
SPRM_P_HUGE_PAPX = (0x6645, 0x6646)     # the PAPX is too large for its page: in the Data stream

CELL_MARK, PARA_MARK, PAGE_BREAK = "\x07", "\r", "\x0c"
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
# Characters that stand for objects or are formatting only: dropped from the text.
_DROPPED = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x06\x08\x1f"), None)
_REPLACED = {ord("\x0b"): "\n", ord("\x1e"): "-", ord("\xa0"): " "}


class _Broken(Exception):
    """A structure that points outside its stream or contradicts itself."""


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
    except (_Broken, struct.error, IndexError, ValueError, KeyError, OSError, EOFError,
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
        raise _Broken(name)
    with ole.openstream(name) as stream:
        return stream.read()


# ---------------------------------------------------------------------------------------------
# FIB
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fib:
    nfib: int
    encrypted: bool
    table_stream: str
    ccp_text: int
    pairs: tuple[tuple[int, int], ...]      # (fc, lcb) of FibRgFcLcb, in order

    def pair(self, index: int) -> tuple[int, int]:
        return self.pairs[index] if index < len(self.pairs) else (0, 0)


def parse_fib(word: bytes) -> Fib:
    """The parts of the FIB the reader needs; refuses what is no Word 97+ document."""
    if len(word) < 0x22:
        raise _Broken("FIB")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise _Broken("wIdent")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _F_ENCRYPTED:
        raise Refusal("encrypted", messages.REFUSE_ENCRYPTED)
    if nfib < NFIB_WORD97:
        raise Refusal("legacy_format", messages.REFUSE_LEGACY_WORD6)
    pos = 0x20
    csw = _u16(word, pos)
    pos += 2 + 2 * csw
    cslw = _u16(word, pos)
    lw = pos + 2
    if cslw < 4:
        raise _Broken("FibRgLw")
    ccp_text = _u32(word, lw + 12)
    pos = lw + 4 * cslw
    cb = _u16(word, pos)
    blob = pos + 2
    count = min(cb, (len(word) - blob) // 8)
    pairs = tuple(struct.unpack_from("<II", word, blob + 8 * i) for i in range(count))
    if ccp_text > MAX_CPS:
        raise Refusal("too_large", messages.REFUSE_TOO_MUCH_TEXT.format(
            limit=limits.MAX_DOCUMENT_CHARS))
    return Fib(nfib, False, "1Table" if flags & _F_WHICH_TABLE else "0Table", ccp_text, pairs)


def _u16(buf: bytes, pos: int) -> int:
    return struct.unpack_from("<H", buf, pos)[0]


def _u32(buf: bytes, pos: int) -> int:
    return struct.unpack_from("<I", buf, pos)[0]


def _slice(buf: bytes, fc: int, lcb: int) -> bytes:
    if fc + lcb > len(buf):
        raise _Broken("out of stream")
    return buf[fc:fc + lcb]


# ---------------------------------------------------------------------------------------------
# Piece table: CPs -> characters and their FCs
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    cp_start: int
    cp_end: int
    offset: int             # byte offset of cp_start in the WordDocument stream
    compressed: bool        # 1 byte (cp1252) per character, else 2 (UTF-16LE)
    grpprl: bytes           # properties the piece's Prm adds (complex Prm only)

    def fc(self, cp: int) -> int:
        return self.offset + (cp - self.cp_start) * (1 if self.compressed else 2)


def piece_table(table: bytes, fib: Fib) -> list[Piece]:
    fc, lcb = fib.pair(_FC_CLX)
    clx = _slice(table, fc, lcb)
    if not clx:
        raise _Broken("Clx")
    pos, prcs = 0, []
    while pos < len(clx) and clx[pos] == 0x01:          # Pcr: grpprls the pieces refer to
        size = struct.unpack_from("<h", clx, pos + 1)[0]
        if size < 0:
            raise _Broken("Pcr")
        prcs.append(_slice(clx, pos + 3, size))
        pos += 3 + size
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Broken("Pcdt")
    size = _u32(clx, pos + 1)
    plc = _slice(clx, pos + 5, size)
    n = (size - 4) // 12
    if n < 1 or 4 + 12 * n != size or n > MAX_PIECES:
        raise _Broken("PlcPcd")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for i in range(n):
        _, fc_raw, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
        if cps[i + 1] < cps[i]:
            raise _Broken("CPs")
        compressed = bool(fc_raw & 0x40000000)
        fc_value = fc_raw & 0x3FFFFFFF
        grpprl = b""
        if prm & 1 and (prm >> 1) < len(prcs):
            grpprl = prcs[prm >> 1]
        pieces.append(Piece(cps[i], cps[i + 1], fc_value // 2 if compressed else fc_value,
                            compressed, grpprl))
    return pieces


def main_text(word: bytes, pieces: list[Piece], ccp: int) -> tuple[str, list[Piece]]:
    """The main document's characters (CPs 0 .. ccp) and, per CP, the piece it lies in."""
    parts: list[str] = []
    owner: list[Piece] = []
    for p in pieces:
        if p.cp_start >= ccp:
            break
        count = min(p.cp_end, ccp) - p.cp_start
        if p.compressed:
            parts.append(_cp1252(_slice(word, p.offset, count)))
        else:
            parts.append(_slice(word, p.offset, 2 * count).decode("utf-16-le", "replace"))
        owner.extend([p] * count)
    text = "".join(parts)
    if len(text) != len(owner):
        raise _Broken("text")
    return text, owner


def _cp1252_map() -> dict[int, str]:
    """Compressed pieces are cp1252: Latin-1 but for 0x80 .. 0x9F (its five undefined bytes
    keep their Latin-1 meaning)."""
    out = {}
    for b in range(0x80, 0xA0):
        try:
            out[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return out


_CP1252 = _cp1252_map()


def _cp1252(raw: bytes) -> str:
    return raw.decode("latin-1").translate(_CP1252)


# ---------------------------------------------------------------------------------------------
# Formatted disk pages: PAPX (paragraph) and CHPX (character) properties by FC
# ---------------------------------------------------------------------------------------------

def sprms(grpprl: bytes):
    """(sprm, operand) pairs of a grpprl; stops at a truncated one."""
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = _u16(grpprl, pos)
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        elif sprm == SPRM_T_DEF_TABLE:
            if pos + 2 > len(grpprl):
                return
            size = _u16(grpprl, pos) - 1
            pos += 2
        elif sprm == SPRM_P_CHG_TABS and pos < len(grpprl) and grpprl[pos] == 255:
            return                  # the rare long form; nothing after it is needed
        else:
            if pos >= len(grpprl):
                return
            size = grpprl[pos]
            pos += 1
        if size < 0 or pos + size > len(grpprl):
            return
        yield sprm, grpprl[pos:pos + size]
        pos += size


class _Fkps:
    """The FKP pages a PlcBte points to, read on demand: property runs by FC."""

    def __init__(self, word: bytes, table: bytes, pair: tuple[int, int], papx: bool):
        fc, lcb = pair
        self.word, self.papx = word, papx
        self.pages: dict[int, list[tuple[int, int, bytes]]] = {}
        self.fcs: tuple[int, ...] = ()
        self.pns: tuple[int, ...] = ()
        if lcb < 12 or (lcb - 4) % 8:
            return
        plc = _slice(table, fc, lcb)
        n = (lcb - 4) // 8
        self.fcs = struct.unpack_from(f"<{n + 1}I", plc, 0)
        self.pns = tuple(pn & 0x3FFFFF for pn in struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)))

    @property
    def present(self) -> bool:
        return bool(self.pns)

    def at(self, fc: int) -> bytes:
        """The grpprl in force at ``fc`` (empty when none)."""
        k = bisect_right(self.fcs, fc) - 1
        if k < 0 or k >= len(self.pns):
            return b""
        runs = self._page(self.pns[k])
        starts = [r[0] for r in runs]
        i = bisect_right(starts, fc) - 1
        if i < 0 or fc >= runs[i][1]:
            return b""
        return runs[i][2]

    def _page(self, pn: int) -> list[tuple[int, int, bytes]]:
        if pn not in self.pages:
            self.pages[pn] = self._read_page(_slice(self.word, pn * FKP_SIZE, FKP_SIZE))
        return self.pages[pn]

    def _read_page(self, page: bytes) -> list[tuple[int, int, bytes]]:
        crun = page[FKP_SIZE - 1]
        entry = 13 if self.papx else 1
        if 4 * (crun + 1) + entry * crun > FKP_SIZE - 1:
            raise _Broken("FKP")
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        runs = []
        for i in range(crun):
            offset = 2 * page[4 * (crun + 1) + entry * i]
            runs.append((rgfc[i], rgfc[i + 1], self._props(page, offset) if offset else b""))
        return runs

    def _props(self, page: bytes, offset: int) -> bytes:
        if not self.papx:                           # Chpx: cb, then the grpprl
            return page[offset + 1:offset + 1 + page[offset]]
        cb = page[offset]                            # PapxInFkp: GrpPrlAndIstd
        if cb:
            body = page[offset + 1:offset + 2 * cb]
        else:
            body = page[offset + 2:offset + 2 + 2 * page[offset + 1]]
        return body                                  # the istd, then the grpprl


# ---------------------------------------------------------------------------------------------
# The style sheet (STSH): paragraph style names and their bold, through the base styles
# ---------------------------------------------------------------------------------------------

@dataclass
class _Style:
    name: str
    base: int
    chpx: bytes


class StyleSheet:
    """Styles by istd; a broken style sheet leaves every paragraph unstyled (text is unaffected)."""

    def __init__(self, table: bytes, pair: tuple[int, int]):
        self.styles: dict[int, _Style] = {}
        self._bold: dict[int, bool] = {}
        try:
            self._read(_slice(table, *pair))
        except (_Broken, struct.error, IndexError, UnicodeDecodeError):
            self.styles = {}

    def _read(self, stsh: bytes) -> None:
        if len(stsh) < 6:
            return
        cb_stshi = _u16(stsh, 0)
        cstd, cb_base = struct.unpack_from("<HH", stsh, 2)
        pos = 2 + cb_stshi
        for istd in range(cstd):
            cb = _u16(stsh, pos)
            std = stsh[pos + 2:pos + 2 + cb]
            pos += 2 + cb
            if len(std) >= max(cb_base, 10) + 2:
                self.styles[istd] = _std(std, cb_base)

    def name(self, istd: int) -> str:
        style = self.styles.get(istd)
        return style.name if style is not None else ""

    def bold(self, istd: int) -> bool:
        if istd not in self._bold:
            self._bold[istd] = self._chain_bold(istd)
        return self._bold[istd]

    def _chain_bold(self, istd: int) -> bool:
        chain = []
        for _ in range(MAX_STYLE_CHAIN):
            style = self.styles.get(istd)
            if style is None:
                break
            chain.append(style)
            istd = style.base
        bold = False
        for style in reversed(chain):           # the base first, then what each style changes
            bold = _bold(style.chpx, bold)
        return bold


def _std(std: bytes, cb_base: int) -> _Style:
    """One STD: Stdf (sti, stk, istdBase, cupx ...), the name (Xstz), then the UPXs."""
    sti = _u16(std, 0) & 0x0FFF
    kind_base = _u16(std, 2)
    stk, base = kind_base & 0x000F, kind_base >> 4
    cupx = _u16(std, 4) & 0x000F
    pos = cb_base
    cch = _u16(std, pos)
    name = std[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le")
    pos += 2 + 2 * cch + 2
    upxs = []
    for _ in range(cupx):
        cb = _u16(std, pos)
        upxs.append(std[pos + 2:pos + 2 + cb])
        pos += 2 + cb + (cb & 1)
    chpx = b""
    if stk == 1 and len(upxs) >= 2:             # paragraph style: UpxPapx, UpxChpx
        chpx = upxs[1]
    elif stk == 2 and upxs:                     # character style: UpxChpx
        chpx = upxs[0]
    if 1 <= sti <= 9:                           # the built-in headings, named as in .docx
        name = f"Heading {sti}"
    return _Style(name, base, chpx)


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
        self.styles = StyleSheet(table, fib.pair(_FC_STSH))
        self.paragraph_index = 0
        self.table_index = 0
        self.cells = 0

    def read(self) -> Document:
        pieces = piece_table(self.table, self.fib)
        text, owner = main_text(self.word, pieces, self.fib.ccp_text)
        papx = _Fkps(self.word, self.table, self.fib.pair(_FC_BTE_PAPX), papx=True)
        chpx = _Fkps(self.word, self.table, self.fib.pair(_FC_BTE_CHPX), papx=False)
        units = list(self._units(text, owner, papx, chpx))
        if not papx.present:
            _rows_from_marks(units)
        self._blocks(units)
        return self.document

    # --- text -> paragraph units ---------------------------------------------------------------

    def _units(self, text: str, owner: list[Piece], papx: _Fkps, chpx: _Fkps):
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

    def _unit(self, text: str, owner: list[Piece], start: int, end: int, papx: _Fkps,
              chpx: _Fkps) -> _Unit:
        kept = _visible(text, start, end)
        unit = _Unit(_clean(text[i] for i in kept), text[end] if end < len(text) else "")
        if papx.present and end < len(text):
            piece = owner[end]
            props = papx.at(piece.fc(end))
            istd = _u16(props, 0) if len(props) >= 2 else 0
            _apply_paragraph(unit, _huge(props[2:], self.data) + piece.grpprl)
            unit.style = self.styles.name(istd)
            style_bold = self.styles.bold(istd)
        else:
            style_bold = self.styles.bold(0)
        chars = [i for i in kept if not text[i].isspace()]
        unit.bold = bool(chars) and all(
            _bold(chpx.at(owner[i].fc(i)) + owner[i].grpprl if chpx.present else b"",
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


def _huge(grpprl: bytes, data: bytes) -> bytes:
    """A PAPX too large for its FKP page is an sprmPHugePapx pointing into the Data stream
    (a length, then the grpprl)."""
    for sprm, op in sprms(grpprl):
        if sprm in SPRM_P_HUGE_PAPX and len(op) == 4:
            at = struct.unpack("<I", op)[0]
            if at + 2 <= len(data):
                return grpprl + _slice(data, at + 2, _u16(data, at))
    return grpprl


@dataclass(frozen=True)
class _Props:
    """What the reader needs of a paragraph's properties."""

    depth: int = 0
    ttp: bool = False
    inner_ttp: bool = False
    bounds: tuple[int, ...] = ()
    merges: tuple[tuple[int, int], ...] = ()


def _apply_paragraph(unit: _Unit, grpprl: bytes) -> None:
    props = paragraph_props(grpprl)
    unit.depth = props.depth
    unit.row_end = unit.mark == CELL_MARK and (
        (props.depth == 1 and props.ttp) or (props.depth > 1 and props.inner_ttp))
    unit.bounds, unit.merges = list(props.bounds), list(props.merges)


@functools.lru_cache(maxsize=4096)
def paragraph_props(grpprl: bytes) -> _Props:
    """Table depth (sprmPItap, else sprmPFInTable), the row-end flags (sprmPFTtp,
    sprmPFInnerTtp), and a row's cell boundaries and merge flags (sprmTDefTable,
    sprmTVertMerge). Files repeat the same grpprl for many paragraphs: parsed once."""
    in_table = False
    depth = None
    ttp = inner_ttp = False
    bounds: tuple[int, ...] = ()
    merges: list[tuple[int, int]] = []
    for sprm, op in sprms(grpprl):
        if sprm == SPRM_P_IN_TABLE:
            in_table = op[0] != 0
        elif sprm == SPRM_P_ITAP and len(op) == 4:
            depth = max(0, struct.unpack("<i", op)[0])
        elif sprm == SPRM_P_TTP:
            ttp = op[0] != 0
        elif sprm == SPRM_P_INNER_TTP:
            inner_ttp = op[0] != 0
        elif sprm == SPRM_T_DEF_TABLE:
            bounds, merges = _def_table(op)
        elif sprm == SPRM_T_VERT_MERGE and len(op) >= 3 and op[1] < len(merges):
            merges[op[1]] = (merges[op[1]][0], op[2])
    if depth is None:
        depth = 1 if in_table else 0
    return _Props(depth, ttp, inner_ttp, bounds, tuple(merges))


def _def_table(op: bytes) -> tuple[tuple[int, ...], list[tuple[int, int]]]:
    """sprmTDefTable: itcMac, the itcMac + 1 cell boundaries, then one TC80 per cell (its
    horizontal merge in bits 0-1, its vertical merge in bits 5-6)."""
    if not op or 1 + 2 * (op[0] + 1) > len(op):
        return (), []
    count = op[0]
    bounds = struct.unpack_from(f"<{count + 1}h", op, 1)
    tcs = 1 + 2 * (count + 1)
    merges = []
    for i in range(count):
        at = tcs + 20 * i
        flags = _u16(op, at) if at + 2 <= len(op) else 0
        merges.append((flags & 0x3, (flags >> 5) & 0x3))
    return bounds, merges


@functools.lru_cache(maxsize=4096)
def _bold(grpprl: bytes, style_bold: bool) -> bool:
    """sprmCFBold: 0 / 1 set it, 0x80 keeps the style's, 0x81 inverts it."""
    bold = style_bold
    for sprm, op in sprms(grpprl):
        if sprm == SPRM_C_BOLD:
            bold = {0: False, 1: True, 0x80: style_bold, 0x81: not style_bold}.get(op[0], bold)
    return bold


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
