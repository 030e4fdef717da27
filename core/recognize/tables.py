"""Find the three standard tables in the unit stream and map every value cell to the spec's keys."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from core.model import Cell, SourceRef
from core.recognize.glued import split_glued_rows
from core.recognize.normalize import is_value_like, parse_value
from core.recognize.units import Unit, glued_parts
from core.report import CellValue, LabelDeviation, RecognitionNote, TableData
from core.standard import Standard, with_single_r6
from core.text import label_key, nfkc, squash

FUZZY_MIN = 82          # rapidfuzz ratio for a drifted label to count as the official one (the closest two official labels, 一 and 二 of 表三, score 79)
SHORT_LABEL = 4         # labels this short must match exactly (after normalisation)
T4_CELLS = 15
_MARKER = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、](?!\d)")


@dataclass
class RowMatch:
    table: str
    row: str
    official: str
    found: str
    exact: bool
    source: SourceRef | None
    known: bool = True          # the label or one of its listed variants (not a fuzzy match)


@dataclass
class TableScan:
    tables: dict[str, TableData]
    notes: list[RecognitionNote] = field(default_factory=list)
    labels: list[LabelDeviation] = field(default_factory=list)
    row_units: dict[str, list[int]] = field(default_factory=dict)   # table -> unit orders
    old_format: list[str] = field(default_factory=list)


class LabelIndex:
    """Official row labels (and their variants) of 表二 and 表三, plus 表四's group labels."""

    def __init__(self, std: Standard):
        self.entries: dict[str, tuple[str, str, str]] = {}
        for r in std.t2_rows:
            self._add("t2", r.key, r.label, r.variants)
        for r in std.t3_rows:
            self._add("t3", r.key, r.label, r.variants)
        for g in std.t4_groups:
            self._add("t4", g.key, g.label, ())
        # the 2019 format's single row （六）其他处理: read as a row when it holds numbers
        self._add("t3", "r6", "（六）其他处理", ())
        self.choices = list(self.entries)

    def _add(self, table, key, label, variants):
        for text in (label, *variants):
            self.entries.setdefault(label_key(text), (table, key, label))

    def match(self, text: str) -> RowMatch | None:
        """Match the whole label, else its innermost part ('(六)其他处理1.申请人…' -> '1.申请人…')."""
        text = nfkc(text)
        starts = [m.start() for m in _MARKER.finditer(text) if m.start() > 0]
        for candidate in [text[i:] for i in reversed(starts)] + [text]:
            hit = self._match_one(candidate)
            if hit:
                hit.found = candidate.strip()
                return hit
        return None

    def _match_one(self, text: str) -> RowMatch | None:
        k = label_key(text)
        if not k:
            return None
        hit = self.entries.get(k)
        if hit:
            exact = label_key(hit[2]) == k
            return RowMatch(hit[0], hit[1], hit[2], text, exact, None)
        if len(k) <= SHORT_LABEL:
            return None
        best = process.extractOne(k, self.choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
        if best is None:
            return None
        table, key, label = self.entries[best[0]]
        return RowMatch(table, key, label, text, False, None, known=False)


def _value_count(std: Standard, table: str, row: str) -> int:
    if table == "t2":
        return len(next(r.cols for r in std.t2_rows if r.key == row))
    if table == "t3":
        return len(std.t3_cols)
    return len(std.t4_cols)


def _col_keys(std: Standard, table: str, row: str) -> list[str]:
    if table == "t2":
        return list(next(r.cols for r in std.t2_rows if r.key == row))
    if table == "t3":
        return [c.key for c in std.t3_cols]
    return [c.key for c in std.t4_cols]


def _align(values: list[Cell], n: int) -> tuple[list[Cell], int]:
    """Trim surplus blank cells (leading first); return the cells and how many are missing."""
    values = list(values)
    while len(values) > n and not values[0].text.strip():
        values.pop(0)       # an empty cell of a merged label column
    while len(values) > n and not values[-1].text.strip():
        values.pop()
    if len(values) > n:
        values = values[-n:]
    return values, max(0, n - len(values))


def scan_tables(std: Standard, stream: list[Unit]) -> TableScan:
    index = LabelIndex(std)
    scan = TableScan({t: TableData(t) for t in ("t2", "t3", "t4")})
    glued: list[tuple[str, str, str, SourceRef]] = []   # (table, row, digits, source)
    for unit in stream:
        _scan_unit(std, index, unit, scan, glued)
    _place_unlabelled_t3_rows(std, stream, scan, index)
    _scan_t4_plain(std, stream, scan, glued)
    split_glued_rows(std, scan, glued)
    for t, data in scan.tables.items():
        data.found = bool(data.cells)
        orders = scan.row_units.get(t)
        if orders:
            data.source = stream[orders[0]].source
    _check_columns(std, stream, scan)
    return scan


def _record_row(std, scan, match: RowMatch, unit: Unit, value_cells: list[Cell]):
    table = scan.tables[match.table]
    if match.row in table.row_sources:
        return      # a repeated row (e.g. a repeated header part): keep the first
    n = _value_count(std, match.table, match.row)
    cells, missing = _align(value_cells, n)
    cols = _col_keys(std, match.table, match.row)
    for col, cell in zip(cols, cells):
        table.cells[(match.row, col)] = parse_value(cell.text, cell.source)
    for col in cols[len(cells):]:
        table.cells[(match.row, col)] = CellValue("", "blank", None, unit.source)
    if missing:
        scan.notes.append(RecognitionNote("short_row", match.table, match.row, unit.text, unit.source,
                                          {"found": len(cells), "expected": n}))
    _note_label(scan, match, unit)
    table.row_sources[match.row] = unit.source
    scan.row_units.setdefault(match.table, []).append(unit.order)


_PUNCTUATION = re.compile(r"[、，,；;：:。．.·“”\"'‘’（）()\[\]【】\s]")


def _wording(text: str) -> str:
    """A label's words: its punctuation and spacing do not make it another label (a crawler
    writes "补正, 行政机关" for "补正、行政机关")."""
    return _PUNCTUATION.sub("", squash(label_key(text)))


def _note_label(scan, match: RowMatch, unit: Unit):
    if _wording(match.found) != _wording(match.official):
        scan.labels.append(LabelDeviation(match.table, match.row, None, match.found.strip(),
                                          match.official, match.source or unit.source,
                                          known=match.known))


def _scan_unit(std, index: LabelIndex, unit: Unit, scan: TableScan, glued):
    if unit.kind == "row":
        labels, _ = unit.split()
        if not labels:
            return
        match, at = _innermost_match(index, unit.cells)
        if match is None and len(labels) > 1:
            match = index.match("".join(c.text for c in labels[-2:]))
            at = unit.cells.index(labels[-1])
        if match is None:
            _maybe_old_format(scan, labels[-1].text, unit.split()[1])
            return
        innermost = unit.cells[at]
        values = unit.cells[at + 1:]
        match.source = innermost.source
        n = _value_count(std, match.table, match.row)
        nonblank = [c for c in values if c.text.strip()]
        if match.table == "t4" and not nonblank:
            return
        if nonblank and sum(is_value_like(c.text) for c in nonblank) * 2 < len(nonblank):
            return      # a header row: the cells after the label are labels too
        if len(values) == 1 and n > 1 and nonblank:
            digits = re.sub(r"\s+", "", nfkc(values[0].text))
            tokens = nfkc(values[0].text).split()
            if len(tokens) == n:       # space-separated values in one cell
                split = [Cell(t, values[0].source) for t in tokens]
                _record_row(std, scan, match, unit, split)
                return
            if digits.isdigit() and len(digits) > 1:
                _record_glued(std, scan, match, unit, digits, glued)
                return
        if len(values) < max(1, n - 2):
            return      # a header row that happens to end in a label-like cell
        _record_row(std, scan, match, unit, values)
        return
    parts = glued_parts(unit.text)
    if not parts:
        return
    label, digits = parts
    match = index.match(label)
    if match is None:
        _maybe_old_format(scan, label, [digits])
        return
    match.source = unit.source
    n = _value_count(std, match.table, match.row)
    tokens = digits.split()
    if len(tokens) == n or (n == 1 and len(tokens) == 1):
        _record_row(std, scan, match, unit, [Cell(t, unit.source) for t in tokens])
    elif len(tokens) < n and all(t.isdigit() for t in tokens):
        # fewer numbers than cells: digits glued, the spaces are some of the cuts
        _record_glued(std, scan, match, unit, " ".join(tokens), glued)
    else:
        _record_row(std, scan, match, unit, [Cell(t, unit.source) for t in tokens])


def _innermost_match(index: LabelIndex, cells: list[Cell]) -> tuple[RowMatch | None, int]:
    """The last cell naming a standard row; cells after it are values, even a text value
    such as "约5" (reported as not a number, not mistaken for a label)."""
    for i in range(len(cells) - 1, -1, -1):
        text = cells[i].text
        if text.strip() and not is_value_like(text):
            match = index.match(text)
            if match is not None:
                return match, i
    return None, -1


def _unlabelled_values(unit: Unit, n: int, index: LabelIndex) -> tuple[list[Cell], str] | None:
    """(the value cells, the label text) of a row with exactly ``n`` values and no label the
    format knows: none at all (detached by a PDF converter) or one garbled beyond recognition.
    None for any other unit."""
    if unit.kind != "row":
        return None
    labels, values = unit.split()
    if any(index.match(c.text) is not None for c in labels):
        return None
    cells, missing = _align(values, n)
    if missing or (not labels and len(values) != n and not any(c.text.strip() for c in cells)):
        return None     # an empty row of another width is layout
    if not all(is_value_like(c.text) for c in cells):
        return None
    return cells, " ".join(c.text.strip() for c in labels)


_T3_START = ("申请人情况", "收到和处理政府信息公开申请情况")
_T3_END = ("行政复议", "行政诉讼", "存在的主要问题", "其他需要报告")


def _region_bounds(stream: list[Unit], first: int, last: int) -> tuple[int | None, int]:
    """The unit order just before 表三's first data row (its header) and the first one after its
    rows (表四's header or the next section), for rows before the first or after the last label."""
    start = None
    for u in reversed(stream[max(0, first - 8):first]):
        if any(w in squash(u.text) for w in _T3_START):
            start = u.order
            break
    end = len(stream)
    for u in stream[last + 1:]:
        if any(w in squash(u.text) for w in _T3_END):
            end = u.order
            break
    return start, end


def _place_unlabelled_t3_rows(std, stream: list[Unit], scan: TableScan, index: LabelIndex):
    """Alignment by position: rows that lost their labels (detached by a conversion, or garbled
    beyond recognition) take the standard rows missing between the rows placed by their labels,
    in order, when their number is exactly the number of missing rows there and each has the
    table's number of values; before the first labelled row the table's header bounds the
    region, after the last one 表四's header or the next section. Anything less certain is left
    alone (and reported as missing)."""
    table = scan.tables["t3"]
    orders = sorted(scan.row_units.get("t3", []))
    if not orders:
        return
    # with the 2019 single （六） row the rows to align to are that format's
    specs = with_single_r6().t3_rows if "r6" in table.row_sources else std.t3_rows
    keys = [r.key for r in specs]
    by_source = {u.source: u.order for u in stream if u.order in set(orders)}
    anchors = sorted((by_source[src], keys.index(row)) for row, src in table.row_sources.items()
                     if row in keys and src in by_source)
    if not anchors:
        return
    start, end = _region_bounds(stream, anchors[0][0], anchors[-1][0])
    if start is not None:
        anchors.insert(0, (start, -1))
    anchors.append((end, len(keys)))
    n = len(std.t3_cols)
    for (a, ia), (b, ib) in zip(anchors, anchors[1:]):
        missing = [keys[i] for i in range(ia + 1, ib) if keys[i] not in table.row_sources]
        if not missing:
            continue
        rows = [(u, found) for u in stream[a + 1:b]
                if (found := _unlabelled_values(u, n, index)) is not None]
        if len(rows) != len(missing):
            continue
        for key, (unit, (cells, label)) in zip(missing, rows):
            for col, cell in zip(std.t3_cols, cells):
                value = parse_value(cell.text, cell.source)
                value.placed_by = "position"
                table.cells[(key, col.key)] = value
            table.row_sources[key] = unit.source
            scan.row_units["t3"].append(unit.order)
            if label:
                official = next(r.label for r in specs if r.key == key)
                scan.labels.append(LabelDeviation("t3", key, None, label, official,
                                                  unit.source, known=False, unrecognised=True))


def _record_glued(std, scan, match, unit, digits, glued):
    n = _value_count(std, match.table, match.row)
    if " " in digits and len(digits.replace(" ", "")) > n:
        pass        # spaced and glued: split by the relations below
    elif " " in digits:
        digits = digits.replace(" ", "")
    if len(digits) == n:
        _record_row(std, scan, match, unit, [Cell(d, unit.source) for d in digits])
        return
    if len(digits) < n:
        _record_row(std, scan, match, unit, [Cell(d, unit.source) for d in digits])
        return
    if match.row in scan.tables[match.table].row_sources:
        return
    scan.tables[match.table].row_sources[match.row] = unit.source
    scan.row_units.setdefault(match.table, []).append(unit.order)
    _note_label(scan, match, unit)
    glued.append((match.table, match.row, digits, unit.source))


def _maybe_old_format(scan: TableScan, label: str, values):
    """Kept for labels the index does not know (nothing today: （六）其他处理 is a row key)."""


def _scan_t4_plain(std, stream: list[Unit], scan: TableScan, glued):
    """表四's data row has no label: 15 values after the 行政复议 header."""
    if scan.tables["t4"].cells or any(g[0] == "t4" for g in glued):
        return
    start = max(scan.row_units.get("t3", [-1]) + [-1]) + 1
    seen_header = False
    group = None            # 表四 in three small tables, each under its group's heading
    for unit in stream[start:]:
        text = nfkc(unit.text)
        if "行政复议" in text and "行政诉讼" in text or "复议后起诉" in text:
            seen_header = True
        if not seen_header:
            continue
        heading = _t4_group_heading(text)
        if heading:
            group = heading
        if group and _record_t4_group(std, scan, unit, group):
            group = None
            if all(g.key in scan.tables["t4"].row_sources for g in std.t4_groups):
                return
            continue
        if unit.kind == "row":
            labels, values = unit.split()
            nonblank = [c for c in values if c.text.strip()]
            # the data row: 15 cells, numbers or (a blank template) still empty
            if not labels and len(values) >= T4_CELLS - 2 and (nonblank or len(values) == T4_CELLS):
                _record_t4(std, scan, unit, _align(values, T4_CELLS)[0])
                return
        else:
            digits = re.sub(r"\s+", " ", text).strip()
            if digits and re.fullmatch(r"[\d ]+", digits):
                tokens = digits.split()
                if len(tokens) == T4_CELLS:
                    _record_t4(std, scan, unit, [Cell(t, unit.source) for t in tokens])
                elif len(tokens) == 1 and len(tokens[0]) >= T4_CELLS:
                    if len(tokens[0]) == T4_CELLS:
                        _record_t4(std, scan, unit, [Cell(d, unit.source) for d in tokens[0]])
                    else:
                        scan.tables["t4"].row_sources["*"] = unit.source
                        scan.row_units.setdefault("t4", []).append(unit.order)
                        glued.append(("t4", "*", tokens[0], unit.source))
                return


def _t4_group_heading(text: str) -> str | None:
    """The group a small heading names: "行政诉讼（复议后起诉）", "未经复议直接起诉", "行政复议"."""
    t = squash(text)
    if len(t) > 20:
        return None
    if "复议后起诉" in t:
        return "suit_after_review"
    if "直接起诉" in t:
        return "suit_direct"
    if "行政复议" in t and "诉讼" not in t:
        return "review"
    return None


def _record_t4_group(std, scan, unit: Unit, group: str) -> bool:
    """A row of 5 numbers under a group heading: that group's cells."""
    if unit.kind == "row":
        labels, values = unit.split()
        cells = [c for c in values if c.text.strip()]
        if labels or len(cells) != len(std.t4_cols) or not all(is_value_like(c.text) for c in cells):
            return False
    else:
        tokens = nfkc(unit.text).split()
        if len(tokens) != len(std.t4_cols) or not all(t.isdigit() for t in tokens):
            return False
        cells = [Cell(t, unit.source) for t in tokens]
    table = scan.tables["t4"]
    if group in table.row_sources:
        return False
    for col, cell in zip(std.t4_cols, cells):
        table.cells[(group, col.key)] = parse_value(cell.text, cell.source)
    table.row_sources[group] = unit.source
    scan.row_units.setdefault("t4", []).append(unit.order)
    return True


def _record_t4(std, scan, unit: Unit, cells: list[Cell]):
    table = scan.tables["t4"]
    keys = [(g.key, c.key) for g in std.t4_groups for c in std.t4_cols]
    for key, cell in zip(keys, cells):
        table.cells[key] = parse_value(cell.text, cell.source)
        table.cells[key].placed_by = "position"     # 表四's one unlabelled row of 15 values
    for key in keys[len(cells):]:
        table.cells[key] = CellValue("", "blank", None, unit.source)
    for g in std.t4_groups:
        table.row_sources[g.key] = unit.source
    scan.row_units.setdefault("t4", []).append(unit.order)


# --- column labels -------------------------------------------------------------------------------

def _header_units(stream: list[Unit], scan: TableScan, table: str, back: int = 14) -> list[Unit]:
    orders = scan.row_units.get(table)
    if not orders:
        return []
    first = min(orders)
    prev_tables = [max(v) for t, v in scan.row_units.items() if t != table and v and max(v) < first]
    start = max([first - back] + [p + 1 for p in prev_tables])
    return stream[max(0, start):first]


def _find_cell(units: list[Unit], needle: str) -> SourceRef | None:
    for u in units:
        for c in u.cells:
            if needle in squash(c.text):
                return c.source
        if u.paragraph is not None and needle in squash(u.paragraph.text):
            return u.source
    return units[0].source if units else None


def _check_columns(std: Standard, stream: list[Unit], scan: TableScan):
    header = _header_units(stream, scan, "t3")
    text = squash("".join(u.text for u in header))
    scan.tables["t3"].header_text = text
    if header:
        for col in std.t3_cols:
            if squash(col.label) in text:
                continue
            variant = next((v for v in col.variants if squash(v) in text), None)
            if variant:
                scan.labels.append(LabelDeviation("t3", None, col.key, variant, col.label,
                                                  _find_cell(header, squash(variant))))
            else:
                scan.labels.append(LabelDeviation("t3", None, col.key, "", col.label,
                                                  header[0].source))
    header4 = _header_units(stream, scan, "t4", back=24)
    t4_orders = scan.row_units.get("t4")
    if header4 and t4_orders:       # 表四 in three small tables: each heading sits among its rows
        header4 = header4 + [u for u in stream[min(t4_orders):max(t4_orders) + 1]
                             if u.order not in t4_orders]
    text4 = squash("".join(u.text for u in header4))
    scan.tables["t4"].header_text = text4
    groups_as_rows = any(u.kind == "row" and u.split()[0] for u in
                         (stream[o] for o in scan.row_units.get("t4", [])))
    if header4:
        for g in std.t4_groups:
            if groups_as_rows:
                break       # the groups are the rows' own labels (a flattened layout)
            if squash(g.label) not in text4:
                scan.labels.append(LabelDeviation("t4", g.key, None, "", g.label, header4[0].source))
        for c in std.t4_cols:
            if squash(c.label) not in text4:
                scan.labels.append(LabelDeviation("t4", None, c.key, "", c.label, header4[0].source))
    orders = scan.row_units.get("t2")
    if orders:
        region = stream[max(0, min(orders) - 3):max(orders) + 1]
        text2 = squash("".join(u.text for u in region))
        scan.tables["t2"].header_text = text2
        for (caption, col), label in std.t2_col_labels.items():
            if squash(label) not in text2 and not (col == "amount" and "本年收费金额" in text2):
                row = next(r.key for r in std.t2_rows if r.caption == caption)
                scan.labels.append(LabelDeviation("t2", row, col, "", label, region[0].source))
