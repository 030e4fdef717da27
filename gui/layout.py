"""The official layouts of tables 2, 3 and 4 (t2, t3, t4) as grids, and the format's labels.

It reads the 2021 format's labels through ``core.api.standard`` (which loads
resources/standard/2021.json). It computes nothing
about a report: it only says which official label stands in which grid cell, where each value
cell sits, and what a row, column or section is called. Everything else in gui/ asks here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from core.api import standard as load
from gui import strings

TABLES = ("t2", "t3", "t4")


@dataclass(frozen=True)
class Fixed:
    """A label cell of the grid (caption, header, row label, note)."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "header"          # "caption" | "header" | "label" | "group" | "note"
    key: str | None = None        # the row key (labels) or column key (column headers)


@dataclass
class Grid:
    table: str
    name: str                     # the table's short name
    title: str                    # its official title
    rows: int
    cols: int
    label_cols: int               # leading label columns (wide)
    fixed: list[Fixed] = field(default_factory=list)
    values: dict = field(default_factory=dict)       # (row_key, col_key) -> (r, c, rowspan, colspan)
    header_rows: set = field(default_factory=set)    # grid rows that hold only headers

    def at(self, r: int, c: int):
        """The (row_key, col_key) whose value cell covers grid cell (r, c), or None."""
        for key, (vr, vc, rs, cs) in self.values.items():
            if vr <= r < vr + rs and vc <= c < vc + cs:
                return key
        return None


@lru_cache(maxsize=2)
def _std(single_r6: bool = False):
    return load(single_r6=single_r6)


@lru_cache(maxsize=None)
def grid(table: str, single_r6: bool = False) -> Grid:
    """The table's grid; ``single_r6``: table 3 of a report that still has the 2019 format's
    single row r6 ("other handling") where the 2021 format has three (its values need a row)."""
    if table == "t3":
        return _grid_t3(single_r6)
    return {"t2": _grid_t2, "t4": _grid_t4}[table]()


def _grid_t2() -> Grid:
    std = _std()
    g = Grid("t2", std.table_names["t2"], _title("t2"), 0, 4, 1)
    r = 0
    for caption in std.t2_captions:
        rows = [spec for spec in std.t2_rows if spec.caption == caption]
        cols = rows[0].cols
        g.fixed.append(Fixed(r, 0, caption, 1, 4, "caption"))
        g.header_rows.add(r)
        r += 1
        g.fixed.append(Fixed(r, 0, _info_content(), kind="header"))
        if len(cols) == 1:
            g.fixed.append(Fixed(r, 1, std.t2_col_labels[(caption, cols[0])], 1, 3, "header",
                                 cols[0]))
        else:
            for j, c in enumerate(cols):
                g.fixed.append(Fixed(r, 1 + j, std.t2_col_labels[(caption, c)], kind="header",
                                     key=c))
        g.header_rows.add(r)
        r += 1
        for spec in rows:
            g.fixed.append(Fixed(r, 0, spec.label, kind="label", key=spec.key))
            if len(cols) == 1:
                g.values[(spec.key, cols[0])] = (r, 1, 1, 3)
            else:
                for j, c in enumerate(cols):
                    g.values[(spec.key, c)] = (r, 1 + j, 1, 1)
            r += 1
    g.rows = r
    return g


def _info_content() -> str:
    return strings.T2_INFO_HEADER


@lru_cache(maxsize=1)
def _raw() -> dict:
    import json

    from core.api import resource_path

    return json.loads(resource_path("standard", "2021.json").read_text(encoding="utf-8"))


def _t3_headers() -> dict:
    return {"applicant": strings.T3_APPLICANT_HEADER, "legal_person": strings.T3_LEGAL_PERSON_HEADER}


def _t4_headers() -> dict:
    return {"suit": strings.T4_SUIT_HEADER}


def _grid_t3(single_r6: bool = False) -> Grid:
    std = _std(single_r6)
    head = _t3_headers()
    cols = [c.key for c in std.t3_cols]
    n_rows = len(std.t3_rows)
    g = Grid("t3", std.table_names["t3"], _title("t3"), 3 + n_rows, 3 + len(cols), 3)
    g.fixed.append(Fixed(0, 0, std.t3_note, 3, 3, "note"))
    g.fixed.append(Fixed(0, 3, head["applicant"], 1, len(cols), "header"))
    # natural person | legal person (over the five organisation columns) | total
    g.fixed.append(Fixed(1, 3, std.t3_cols[0].label, 2, 1, "header", cols[0]))
    g.fixed.append(Fixed(1, 4, head["legal_person"], 1, len(cols) - 2, "header"))
    g.fixed.append(Fixed(1, 3 + len(cols) - 1, std.t3_cols[-1].label, 2, 1, "header", cols[-1]))
    for j, spec in enumerate(std.t3_cols[1:-1]):
        g.fixed.append(Fixed(2, 4 + j, spec.label, kind="header", key=spec.key))
    g.header_rows |= {0, 1, 2}
    # row labels: groups (the results block, its sub-blocks) span the rows under them
    seen: set[str] = set()
    for i, spec in enumerate(std.t3_rows):
        r = 3 + i
        levels = [p.strip() for p in spec.group.split("›")] if spec.group else []
        for depth, name in enumerate(levels):
            path = " › ".join(levels[:depth + 1])
            if path in seen:
                continue
            seen.add(path)
            span = sum(1 for s in std.t3_rows
                       if s.group == path or s.group.startswith(path + " "))
            g.fixed.append(Fixed(r, depth, name, span, 1, "group"))
        g.fixed.append(Fixed(r, len(levels), spec.label, 1, 3 - len(levels), "label", spec.key))
        for j, c in enumerate(cols):
            g.values[(spec.key, c)] = (r, 3 + j, 1, 1)
    return g


def _grid_t4() -> Grid:
    std = _std()
    groups = list(std.t4_groups)
    cols = list(std.t4_cols)
    n = len(cols)
    g = Grid("t4", std.table_names["t4"], _title("t4"), 4, n * len(groups), 0)
    g.fixed.append(Fixed(0, 0, groups[0].label, 1, n, "header", groups[0].key))
    g.fixed.append(Fixed(0, n, _t4_headers()["suit"], 1, n * (len(groups) - 1), "header"))
    for j, c in enumerate(cols):
        g.fixed.append(Fixed(1, j, c.label, 2, 1, "header", c.key))
    for k, grp in enumerate(groups[1:], start=1):
        g.fixed.append(Fixed(1, k * n, grp.label, 1, n, "header", grp.key))
        for j, c in enumerate(cols):
            g.fixed.append(Fixed(2, k * n + j, c.label, kind="header", key=c.key))
    g.header_rows |= {0, 1, 2}
    for k, grp in enumerate(groups):
        for j, c in enumerate(cols):
            g.values[(grp.key, c.key)] = (3, k * n + j, 1, 1)
    return g


def _title(table: str) -> str:
    return _raw()["tables"][table].get("title", "")


# --- labels -----------------------------------------------------------------------------------

def table_name(table: str) -> str:
    return _std().table_names.get(table, table)


def row_label(table: str, row: str) -> str:
    """The row's official label (the old single row r6 of table 3 by the 2019 format's)."""
    for std in (_std(), _std(single_r6=True)):
        try:
            return std.row_label(table, row)
        except StopIteration:
            continue
    return row


def row_label_full(table: str, row: str) -> str:
    """Rows of table 3 under a sub-group carry the sub-group's name before their own label."""
    label = row_label(table, row)
    if table == "t3":
        spec = next((r for std in (_std(), _std(single_r6=True)) for r in std.t3_rows
                     if r.key == row), None)
        if spec and "›" in spec.group:
            return spec.group.split("›")[-1].strip() + " " + label
    return label


def col_label(table: str, row: str | None, col: str) -> str:
    std = _std()
    try:
        if table == "t2" and row is None:
            return next(lbl for (cap, key), lbl in std.t2_col_labels.items() if key == col)
        if table == "t2":
            return std.col_label(table, row, col)
        if table == "t3":
            return next(c.label for c in std.t3_cols if c.key == col)
        if row is None and any(g.key == col for g in std.t4_groups):
            return next(g.label for g in std.t4_groups if g.key == col)   # a group's header
        return next(c.label for c in std.t4_cols if c.key == col)
    except (StopIteration, KeyError):
        return col


def row_cols(table: str, row: str) -> list[str]:
    """The column keys of one row, in the official order (for a row of glued digits)."""
    std = _std()
    if table == "t2":
        spec = next((r for r in std.t2_rows if r.key == row), None)
        return list(spec.cols) if spec else []
    if table == "t3":
        return [c.key for c in std.t3_cols]
    return [c.key for c in std.t4_cols]


def sections() -> list[tuple[str, str]]:
    """[(section key, official heading), ...] in order."""
    return [(s.key, s.heading) for s in _std().sections]


def section_heading(key: str | None) -> str | None:
    return next((h for k, h in sections() if k == key), None)


TABLE_SECTION = {"t2": "S2", "t3": "S3", "t4": "S4"}
