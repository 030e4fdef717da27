"""The three standard tables in the official layout, as grids of (possibly merged) cells.

One description serves the rebuilt report, the blank DOCX template and the XLSX data template.
Every cell says what it is: a value cell carries its key ``(table, row, col)``; a label cell
carries ``label`` = ``(table, row, None)`` for a row label, ``(table, None, col)`` for a column
label, so that a label correction can be marked where it shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core import messages
from core.standard import Standard, load

GROUP_SEP = "›"
T3_LABEL_COLS = 3
T3_HEADER_ROWS = 3


@dataclass
class GridCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: str = "label"          # value / label / header / caption / note / group
    key: tuple | None = None     # value cells: (table, row, col)
    label: tuple | None = None   # label cells: (table, row, None) or (table, None, col)


@dataclass
class Grid:
    table: str
    ncols: int
    widths_mm: tuple[float, ...]
    header_rows: int = 0
    cells: list[GridCell] = field(default_factory=list)

    @property
    def nrows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def put(self, row, col, text, rowspan=1, colspan=1, role="label", key=None, label=None):
        self.cells.append(GridCell(row, col, text, rowspan, colspan, role, key, label))

    def value_cells(self) -> list[GridCell]:
        return [c for c in self.cells if c.key is not None]

    def find_key(self, key: tuple) -> GridCell | None:
        return next((c for c in self.cells if c.key == key), None)

    def find_label(self, label: tuple) -> GridCell | None:
        return next((c for c in self.cells if c.label == label), None)


def grids(std: Standard | None = None) -> dict[str, Grid]:
    std = std or load()
    return {"t2": t2_grid(std), "t3": t3_grid(std), "t4": t4_grid(std)}


def t2_grid(std: Standard) -> Grid:
    """Four blocks: caption row, 信息内容 header row, data rows. Single-column blocks span the
    three value columns."""
    g = Grid("t2", 4, (44.0, 37.3, 37.3, 37.4))
    blocks: dict[str, list] = {}
    for spec in std.t2_rows:
        blocks.setdefault(spec.caption, []).append(spec)
    r = 0
    seen_cols: set[str] = set()
    for caption, specs in blocks.items():
        cols = specs[0].cols
        wide = 3 if len(cols) == 1 else 1
        g.put(r, 0, caption, colspan=4, role="caption")
        g.put(r + 1, 0, messages.FIX_T2_CONTENT_HEADER, role="header")
        for i, col in enumerate(cols):
            label = ("t2", None, col) if col not in seen_cols else None
            seen_cols.add(col)
            g.put(r + 1, 1 + i, std.t2_col_labels[(caption, col)], colspan=wide, role="header",
                  label=label)
        r += 2
        for spec in specs:
            g.put(r, 0, spec.label, label=("t2", spec.key, None))
            for i, col in enumerate(cols):
                g.put(r, 1 + i, "", colspan=wide, role="value", key=("t2", spec.key, col))
            r += 1
    return g


def _group_parts(spec) -> list[str]:
    return [p.strip() for p in spec.group.split(GROUP_SEP)] if spec.group else []


def t3_grid(std: Standard) -> Grid:
    """The corner note over three header rows; 申请人情况 › 自然人 / 法人或其他组织 (five) / 总计;
    row labels over three columns, 三、本年度办理结果 and （三）…（六） merged over their rows."""
    g = Grid("t3", T3_LABEL_COLS + len(std.t3_cols),
             (12.0, 16.0, 46.0) + (11.7,) * 6 + (11.8,), header_rows=T3_HEADER_ROWS)
    cols = {c.key: c for c in std.t3_cols}
    applicants = [c.key for c in std.t3_cols if c.key != "total"]
    n = len(std.t3_cols)
    g.put(0, 0, std.t3_note, rowspan=3, colspan=3, role="note")
    g.put(0, 3, messages.FIX_T3_APPLICANT_HEADER, colspan=n, role="header")
    g.put(1, 3, cols["natural"].label, rowspan=2, role="header", label=("t3", None, "natural"))
    g.put(1, 4, messages.FIX_T3_ORG_HEADER, colspan=len(applicants) - 1, role="header")
    g.put(1, 3 + n - 1, cols["total"].label, rowspan=2, role="header", label=("t3", None, "total"))
    for i, key in enumerate(applicants[1:]):
        g.put(2, 4 + i, cols[key].label, role="header", label=("t3", None, key))
    specs = list(std.t3_rows)
    top = T3_HEADER_ROWS
    for i, spec in enumerate(specs):
        depth = len(_group_parts(spec))
        g.put(top + i, depth, spec.label, colspan=T3_LABEL_COLS - depth,
              label=("t3", spec.key, None))
        for j, col in enumerate(std.t3_cols):
            g.put(top + i, 3 + j, "", role="value", key=("t3", spec.key, col.key))
    for level in (0, 1):
        _t3_groups(g, specs, level, top)
    return g


def _t3_groups(g: Grid, specs: list, level: int, top: int) -> None:
    i = 0
    while i < len(specs):
        parts = _group_parts(specs[i])
        if len(parts) <= level:
            i += 1
            continue
        j = i
        while j < len(specs) and _group_parts(specs[j])[level:level + 1] == [parts[level]]:
            j += 1
        g.put(top + i, level, parts[level], rowspan=j - i, role="group")
        i = j


def t4_grid(std: Standard) -> Grid:
    """行政复议 (five columns) · 行政诉讼 (ten) over 未经复议直接起诉 / 复议后起诉; one data row."""
    ncols = len(std.t4_groups) * len(std.t4_cols)
    g = Grid("t4", ncols, (10.4,) * ncols, header_rows=3)
    width = len(std.t4_cols)
    groups = {x.key: x.label for x in std.t4_groups}
    review, direct, after = (x.key for x in std.t4_groups)
    g.put(0, 0, groups[review], colspan=width, role="header", label=("t4", review, None))
    g.put(0, width, messages.FIX_T4_SUIT_HEADER, colspan=2 * width, role="header")
    for j, col in enumerate(std.t4_cols):
        g.put(1, j, col.label, rowspan=2, role="header", label=("t4", None, col.key))
    g.put(1, width, groups[direct], colspan=width, role="header", label=("t4", direct, None))
    g.put(1, 2 * width, groups[after], colspan=width, role="header", label=("t4", after, None))
    for k, col in enumerate(list(std.t4_cols) * 2):
        g.put(2, width + k, col.label, role="header")
    for i, (group, col) in enumerate(std.cell_keys("t4")):
        g.put(3, i, "", role="value", key=("t4", group, col))
    return g
