"""Geometry for the PDF reader: characters to lines, ruled tables to cell grids, rows of numbers
to tables.

Plain data in, plain data out: a ``Glyph`` is one character with its box, a ``Line`` is glyphs on
one baseline, a ``Fragment`` is the part of a table that stands on one page. The chain is
``glyphs_from_chars`` -> ``ruled_fragments`` (cells of tables drawn with lines) ->
``group_lines`` (everything else) -> ``unruled_fragments`` (rows of numbers aligned in columns).
Cell text is always built from the glyphs inside the cell's box, never from the text stream, so
the digits of two neighbouring cells cannot run together.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# Kangxi radicals and compatibility ideographs that some fonts map their glyphs to (a PDF made by
# Qt or Chrome shows "⼀、总体情况" for "一、总体情况"): NFKC gives the ordinary ideograph. The
# radicals supplement has no NFKC form; those that stand for a whole character are listed.
_RADICALS = dict(zip(
    "\u2e81\u2e87\u2e8c\u2e8d\u2e93\u2e9d\u2e9f\u2ea0\u2ea9\u2eac\u2ec1\u2ec4\u2ec5\u2ec6"
    "\u2ec9\u2ecb\u2ed1\u2ed3\u2ed4\u2ed8\u2ed9\u2eda\u2edb\u2edc\u2edd\u2ee2\u2ee3\u2ee4"
    "\u2ee5\u2ee6\u2ee7\u2ee8\u2ee9\u2eea\u2eec\u2eee\u2ef0\u2ef3",
    "厂几小小幺月母民王示虎西见角贝车長长门青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟"))
_BOLD_MARKERS = ("bold", "black", "heavy", "hei", "黑体", "黑", "demi")
_VALUE = re.compile(r"^[+-]?[\d０-９][\d０-９,，.．]*\s*(?:件|个|条|份|次|项|万元|元)?$")
SPACE = " "
_PLACEHOLDER = {"/", "／", "—", "——", "-", "－", "–", "无", "\\", "×"}


@dataclass(frozen=True)
class LayoutSettings:
    """Tolerances of the geometry, in points or as a share of the font size."""

    line_overlap: float = 0.45      # glyphs share a line when they overlap vertically this much
    space_gap: float = 0.25         # a gap wider than this x size is a space (between Latin/digits)
    cjk_space_gap: float = 1.2      # ... and between two CJK glyphs (justified text spreads them)
    segment_gap: float = 0.6        # a gap wider than this x size separates two cells of a row
    grid_tolerance: float = 2.0     # edges closer than this are one grid line
    min_numbers_in_row: int = 2     # an unruled row has at least this many number cells
    min_numbers_alone: int = 4      # a single unruled row needs this many to count as a table
    column_tolerance: float = 1.2   # x size: number cells with centres this close share a column


DEFAULT_LAYOUT = LayoutSettings()


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    space_before: bool = False      # the PDF has a space character between this and the last

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    glyphs: list[Glyph]
    page: int
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class FragmentCell:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]
    page: int = 0


@dataclass
class Fragment:
    """The part of one table that stands on one page: cells on a grid of ``nrows`` x ``ncols``."""

    page: int
    box: tuple[float, float, float, float]
    nrows: int
    ncols: int
    cells: list[FragmentCell] = field(default_factory=list)
    ruled: bool = True
    xs: list[float] = field(default_factory=list)   # column edges (ruled) or centres (unruled)
    numbers_left: float = 0.0                         # unruled: where the number columns begin

    @property
    def top(self) -> float:
        return self.box[1]

    def row_texts(self, r: int) -> tuple[str, ...]:
        return tuple(c.text for c in sorted(self.cells, key=lambda c: c.col) if c.row == r)


# --- glyphs and lines ----------------------------------------------------------------------------

def is_cjk(ch: str) -> bool:
    return bool(ch) and ord(ch[0]) >= 0x2E80


def _plain(text: str) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
            ch = _RADICALS.get(ch) or unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def font_is_bold(fontname: str) -> bool:
    """'ABCDEF+NotoSansCJK-Bold', 'SimHei', '黑体' (also when written as GBK bytes) are bold."""
    name = fontname.split("+", 1)[-1]
    if "#" in name:
        try:
            name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]),
                          name.encode("latin-1")).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    elif any(0x80 <= ord(ch) <= 0xFF for ch in name):
        try:
            name = name.encode("latin-1").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    lower = name.lower()
    return any(m in lower for m in _BOLD_MARKERS)


def glyphs_from_chars(chars: list[dict], width: float, height: float) -> tuple[list[Glyph], int]:
    """Visible, upright glyphs inside the page; returns them and the count of unmapped ones."""
    bold_cache: dict[str, bool] = {}
    out: list[Glyph] = []
    unmapped = 0
    for c in chars:
        text = c["text"]
        if not text or not c.get("upright", True):
            continue
        if text.isspace():
            text = SPACE            # kept as a marker between words (see make_line)
        if text.startswith("(cid:"):
            unmapped += 1
            continue
        x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        if not (0 <= (x0 + x1) / 2 <= width and 0 <= (top + bottom) / 2 <= height):
            continue        # drawn outside the page (Qt paints the whole flow, clipped)
        font = c.get("fontname", "")
        bold = bold_cache.get(font)
        if bold is None:
            bold = bold_cache[font] = font_is_bold(font)
        out.append(Glyph(_plain(text), x0, x1, top, bottom, c.get("size") or (bottom - top), bold))
    return out, unmapped


def has_text(glyphs: list[Glyph]) -> bool:
    return any(g.text != SPACE for g in glyphs)


def group_lines(glyphs: list[Glyph], page: int, settings: LayoutSettings = DEFAULT_LAYOUT
                ) -> list[Line]:
    """Glyphs to lines: sorted by top, a glyph joins the line it overlaps vertically."""
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        placed = False
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = spans[k]
            overlap = min(bottom, g.bottom) - max(top, g.top)
            if overlap >= settings.line_overlap * min(bottom - top, g.bottom - g.top):
                lines[k].append(g)
                spans[k] = (min(top, g.top), max(bottom, g.bottom))
                placed = True
                break
        if not placed:
            lines.append([g])
            spans.append((g.top, g.bottom))
    return [line for gs in lines if (line := make_line(gs, page, settings)) is not None]


def make_line(glyphs: list[Glyph], page: int, settings: LayoutSettings = DEFAULT_LAYOUT
              ) -> Line | None:
    """A line of visible glyphs in x order; a space character only marks the next glyph as
    following a space (so a single space between two numbers is never lost). None when the
    line is all spaces."""
    visible: list[Glyph] = []
    spaced = False
    for g in sorted(glyphs, key=lambda g: (g.x0, g.text != SPACE)):
        if g.text == SPACE:
            spaced = bool(visible)
            continue
        if spaced:
            g.space_before, spaced = True, False
        visible.append(g)
    if not visible:
        return None
    glyphs = _dedupe(visible)
    sizes = [g.size for g in glyphs]
    line = Line(glyphs, page)
    line.text = join_glyphs(glyphs, settings)
    line.x0 = min(g.x0 for g in glyphs)
    line.x1 = max(g.x1 for g in glyphs)
    line.top = min(g.top for g in glyphs)
    line.bottom = max(g.bottom for g in glyphs)
    line.size = statistics.median(sizes)
    line.bold = all(g.bold for g in glyphs)
    return line


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """A glyph printed twice at almost the same place (a 'fake bold') counts once, as bold."""
    out: list[Glyph] = []
    for g in glyphs:
        if out and out[-1].text == g.text and abs(out[-1].x0 - g.x0) < 0.3 * (g.x1 - g.x0) \
                and abs(out[-1].top - g.top) < 0.3 * g.size:
            out[-1].bold = True
            continue
        out.append(g)
    return out


def join_glyphs(glyphs: list[Glyph], settings: LayoutSettings = DEFAULT_LAYOUT) -> str:
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            size = max(prev.size, g.size)
            both_cjk = is_cjk(prev.text[-1]) and is_cjk(g.text[0])
            if g.space_before or gap > (settings.cjk_space_gap if both_cjk
                                        else settings.space_gap) * size:
                parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def join_lines(texts: list[str]) -> str:
    """Wrapped lines of one paragraph or cell: no space between Chinese, one between words."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(t[0])) and not out.endswith("-"):
            out += " "
        out += t
    return out


# --- ruled tables --------------------------------------------------------------------------------

def cluster(values: list[float], tolerance: float) -> list[float]:
    """Distinct positions: values closer than ``tolerance`` collapse to their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def grid_cells(boxes: list[tuple[float, float, float, float]],
               settings: LayoutSettings = DEFAULT_LAYOUT):
    """Cell boxes to (xs, ys, [(row, col, rowspan, colspan, box)]): the grid of distinct edges."""
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], settings.grid_tolerance)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], settings.grid_tolerance)
    placed = []
    for b in boxes:
        c0, c1 = _nearest(xs, b[0]), _nearest(xs, b[2])
        r0, r1 = _nearest(ys, b[1]), _nearest(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        placed.append((r0, c0, r1 - r0, c1 - c0, b))
    return xs, ys, placed


def _clip(boxes, width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Cell boxes cut to the page; a cell (nearly) outside it is dropped."""
    out = []
    for x0, top, x1, bottom in boxes:
        x0, top, x1, bottom = max(x0, 0.0), max(top, 0.0), min(x1, width), min(bottom, height)
        if x1 - x0 > 1 and bottom - top > 1:
            out.append((x0, top, x1, bottom))
    return out


def ruled_fragments(table_boxes: list[list[tuple]], glyphs: list[Glyph], page: int,
                    settings: LayoutSettings = DEFAULT_LAYOUT, width: float = float("inf"),
                    height: float = float("inf")) -> tuple[list[Fragment], list[Glyph]]:
    """Tables from the cell boxes pdfplumber found along drawn lines; the glyphs left over.

    Every glyph whose centre lies in a table's box belongs to that table (to its cell, or to no
    cell when it falls in a gap of the grid); only the others can form paragraphs.
    """
    fragments: list[Fragment] = []
    taken: set[int] = set()
    for boxes in table_boxes:
        boxes = _clip(boxes, width, height)
        if len(boxes) < 2:
            continue
        xs, ys, placed = grid_cells(boxes, settings)
        if len(xs) < 3 or len(ys) < 2 or len(placed) < 2:
            continue        # a framed paragraph, not a table
        box = (xs[0], ys[0], xs[-1], ys[-1])
        slot: dict[tuple[int, int], int] = {}
        for k, (r, c, rs, cs, _) in enumerate(placed):
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    slot.setdefault((rr, cc), k)
        members: list[list[Glyph]] = [[] for _ in placed]
        inside = []
        for gi, g in enumerate(glyphs):
            cx, cy = g.cx, g.cy
            if not (box[0] <= cx <= box[2] and box[1] <= cy <= box[3]):
                continue
            inside.append(gi)
            col = min(max(bisect_right(xs, cx) - 1, 0), len(xs) - 2)
            row = min(max(bisect_right(ys, cy) - 1, 0), len(ys) - 2)
            k = slot.get((row, col))
            if k is not None:
                members[k].append(g)
        if not has_text([glyphs[i] for i in inside]):
            continue        # an empty frame
        taken.update(inside)
        frag = Fragment(page, box, len(ys) - 1, len(xs) - 1, ruled=True, xs=xs)
        for (r, c, rs, cs, b), gs in zip(placed, members):
            frag.cells.append(FragmentCell(cell_text(gs, page, settings), r, c, rs, cs, tuple(b),
                                           page))
        frag.cells.sort(key=lambda fc: (fc.row, fc.col))
        fragments.append(frag)
    rest = [g for i, g in enumerate(glyphs) if i not in taken]
    return fragments, rest


def cell_text(glyphs: list[Glyph], page: int, settings: LayoutSettings = DEFAULT_LAYOUT) -> str:
    if not glyphs:
        return ""
    return join_lines([ln.text for ln in group_lines(glyphs, page, settings)])


# --- tables without (complete) ruling ------------------------------------------------------------

def segments(line: Line, settings: LayoutSettings = DEFAULT_LAYOUT) -> list[list[Glyph]]:
    """The glyph runs of a line separated by gaps wider than a cell padding."""
    out: list[list[Glyph]] = []
    for g in line.glyphs:
        if out and g.x0 - out[-1][-1].x1 <= settings.segment_gap * max(g.size, out[-1][-1].size):
            out[-1].append(g)
        else:
            out.append([g])
    return out


def is_value_text(text: str) -> bool:
    t = text.strip()
    return bool(_VALUE.match(t)) or t in _PLACEHOLDER


def _row_shape(line: Line, settings: LayoutSettings):
    """(label segments, [number segments]) when the line reads as a table row, else None."""
    segs = segments(line, settings)
    texts = [join_glyphs(s, settings) for s in segs]
    values = [i for i, t in enumerate(texts) if is_value_text(t)]
    if len(values) < settings.min_numbers_in_row:
        return None
    first = values[0]
    if values != list(range(first, len(segs))):
        return None         # numbers must close the row: label first, values after
    return segs[:first], [segs[i] for i in values]


def unruled_fragments(lines: list[Line], page: int, settings: LayoutSettings = DEFAULT_LAYOUT
                      ) -> tuple[list[Fragment], list[Line]]:
    """Runs of consecutive lines that look like rows of numbers become tables.

    Columns are the clusters of the number cells' centres over the whole run, so a blank cell
    (no glyph) still keeps its column. The label (text before the numbers) is column 0; a label
    wrapped onto the next lines (text only, left of the numbers, close below) stays with its row.
    """
    shapes = [_row_shape(ln, settings) for ln in lines]
    fragments: list[Fragment] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if shapes[i] is None:
            i += 1
            continue
        rows = [i]
        wrapped: dict[int, list[int]] = {i: []}
        j = i
        while j + 1 < len(lines):
            nxt = j + 1
            if shapes[nxt] is not None:
                rows.append(nxt)
                wrapped[nxt] = []
                j = nxt
            elif _wraps_label(lines[nxt], lines[j], [shapes[k] for k in rows], settings):
                wrapped[rows[-1]].append(nxt)
                j = nxt
            else:
                break
        most = max(len(shapes[k][1]) for k in rows)
        if len(rows) >= 2 or most >= settings.min_numbers_alone:
            fragments.append(_fragment_from_rows(
                [lines[k] for k in rows], [shapes[k] for k in rows],
                [[lines[w] for w in wrapped[k]] for k in rows], page, settings))
            used.update(range(i, j + 1))
            i = j + 1
        else:
            i = rows[-1] + 1
    return fragments, [ln for k, ln in enumerate(lines) if k not in used]


def _wraps_label(line: Line, above: Line, shapes, settings: LayoutSettings) -> bool:
    numbers_left = min(s[0].x0 for _, segs in shapes for s in segs)
    return (line.x1 < numbers_left - settings.segment_gap * line.size
            and line.top - above.bottom < settings.segment_gap * line.size
            and abs(line.size - above.size) < 0.5)


def _fragment_from_rows(lines: list[Line], shapes, wrapped: list[list[Line]], page: int,
                        settings: LayoutSettings) -> Fragment:
    size = statistics.median(ln.size for ln in lines)
    centres = [(s[0].x0 + s[-1].x1) / 2 for _, segs in shapes for s in segs]
    cols = cluster(centres, settings.column_tolerance * size)
    everything = lines + [w for ws in wrapped for w in ws]
    frag = Fragment(page, (min(ln.x0 for ln in everything), min(ln.top for ln in everything),
                           max(ln.x1 for ln in everything), max(ln.bottom for ln in everything)),
                    len(lines), len(cols) + 1, ruled=False,
                    xs=[min(ln.x0 for ln in lines)] + cols,
                    numbers_left=min(s[0].x0 for _, segs in shapes for s in segs))
    for r, (line, (label, segs), more) in enumerate(zip(lines, shapes, wrapped)):
        if label or more:
            glyphs = [g for s in label for g in s] + [g for w in more for g in w.glyphs]
            text = _label_text(label, more, settings)
            frag.cells.append(FragmentCell(text, r, 0, 1, 1, _box(glyphs), page))
        else:
            frag.cells.append(FragmentCell("", r, 0, 1, 1,
                                           (line.x0, line.top, line.x0, line.bottom), page))
        by_col: dict[int, list[Glyph]] = {}
        for s in segs:
            c = _nearest(cols, (s[0].x0 + s[-1].x1) / 2)
            by_col.setdefault(c, []).extend(s)
        for c in range(len(cols)):
            gs = by_col.get(c)
            if gs:
                frag.cells.append(FragmentCell(join_glyphs(gs, settings), r, c + 1, 1, 1, _box(gs),
                                               page))
            else:
                frag.cells.append(FragmentCell("", r, c + 1, 1, 1,
                                               (cols[c], line.top, cols[c], line.bottom), page))
    return frag


def _label_text(label: list[list[Glyph]], more: list[Line], settings: LayoutSettings) -> str:
    """The label of an unruled row: its text runs (one per label column), each with the wrapped
    lines below it that lie under it (a group label and an item label wrap separately)."""
    spans = [(s[0].x0, s[-1].x1) for s in label]
    texts = [[join_glyphs(s, settings)] for s in label]
    for line in more:
        for seg in segments(line, settings):
            x0, x1 = seg[0].x0, seg[-1].x1
            if not spans:
                spans.append((x0, x1))
                texts.append([])
            k = max(range(len(spans)),
                    key=lambda i: (min(x1, spans[i][1]) - max(x0, spans[i][0]),
                                   -abs(x0 - spans[i][0])))
            texts[k].append(join_glyphs(seg, settings))
    return " ".join(join_lines(t) for t in texts)


def _box(glyphs: list[Glyph]) -> tuple[float, float, float, float]:
    return (min(g.x0 for g in glyphs), min(g.top for g in glyphs),
            max(g.x1 for g in glyphs), max(g.bottom for g in glyphs))


# --- a table broken over pages -------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
                          r"|\d+\s*[.．、])")
EDGE_TOLERANCE = 3.0        # pt: the same column edge on two pages
EDGE_SHARE = 0.8            # share of the fewer column edges that must recur on the other page


def continues(prev: Fragment, nxt: Fragment) -> bool:
    """Whether ``nxt`` (first on its page) goes on with ``prev`` (last on the page before): the
    same outer edges and (nearly) the same column edges, i.e. the same grid of columns."""
    if prev.ruled != nxt.ruled or nxt.page != prev.page + 1:
        return False
    if not prev.ruled:
        return prev.ncols == nxt.ncols and all(
            abs(a - b) <= 2 * EDGE_TOLERANCE for a, b in zip(prev.xs[1:], nxt.xs[1:]))
    if (abs(prev.xs[0] - nxt.xs[0]) > EDGE_TOLERANCE
            or abs(prev.xs[-1] - nxt.xs[-1]) > EDGE_TOLERANCE):
        return False
    few, many = sorted((prev.xs, nxt.xs), key=len)
    matched = sum(1 for x in few if any(abs(x - y) <= EDGE_TOLERANCE for y in many))
    return matched >= EDGE_SHARE * len(few)


def wraps_last_label(frag: Fragment, line: Line, settings: LayoutSettings = DEFAULT_LAYOUT
                     ) -> bool:
    """``line`` (at the top of the next page) is the end of the label of ``frag``'s last row:
    an unruled table's label wrapped over the page break."""
    return (not frag.ruled and line.x1 < frag.numbers_left - settings.segment_gap * line.size
            and not is_value_text(line.text))


def append_to_last_label(frag: Fragment, lines: list[Line]) -> None:
    last = max((c for c in frag.cells if c.col == 0), key=lambda c: c.row)
    last.text = join_lines([last.text] + [ln.text for ln in lines])


def join_fragments(fragments: list[Fragment]) -> list[FragmentCell]:
    """One table from its parts on consecutive pages: cells on one grid of rows and columns.

    Columns: the union of every part's column edges. Rows: the parts stacked, without a header
    that a part repeats, with a row the page break cut in two made whole again, and with a
    merged label cell that runs on over the break kept as one cell.
    """
    if len(fragments) == 1:
        return [_copy(c) for c in fragments[0].cells]
    remap = _column_maps(fragments)
    head = fragments[0]
    cells = [_copy(c, remap[0]) for c in head.cells]
    nrows = head.nrows
    for n, frag in enumerate(fragments[1:], start=1):
        skip = _repeated_header_rows(head, frag)
        part = [_copy(c, remap[n]) for c in frag.cells if c.row >= skip]
        for c in part:
            c.row -= skip
        rows = frag.nrows - skip
        if rows > 0 and _is_remainder(cells, nrows, part):
            part = _merge_remainder(cells, nrows, part)
            rows -= 1
        part = _extend_spans(cells, nrows, part)
        for c in part:
            c.row += nrows
        cells += part
        nrows += rows
    return cells


def _copy(c: FragmentCell, remap=None) -> FragmentCell:
    if remap is None:
        return FragmentCell(c.text, c.row, c.col, c.rowspan, c.colspan, c.box, c.page)
    col, end = remap(c.col), remap(c.col + c.colspan)
    return FragmentCell(c.text, c.row, col, c.rowspan, max(1, end - col), c.box, c.page)


def _column_maps(fragments: list[Fragment]):
    if not fragments[0].ruled:
        return [None] * len(fragments)
    union = cluster([x for f in fragments for x in f.xs], EDGE_TOLERANCE)

    def make(xs):
        return lambda i: _nearest(union, xs[min(i, len(xs) - 1)])
    return [make(f.xs) for f in fragments]


def _repeated_header_rows(head: Fragment, frag: Fragment) -> int:
    """How many leading rows of ``frag`` repeat the first rows of the table (a row of numbers is
    data, never a repeated header)."""
    k = 0
    while k < min(head.nrows, frag.nrows):
        texts = frag.row_texts(k)
        if texts != head.row_texts(k) or not any(t and not is_value_text(t) for t in texts):
            break
        k += 1
    return k


def _covering(cells: list[FragmentCell], row: int, col: int) -> FragmentCell | None:
    for c in cells:
        if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
            return c
    return None


def _last_row(cells: list[FragmentCell], nrows: int) -> dict[int, FragmentCell]:
    """The cells that cover the table's last row, by the grid column they start in."""
    return {c.col: c for c in cells if c.row <= nrows - 1 < c.row + c.rowspan}


def _is_remainder(cells: list[FragmentCell], nrows: int, part: list[FragmentCell]) -> bool:
    """The first row of ``part`` is the rest of the table's last row, cut by the page break.

    Either it holds only the wrapped ends of text cells (no numbers, no list marker such as 1.
    or （一）) under text cells of that row and is blank under its numbers; or the row's cells
    went to the two pages whole, each filled on one page only (what Qt does).
    """
    first = [c for c in part if c.row == 0]
    filled = [c for c in first if c.text.strip()]
    if not filled or nrows == 0:
        return False
    above = _last_row(cells, nrows)
    pairs = [(above.get(c.col), c) for c in first]
    if any(a is None for a, _ in pairs):
        return False
    if all(not (a.text.strip() and c.text.strip()) for a, c in pairs):
        return (any(not a.text.strip() for a, _ in pairs)
                and any(a.text.strip() for a, _ in pairs))          # complementary halves
    if len(filled) == len(first):
        return False
    for a, c in pairs:
        if c.text.strip() and (not a.text.strip() or is_value_text(a.text)
                               or is_value_text(c.text) or _LIST_MARKER.match(c.text)):
            return False
    return any(not c.text.strip() and is_value_text(a.text) and a.text.strip() for a, c in pairs)


def _merge_remainder(cells, nrows, part: list[FragmentCell]) -> list[FragmentCell]:
    above = _last_row(cells, nrows)
    out = []
    for c in part:
        if c.row == 0:
            if c.text.strip():
                a = above[c.col]
                if a.text.strip():
                    a.text = join_lines([a.text, c.text])
                else:
                    a.text, a.box, a.page = c.text, c.box, c.page
            if c.rowspan > 1:
                c.rowspan -= 1
                c.row = 0
                out.append(c)
            continue
        c.row -= 1
        out.append(c)
    return out


def _extend_spans(cells, nrows, part: list[FragmentCell]) -> list[FragmentCell]:
    """An empty cell that continues a merged label cell from the page before is that cell."""
    out = []
    for c in part:
        if c.row == 0 and not c.text.strip():
            above = _covering(cells, nrows - 1, c.col)
            if (above is not None and (above.rowspan > 1 or c.rowspan > 1) and above.col == c.col
                    and above.colspan == c.colspan and above.text.strip()
                    and not is_value_text(above.text)):
                above.rowspan += c.rowspan
                continue
        out.append(c)
    return out


@dataclass
class PageContent:
    """One page as the layout path sees it (PDF text layer, OCR words, OFD text objects)."""

    number: int                                          # 1-based
    width: float
    height: float
    items: list = field(default_factory=list)            # Line | Fragment, in reading order
    image_only: bool = False                             # pictures and no text: a scanned page
