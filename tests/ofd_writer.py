"""A small OFD writer used only by the tests: a report laid out as a 公文 OFD (GB/T 33190-2016).

No tool here writes OFD, so the tests make their own from the same content as the DOCX: the
DOCX is read by the product's own DOCX reader (paragraphs, and tables with their spans), and
every block is set on A4 pages the way 公文 are set (GB/T 9704: margins 37 / 26 / 35 / 28 mm,
title 22 pt 方正小标宋 centred, body 16 pt 仿宋 with a two-character first-line indent and a
fixed 28 pt line pitch, headings in 黑体, signature right-aligned, page number "— n —" at the
foot). Text is written as positioned TextObjects, one per line, whose TextCode carries X / Y of
the baseline and DeltaX between characters (with the "g" shorthand); tables are positioned text
in each cell plus one PathObject rectangle per cell for the ruling lines; a table that does not
fit the page goes on over the next one, as a layout program breaks it.

    ofd = write_ofd(read(docx_path), out_path)
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
TOP, BOTTOM, LEFT, RIGHT = 37.0, 35.0, 28.0, 26.0
BODY_W = PAGE_W - LEFT - RIGHT
PT = 25.4 / 72                      # millimetres per point
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, FOOT_SIZE = 22 * PT, 16 * PT, 10.5 * PT, 14 * PT
BODY_PITCH, TABLE_PITCH = 28 * PT, 14 * PT
CELL_PAD_X, CELL_PAD_Y, MIN_ROW = 1.2, 1.3, 7.0
FONTS = {1: ("方正小标宋简体", True), 2: ("仿宋_GB2312", False), 3: ("黑体", False),
         4: ("宋体", False)}
TITLE_FONT, BODY_FONT, HEADING_FONT, TABLE_FONT = 1, 2, 3, 4


def advance(ch: str, size: float) -> float:
    """Full width for CJK and full-width forms, half width for the rest."""
    return size if ord(ch) >= 0x2E80 else size * 0.5


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Lines of at most ``width``; a run of Latin letters or digits is never broken (a layout
    program moves the whole word or number to the next line)."""
    lines: list[str] = []
    for part in text.split("\n"):
        line, limit = "", width - indent
        for ch in part:
            if line and _width(line + ch, size) > limit + 1e-6:
                cut = len(line)
                if _word(ch):
                    while cut > 0 and _word(line[cut - 1]):
                        cut -= 1
                    cut = cut or len(line)          # a word longer than the line
                lines.append(line[:cut])
                line, limit = line[cut:], width
            line += ch
        lines.append(line)
    return lines


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _width(text: str, size: float) -> float:
    return sum(advance(ch, size) for ch in text)


def _deltas(text: str, size: float) -> str:
    """DeltaX between the characters of a line, runs of one value written "g n v"."""
    values = [advance(ch, size) for ch in text[:-1]]
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        n = j - i
        out.append(f"g {n} {values[i]:.3f}" if n > 2 else " ".join([f"{values[i]:.3f}"] * n))
        i = j
    return " ".join(out)


@dataclass
class _Page:
    objects: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self):
        self.pages: list[_Page] = []
        self.y = 0.0
        self.next_id = 100
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = TOP

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def text(self, x: float, top: float, line: str, size: float, font: int,
             page: int = -1) -> None:
        """One line of text whose glyph box starts at (x, top)."""
        if not line:
            return
        width = sum(advance(ch, size) for ch in line)
        ascent = size * 0.88
        self.pages[page].objects.append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{x:.3f} {top:.3f} {width:.3f} '
            f'{size * 1.2:.3f}" Font="{font}" Size="{size:.3f}">'
            f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{ascent:.3f}" '
            f'DeltaX="{_deltas(line, size)}">{escape(line)}</ofd:TextCode></ofd:TextObject>')

    def rect(self, x: float, top: float, w: float, h: float, page: int = -1) -> None:
        self.pages[page].objects.append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{x:.3f} {top:.3f} {w:.3f} {h:.3f}" '
            f'LineWidth="0.353"><ofd:AbbreviatedData>M 0 0 L {w:.3f} 0 L {w:.3f} {h:.3f} '
            f'L 0 {h:.3f} C</ofd:AbbreviatedData></ofd:PathObject>')

    def room(self, height: float) -> None:
        if self.y + height > PAGE_H - BOTTOM:
            self.new_page()

    # --- blocks --------------------------------------------------------------------------------

    def paragraph(self, text: str, role: str) -> None:
        if not text.strip():
            self.y += BODY_PITCH / 2
            return
        size = TITLE_SIZE if role == "title" else BODY_SIZE
        font = {"title": TITLE_FONT, "heading": HEADING_FONT}.get(role, BODY_FONT)
        pitch = size * 1.5 if role == "title" else BODY_PITCH
        indent = 2 * size if role in ("body", "heading") else 0.0
        lines = wrap(text.strip(), BODY_W, size, indent)
        for k, line in enumerate(lines):
            self.room(pitch)
            width = sum(advance(ch, size) for ch in line)
            if role == "title":
                x = LEFT + (BODY_W - width) / 2
            elif role == "signature":
                x = PAGE_W - RIGHT - 2 * size - width
            else:
                x = LEFT + (indent if k == 0 else 0.0)
            self.text(x, self.y + (pitch - size) / 2, line, size, font)
            self.y += pitch
        if role == "title":
            self.y += BODY_PITCH

    def table(self, cells: list[tuple[int, int, int, int, str]]) -> None:
        """cells: (row, col, rowspan, colspan, text) on a grid."""
        ncols = max(c + cs for _, c, _, cs, _ in cells)
        nrows = max(r + rs for r, _, rs, _, _ in cells)
        widths = _column_widths(cells, ncols)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = [MIN_ROW] * nrows
        wrapped = {}
        for r, c, rs, cs, text in cells:
            lines = wrap(text, xs[c + cs] - xs[c] - 2 * CELL_PAD_X, TABLE_SIZE)
            wrapped[(r, c)] = lines
            need = len(lines) * TABLE_PITCH + 2 * CELL_PAD_Y
            if rs == 1:
                heights[r] = max(heights[r], need)
        for r, c, rs, cs, text in cells:
            have = sum(heights[r:r + rs])
            need = len(wrapped[(r, c)]) * TABLE_PITCH + 2 * CELL_PAD_Y
            if rs > 1 and need > have:
                heights[r + rs - 1] += need - have
        # each row's page and top; a row that does not fit starts a new page
        placed = []
        for r in range(nrows):
            self.room(heights[r])
            placed.append((len(self.pages) - 1, self.y))
            self.y += heights[r]
        self.y += BODY_PITCH / 2
        for r, c, rs, cs, text in cells:
            self._cell(placed, heights, xs, r, c, rs, cs, wrapped[(r, c)])

    def _cell(self, placed, heights, xs, r, c, rs, cs, lines) -> None:
        """The cell's rectangle on each page its rows reach; its text in the tallest part,
        centred vertically there, a single short line centred horizontally too."""
        parts: dict[int, list[int]] = {}
        for k in range(r, r + rs):
            parts.setdefault(placed[k][0], []).append(k)
        x0, x1 = xs[c], xs[c + cs]
        boxes = {page: (placed[rows[0]][1], sum(heights[k] for k in rows))
                 for page, rows in parts.items()}
        for page, (top, height) in boxes.items():
            self.rect(x0, top, x1 - x0, height, page)
        if not any(lines):
            return
        page, (top, height) = max(boxes.items(), key=lambda item: item[1][1])
        y = top + max(CELL_PAD_Y, (height - len(lines) * TABLE_PITCH) / 2)
        for line in lines:
            x = x0 + CELL_PAD_X
            if len(lines) == 1:
                x = x0 + (x1 - x0 - _width(line, TABLE_SIZE)) / 2
            self.text(x, y + (TABLE_PITCH - TABLE_SIZE) / 2, line, TABLE_SIZE, TABLE_FONT, page)
            y += TABLE_PITCH

    def page_numbers(self) -> None:
        for n in range(len(self.pages)):
            label = f"— {n + 1} —"
            width = sum(advance(ch, FOOT_SIZE) for ch in label)
            self.text((PAGE_W - width) / 2, PAGE_H - BOTTOM + 12, label, FOOT_SIZE, TABLE_FONT, n)


def _column_widths(cells, ncols: int) -> list[float]:
    """Widths in proportion to the longest single-column text (a label up to about 14
    characters), filling the body width."""
    want = [TABLE_SIZE * 2.5] * ncols
    for _, c, _, cs, text in cells:
        if cs == 1:
            longest = max((sum(advance(ch, TABLE_SIZE) for ch in part)
                           for part in text.split("\n")), default=0.0)
            want[c] = max(want[c], min(longest, TABLE_SIZE * 14) + 2 * CELL_PAD_X)
    total = sum(want)
    return [w * BODY_W / total for w in want]


# ---------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------

def _roles(doc) -> list[str]:
    """title for the first paragraph, signature for the short closing lines, heading for bold or
    Heading-styled paragraphs, body for the rest."""
    paragraphs = [b for b in doc.blocks if not hasattr(b, "rows")]
    roles = {}
    for k, p in enumerate(paragraphs):
        if k == 0:
            roles[id(p)] = "title"
        elif p.style.startswith("Heading") or p.bold:
            roles[id(p)] = "heading"
        else:
            roles[id(p)] = "body"
    for p in reversed(paragraphs):
        text = p.text.strip()
        if not text or "。" in text or len(text) > 25 or roles[id(p)] == "heading":
            break
        roles[id(p)] = "signature"
    return [roles.get(id(b), "") for b in doc.blocks]


def write_ofd(doc, out: Path) -> Path:
    """Lay out ``doc`` (a core.model.Document) as an OFD file at ``out``."""
    w = _Writer()
    for block, role in zip(doc.blocks, _roles(doc)):
        if hasattr(block, "rows"):
            w.table([(c.source.row, c.source.col, c.rowspan, c.colspan, c.text)
                     for row in block.rows for c in row])
        else:
            w.paragraph(block.text, role)
    w.page_numbers()
    return _package(w.pages, Path(out))


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def _package(pages: list[_Page], out: Path) -> Path:
    parts = {
        "OFD.xml": _xml(
            f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
            '<ofd:DocID>0c5ba3a4c0a94c5f9f6e2f8a2b1d7e31</ofd:DocID><ofd:Creator>ofd_writer'
            '</ofd:Creator><ofd:CreationDate>2024-01-20</ofd:CreationDate></ofd:DocInfo>'
            '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
        "Doc_0/Document.xml": _xml(
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>99999</ofd:MaxUnitID>'
            f'<ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>'
            + "".join(f'<ofd:Page ID="{k + 1}" BaseLoc="Pages/Page_{k}/Content.xml"/>'
                      for k in range(len(pages)))
            + '</ofd:Pages></ofd:Document>'),
        "Doc_0/PublicRes.xml": _xml(
            f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            + "".join(f'<ofd:Font ID="{i}" FontName="{name}" FamilyName="{name}"'
                      + (' Bold="true"' if bold else "") + "/>"
                      for i, (name, bold) in FONTS.items())
            + '</ofd:Fonts></ofd:Res>'),
    }
    for k, page in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{k}/Content.xml"] = _xml(
            f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{k + 1}">'
            + "".join(page.objects) + '</ofd:Layer></ofd:Content></ofd:Page>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, body.encode("utf-8"))
    return out
