"""The Word binary format ([MS-DOC]): the structures the .doc / .wps reader needs, bounds-checked.

The FIB (at the start of the WordDocument stream) says where everything is and which table
stream (0Table / 1Table) holds it. The piece table (Clx -> PlcPcd) maps character positions
(CPs) to file positions (FCs), each piece 8-bit cp1252 ("compressed") or UTF-16LE. Formatted
disk pages (PlcBtePapx / PlcBteChpx -> FKPs of 512 bytes) give the paragraph and character
properties (grpprls of sprms) in force at an FC; the style sheet (STSH) gives style names and
their base styles. Anything pointing outside its stream raises ``Broken``.
"""
from __future__ import annotations

import functools
import struct
from bisect import bisect_right
from dataclasses import dataclass

from core import messages
from core.model import Refusal
from core.readers import limits

WORD_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C1            # Word 6 / 95 files (nFib 101 .. 105) use another FIB
FKP_SIZE = 512
MAX_CPS = 2 * limits.MAX_DOCUMENT_CHARS     # characters incl. marks and field codes
MAX_PIECES = 200_000
MAX_STYLE_CHAIN = 20
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
PAIR_STSH, PAIR_CLX, PAIR_BTE_CHPX, PAIR_BTE_PAPX = 1, 33, 12, 13    # in FibRgFcLcb97

SPRM_C_BOLD = 0x0835
SPRM_P_IN_TABLE = 0x2416
SPRM_P_TTP = 0x2417
SPRM_P_INNER_TTP = 0x244C
SPRM_P_ITAP = 0x6649
SPRM_T_DEF_TABLE = 0xD608
SPRM_T_VERT_MERGE = 0xD62B
SPRM_P_CHG_TABS = 0xC615
SPRM_P_HUGE_PAPX = (0x6645, 0x6646)     # the PAPX is too large for its page: in the Data stream


class Broken(Exception):
    """A structure that points outside its stream or contradicts itself."""


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
        raise Broken("FIB")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise Broken("wIdent")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _F_ENCRYPTED:
        raise Refusal("encrypted", messages.REFUSE_ENCRYPTED)
    if nfib < NFIB_WORD97:
        raise Refusal("legacy_format", messages.REFUSE_LEGACY_WORD6)
    pos = 0x20
    csw = u16(word, pos)
    pos += 2 + 2 * csw
    cslw = u16(word, pos)
    lw = pos + 2
    if cslw < 4:
        raise Broken("FibRgLw")
    ccp_text = u32(word, lw + 12)
    pos = lw + 4 * cslw
    cb = u16(word, pos)
    blob = pos + 2
    count = min(cb, (len(word) - blob) // 8)
    pairs = tuple(struct.unpack_from("<II", word, blob + 8 * i) for i in range(count))
    if ccp_text > MAX_CPS:
        raise Refusal("too_large", messages.REFUSE_TOO_MUCH_TEXT.format(
            limit=limits.MAX_DOCUMENT_CHARS))
    return Fib(nfib, False, "1Table" if flags & _F_WHICH_TABLE else "0Table", ccp_text, pairs)


def u16(buf: bytes, pos: int) -> int:
    return struct.unpack_from("<H", buf, pos)[0]


def u32(buf: bytes, pos: int) -> int:
    return struct.unpack_from("<I", buf, pos)[0]


def read_slice(buf: bytes, fc: int, lcb: int) -> bytes:
    if fc + lcb > len(buf):
        raise Broken("out of stream")
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
    fc, lcb = fib.pair(PAIR_CLX)
    clx = read_slice(table, fc, lcb)
    if not clx:
        raise Broken("Clx")
    pos, prcs = 0, []
    while pos < len(clx) and clx[pos] == 0x01:          # Pcr: grpprls the pieces refer to
        size = struct.unpack_from("<h", clx, pos + 1)[0]
        if size < 0:
            raise Broken("Pcr")
        prcs.append(read_slice(clx, pos + 3, size))
        pos += 3 + size
    if pos >= len(clx) or clx[pos] != 0x02:
        raise Broken("Pcdt")
    size = u32(clx, pos + 1)
    plc = read_slice(clx, pos + 5, size)
    n = (size - 4) // 12
    if n < 1 or 4 + 12 * n != size or n > MAX_PIECES:
        raise Broken("PlcPcd")
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for i in range(n):
        _, fc_raw, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
        if cps[i + 1] < cps[i]:
            raise Broken("CPs")
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
            parts.append(_cp1252(read_slice(word, p.offset, count)))
        else:
            parts.append(read_slice(word, p.offset, 2 * count).decode("utf-16-le", "replace"))
        owner.extend([p] * count)
    text = "".join(parts)
    if len(text) != len(owner):
        raise Broken("text")
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
        sprm = u16(grpprl, pos)
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
            size = u16(grpprl, pos) - 1
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


class Fkps:
    """The FKP pages a PlcBte points to, read on demand: property runs by FC."""

    def __init__(self, word: bytes, table: bytes, pair: tuple[int, int], papx: bool):
        fc, lcb = pair
        self.word, self.papx = word, papx
        self.pages: dict[int, list[tuple[int, int, bytes]]] = {}
        self.fcs: tuple[int, ...] = ()
        self.pns: tuple[int, ...] = ()
        if lcb < 12 or (lcb - 4) % 8:
            return
        plc = read_slice(table, fc, lcb)
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
            self.pages[pn] = self._read_page(read_slice(self.word, pn * FKP_SIZE, FKP_SIZE))
        return self.pages[pn]

    def _read_page(self, page: bytes) -> list[tuple[int, int, bytes]]:
        crun = page[FKP_SIZE - 1]
        entry = 13 if self.papx else 1
        if 4 * (crun + 1) + entry * crun > FKP_SIZE - 1:
            raise Broken("FKP")
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
            self._read(read_slice(table, *pair))
        except (Broken, struct.error, IndexError, UnicodeDecodeError):
            self.styles = {}

    def _read(self, stsh: bytes) -> None:
        if len(stsh) < 6:
            return
        cb_stshi = u16(stsh, 0)
        cstd, cb_base = struct.unpack_from("<HH", stsh, 2)
        pos = 2 + cb_stshi
        for istd in range(cstd):
            cb = u16(stsh, pos)
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
            bold = char_bold(style.chpx, bold)
        return bold


def _std(std: bytes, cb_base: int) -> _Style:
    """One STD: Stdf (sti, stk, istdBase, cupx ...), the name (Xstz), then the UPXs."""
    sti = u16(std, 0) & 0x0FFF
    kind_base = u16(std, 2)
    stk, base = kind_base & 0x000F, kind_base >> 4
    cupx = u16(std, 4) & 0x000F
    pos = cb_base
    cch = u16(std, pos)
    name = std[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le")
    pos += 2 + 2 * cch + 2
    upxs = []
    for _ in range(cupx):
        cb = u16(std, pos)
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
# Paragraph and character properties
# ---------------------------------------------------------------------------------------------

def huge_papx(grpprl: bytes, data: bytes) -> bytes:
    """A PAPX too large for its FKP page is an sprmPHugePapx pointing into the Data stream
    (a length, then the grpprl)."""
    for sprm, op in sprms(grpprl):
        if sprm in SPRM_P_HUGE_PAPX and len(op) == 4:
            at = struct.unpack("<I", op)[0]
            if at + 2 <= len(data):
                return grpprl + read_slice(data, at + 2, u16(data, at))
    return grpprl


@dataclass(frozen=True)
class Props:
    """What the reader needs of a paragraph's properties."""

    depth: int = 0
    ttp: bool = False
    inner_ttp: bool = False
    bounds: tuple[int, ...] = ()
    merges: tuple[tuple[int, int], ...] = ()


@functools.lru_cache(maxsize=4096)
def paragraph_props(grpprl: bytes) -> Props:
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
    return Props(depth, ttp, inner_ttp, bounds, tuple(merges))


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
        flags = u16(op, at) if at + 2 <= len(op) else 0
        merges.append((flags & 0x3, (flags >> 5) & 0x3))
    return bounds, merges


@functools.lru_cache(maxsize=4096)
def char_bold(grpprl: bytes, style_bold: bool) -> bool:
    """sprmCFBold: 0 / 1 set it, 0x80 keeps the style's, 0x81 inverts it."""
    bold = style_bold
    for sprm, op in sprms(grpprl):
        if sprm == SPRM_C_BOLD:
            bold = {0: False, 1: True, 0x80: style_bold, 0x81: not style_bold}.get(op[0], bold)
    return bold
