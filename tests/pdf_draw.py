"""Draw a report as a PDF directly, the way WPS/Word export one (no LibreOffice in between).

A minimal PDF writer: A4 pages; text in a Type0 font (CIDFontType0, Identity-H: the codes are
the glyph ids of the CJK font installed on this machine, Noto Sans CJK SC from fonts-noto-cjk),
with the font's real advance widths (/W) and a ToUnicode CMap so that the text layer reads as
the characters drawn. The font program is not embedded (the CJK font's CFF table is ~17 MB and
there is no subsetter among the project's dependencies); a viewer uses the installed font.

Tables are drawn as WPS draws them: every cell's border as its own path segments (m/l/S) or
as thin filled rectangles (re f), each cell's text lines centred in the cell. 表三 is broken over two pages with its three header
rows repeated on the second page (or, as Word does by default, not); every page carries a
centred page number ("- N -", "— N —", "第 N 页 共 M 页" or "N").
"""
from __future__ import annotations

import bisect
import io
import random
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tests import builder as b

FONT_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
FONT_FACE = "NotoSansCJKsc-Regular"
PAGE_W, PAGE_H = 595.28, 841.89          # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80.0, 72.0, 80.0
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = 12.0, 18.0, 8.5
PAGE_NUMBERS = ("- {n} -", "- {n} -", "— {n} —", "第 {n} 页 共 {total} 页", "{n}")
PITCH = 1.6                               # body line pitch / font size
CELL_PAD = 2.5


# ---------------------------------------------------------------------------------------------
# The font: glyph ids and advance widths from the installed OpenType collection
# ---------------------------------------------------------------------------------------------

def font_path() -> Path | None:
    for p in FONT_CANDIDATES:
        if Path(p).exists():
            return Path(p)
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
                             capture_output=True, text=True, check=False).stdout.strip()
        if out.endswith((".ttc", ".otf")) and Path(out).exists():
            return Path(out)
    return None


class Font:
    """cmap (Unicode -> glyph id) and hmtx (advance widths) of one face of an sfnt/ttc file."""

    def __init__(self, path: Path, face: str = FONT_FACE):
        data = path.read_bytes()
        offsets = [0]
        if data[:4] == b"ttcf":
            n = struct.unpack(">I", data[8:12])[0]
            offsets = list(struct.unpack(f">{n}I", data[12:12 + 4 * n]))
        for off in offsets:
            tables = self._tables(data, off)
            if self._ps_name(data, tables["name"]) == face or len(offsets) == 1:
                break
        else:
            raise ValueError(f"{path}: no face {face}")
        self.name = self._ps_name(data, tables["name"])
        self.units = struct.unpack(">H", data[tables["head"] + 18:tables["head"] + 20])[0]
        hhea = tables["hhea"]
        self.ascent, self.descent = struct.unpack(">hh", data[hhea + 4:hhea + 8])
        n_metrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        hmtx = tables["hmtx"]
        self.advances = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0]
                         for i in range(n_metrics)]
        self._groups = self._cmap(data, tables["cmap"])
        self._starts = [g[0] for g in self._groups]

    @staticmethod
    def _tables(data: bytes, off: int) -> dict[str, int]:
        n = struct.unpack(">H", data[off + 4:off + 6])[0]
        out = {}
        for i in range(n):
            rec = off + 12 + 16 * i
            tag = data[rec:rec + 4].decode("latin-1")
            out[tag] = struct.unpack(">I", data[rec + 8:rec + 12])[0]
        return out

    @staticmethod
    def _ps_name(data: bytes, name: int) -> str:
        count, strings = struct.unpack(">HH", data[name + 2:name + 6])
        for i in range(count):
            pid, _eid, _lid, nid, length, off = struct.unpack(
                ">6H", data[name + 6 + 12 * i:name + 18 + 12 * i])
            if nid == 6:
                raw = data[name + strings + off:name + strings + off + length]
                return raw.decode("utf-16-be") if pid == 3 else raw.decode("latin-1")
        return ""

    @staticmethod
    def _cmap(data: bytes, cmap: int) -> list[tuple[int, int, int]]:
        """(start, end, start glyph) groups of the format 12 Unicode subtable."""
        n = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
        for i in range(n):
            _pid, _eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
            sub = cmap + off
            if struct.unpack(">H", data[sub:sub + 2])[0] == 12:
                ngroups = struct.unpack(">I", data[sub + 12:sub + 16])[0]
                return [struct.unpack(">III", data[sub + 16 + 12 * k:sub + 28 + 12 * k])
                        for k in range(ngroups)]
        raise ValueError("no format 12 cmap")

    def gid(self, ch: str) -> int:
        cp = ord(ch)
        k = bisect.bisect_right(self._starts, cp) - 1
        if k >= 0:
            start, end, glyph = self._groups[k]
            if cp <= end:
                return glyph + cp - start
        return 0

    def width(self, gid: int) -> int:
        """Advance in 1/1000 em."""
        adv = self.advances[min(gid, len(self.advances) - 1)]
        return round(adv * 1000 / self.units)

    def text_width(self, text: str, size: float) -> float:
        return sum(self.width(self.gid(ch)) for ch in text) * size / 1000


@lru_cache(maxsize=2)
def load_font(bold: bool = False) -> Font:
    """The regular face; ``bold``: the bold face of the same family when installed (WPS sets
    titles and headings in a bold or 黑体 face), else the regular one."""
    path = font_path()
    if path is None:
        raise FileNotFoundError("no CJK font (install fonts-noto-cjk)")
    if bold:
        heavy = path.with_name(path.name.replace("Regular", "Bold"))
        if heavy.exists() and heavy != path:
            return Font(heavy, FONT_FACE.replace("Regular", "Bold"))
    return Font(path)


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------

class Canvas:
    """Pages of content-stream operators; text through ``font``, records the glyphs used."""

    def __init__(self, fonts: list[Font], rules: str = "stroke"):
        self.fonts = fonts            # /F1, /F2...: the first is the body face
        self.font = fonts[0]          # the face text() and wrap() use now
        self.rules = rules            # "stroke": m/l/S segments; "rect": thin filled rectangles
        self.pages: list[list[str]] = []
        self.used: list[dict[int, str]] = [{} for _ in fonts]
        self.new_page()

    def use(self, index: int):
        self.font = self.fonts[index]

    def new_page(self):
        self.pages.append([])
        self.y = PAGE_H - MARGIN_TOP

    def text(self, x: float, y: float, text: str, size: float, page: int = -1):
        """``text`` with its baseline at (x, y) in PDF coordinates."""
        codes = []
        k = self.fonts.index(self.font)
        for ch in text:
            g = self.font.gid(ch)
            self.used[k].setdefault(g, ch)
            codes.append(f"{g:04x}")
        self.pages[page].append(f"BT /F{k + 1} {size:.2f} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{''.join(codes)}> Tj ET")

    def line(self, x0, y0, x1, y1):
        if self.rules == "rect":      # WPS often fills a 0.5 pt rectangle for each rule
            x, y = min(x0, x1) - 0.25, min(y0, y1) - 0.25
            w, h = abs(x1 - x0) + 0.5, abs(y1 - y0) + 0.5
            self.pages[-1].append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
        else:
            self.pages[-1].append(f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, cur, w = [], "", 0.0
        for ch in text:
            cw = self.font.text_width(ch, size)
            if cur and w + cw > width:
                lines.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += cw
        if cur or not lines:
            lines.append(cur)
        return lines

    def ensure(self, height: float):
        if self.y - height < MARGIN_BOTTOM:
            self.new_page()

    def paragraph(self, text: str, size: float = BODY_SIZE, align: str = "indent"):
        width = PAGE_W - 2 * MARGIN_X
        first = 2 * size if align == "indent" else 0
        lines = self.wrap(text, width - first, size)
        if len(lines) > 1:                 # the first line is indented, the rest are not
            rest = self.wrap(text[len(lines[0]):], width, size)
            lines = lines[:1] + rest
        for i, line in enumerate(lines):
            self.ensure(size * PITCH)
            self.y -= size * PITCH
            w = self.font.text_width(line, size)
            if align == "center":
                x = (PAGE_W - w) / 2
            elif align == "right":
                x = PAGE_W - MARGIN_X - w
            else:
                x = MARGIN_X + (first if i == 0 else 0)
            self.text(x, self.y + size * 0.25, line, size)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

COL_SHARES = {"t2": [3, 2, 2, 2], "t3": [1.1, 1.1, 3.6] + [1.0] * 7, "t4": [1.0] * 15}


@dataclass
class Placed:
    grid: b.Grid
    widths: list[float]
    heights: list[float]


def _layout(canvas: Canvas, grid: b.Grid, size: float) -> Placed:
    shares = COL_SHARES.get(grid.table, [1.0] * grid.ncols)
    if len(shares) != grid.ncols:
        shares = [1.0] * grid.ncols
    total = PAGE_W - 2 * MARGIN_X + 30
    widths = [total * s / sum(shares) for s in shares]
    heights = [size * 1.9] * len(grid.rows)
    spanned = []
    for r, c, cell in grid.anchors():
        w = sum(widths[c:c + cell.colspan]) - 2 * CELL_PAD
        need = len(canvas.wrap(cell.text, w, size)) * size * 1.3 + 2 * CELL_PAD
        if cell.rowspan == 1:
            heights[r] = max(heights[r], need)
        else:
            spanned.append((r, cell.rowspan, need))
    for r, span, need in spanned:
        have = sum(heights[r:r + span])
        if need > have:
            heights[r + span - 1] += need - have
    return Placed(grid, widths, heights)


def draw_grid(canvas: Canvas, placed: Placed, size: float = TABLE_SIZE):
    grid, widths, heights = placed.grid, placed.widths, placed.heights
    x0 = (PAGE_W - sum(widths)) / 2
    top = canvas.y
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    for r, c, cell in grid.anchors():
        left, right = xs[c], xs[c + cell.colspan]
        upper, lower = ys[r], ys[r + cell.rowspan]
        canvas.line(left, upper, right, upper)
        canvas.line(left, lower, right, lower)
        canvas.line(left, lower, left, upper)
        canvas.line(right, lower, right, upper)
        lines = canvas.wrap(cell.text, right - left - 2 * CELL_PAD, size) if cell.text else []
        block = len(lines) * size * 1.3
        y = (upper + lower) / 2 + block / 2 - size
        for line in lines:
            w = canvas.font.text_width(line, size)
            canvas.text((left + right) / 2 - w / 2, y, line, size)
            y -= size * 1.3
    canvas.y = ys[-1]


def draw_t3_broken(canvas: Canvas, content, rng: random.Random):
    """表三 over two pages: as many rows as fit (at most up to a row chosen at random in the
    result rows), then a page break, mostly the three header rows again, and the rest."""
    from tests.degrade import t3_grid, t3_specs

    specs = t3_specs(content)
    size = TABLE_SIZE
    full = _layout(canvas, t3_grid(content), size)
    header_h = sum(full.heights[:3])
    keys = [s.key for s in specs]
    latest = rng.randrange(keys.index("r3_3"), keys.index("r5_2"))
    room = canvas.y - MARGIN_BOTTOM - header_h
    cut = 0
    while cut < latest and room - full.heights[3 + cut] > 0:
        room -= full.heights[3 + cut]
        cut += 1
    if cut < 2:                          # not even two rows fit: the table starts on a new page
        canvas.new_page()
        room = canvas.y - MARGIN_BOTTOM - header_h
        cut = 0
        while cut < latest and room - full.heights[3 + cut] > 0:
            room -= full.heights[3 + cut]
            cut += 1
    first = t3_grid(content, specs=specs[:cut])
    # WPS repeats the header rows when the table says so ("标题行重复"); Word by default not
    second = t3_grid(content, top_header=rng.random() < 0.7, specs=specs[cut:])
    draw_grid(canvas, _layout(canvas, first, size), size)
    canvas.new_page()
    draw_grid(canvas, _layout(canvas, second, size), size)


def draw_table(canvas: Canvas, grid: b.Grid, size: float = TABLE_SIZE):
    placed = _layout(canvas, grid, size)
    canvas.ensure(sum(placed.heights))
    draw_grid(canvas, placed, size)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------

def render_pdf(content, rng: random.Random) -> bytes:
    from tests.degrade import grids

    canvas = Canvas([load_font(), load_font(bold=True)], rng.choice(["stroke", "rect"]))
    for kind, text in b.flow(content):
        if kind == "title":
            canvas.y -= 20
            canvas.use(1)
            canvas.paragraph(text, TITLE_SIZE, "center")
            canvas.use(0)
            canvas.y -= 10
        elif kind == "heading":
            canvas.use(1)
            canvas.paragraph(text, BODY_SIZE, "left")
            canvas.use(0)
        elif kind == "sub":
            canvas.paragraph(text, BODY_SIZE, "indent")
        elif kind == "sig":
            canvas.paragraph(text, BODY_SIZE, "right")
        elif kind == "table":
            canvas.y -= 6
            if text == "t3":
                draw_t3_broken(canvas, content, rng)
            else:
                for g in grids(content, text):
                    draw_table(canvas, g)
            canvas.y -= 6
        else:
            canvas.paragraph(text, BODY_SIZE, "indent")
    style = rng.choice(PAGE_NUMBERS)
    for n in range(len(canvas.pages)):                    # page numbers, as WPS puts them
        label = style.format(n=n + 1, total=len(canvas.pages))
        w = canvas.font.text_width(label, 10.5)
        canvas.text((PAGE_W - w) / 2, MARGIN_BOTTOM / 2, label, 10.5, page=n)
    return write_pdf(canvas, title=content.title, author=content.agency)


def _to_unicode(used: dict[int, str]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(used.items())
    for k in range(0, len(items), 100):
        chunk = items[k:k + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, ch in chunk:
            lines.append(f"<{gid:04x}> <{ch.encode('utf-16-be').hex()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data, 6)
    return (f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
            + packed + b"\nendstream")


def _pdf_text(s: str) -> str:
    return "<feff" + s.encode("utf-16-be").hex() + ">"


def _font_objects(font: Font, used: dict[int, str], first: int) -> list[bytes]:
    """Type0 font, CIDFontType0, descriptor and ToUnicode as objects ``first``..``first + 3``."""
    widths = " ".join(f"{g} [{font.width(g)}]" for g in sorted(used))
    return [
        (f"<< /Type /Font /Subtype /Type0 /BaseFont /{font.name} /Encoding /Identity-H "
         f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 3} 0 R >>").encode(),
        (f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{font.name} "
         f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
         f"/FontDescriptor {first + 2} 0 R /DW 1000 /W [{widths}] >>").encode(),
        (f"<< /Type /FontDescriptor /FontName /{font.name} /Flags 4 "
         f"/FontBBox [-1000 -300 3000 1100] /ItalicAngle 0 /Ascent {font.ascent} "
         f"/Descent {font.descent} /CapHeight 733 /StemV 80 >>").encode(),
        _stream(_to_unicode(used)),
    ]


def write_pdf(canvas: Canvas, title: str = "", author: str = "") -> bytes:
    n_pages = len(canvas.pages)
    # objects: 1 catalog, 2 pages, 3 info, four per font, then per page: page, contents
    first_page = 4 + 4 * len(canvas.fonts)
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages))
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode(),
        (f"<< /Title {_pdf_text(title)} /Author {_pdf_text(author)} "
         f"/Creator {_pdf_text('WPS 文字')} /Producer (degrade.py) "
         f"/CreationDate (D:20240120090000+08'00') >>").encode(),
    ]
    for k, font in enumerate(canvas.fonts):
        objs += _font_objects(font, canvas.used[k], 4 + 4 * k)
    resources = " ".join(f"/F{k + 1} {4 + 4 * k} 0 R" for k in range(len(canvas.fonts)))
    for i, ops in enumerate(canvas.pages):
        content = ("0.5 w 0 G\n" + "\n".join(o for o in ops if o)).encode("ascii")
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                     f"/Resources << /Font << {resources} >> >> "
                     f"/Contents {first_page + 2 * i + 1} 0 R >>").encode())
        objs.append(_stream(content))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, xref))
    return out.getvalue()
