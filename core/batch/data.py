"""The numbers of a batch compiled: one row per report, one column per cell of 表二/表三/表四.

A report's cells come from its recognised tables (``CheckResult.tables_json``) in the worker
that checked it, packed as one float per cell (``array('d')``, NaN where no number was read:
blank, "/", text, glued digits that could not be split, a table that was not found). Such a cell
stays empty in the output and is marked — never written as 0. The same rows go to the 数据汇总
sheet of the audit workbook and, alone, to ``batch --data FILE.xlsx|.csv``.
"""
from __future__ import annotations

import csv
import io
import math
import re
from array import array
from functools import lru_cache
from pathlib import Path

from core.fsutil import prepare_output, write_atomic

TABLES = ("t2", "t3", "t4")
ID_HEADERS = ("机关", "层级", "年度", "文件")
UNREAD_COUNT = "未读出单元格数"
UNREAD_LIST = "未读出的单元格"
TOTAL = "合计"
TOTAL_NOTE = "（仅计已读出的数值）"
SHEET = "数据汇总"
UNREAD_FILL = "FCE4D6"              # an unread cell: empty, this colour
NOTE = ("说明：空白且标色的单元格表示该报告中此格未能读出数字（空白、“/”“无”、文字、无法拆分的数字或未找到该表格），"
        "不按 0 计；合计行只加已读出的数值。")


@lru_cache(maxsize=1)
def cell_keys() -> tuple[tuple[str, str, str], ...]:
    """(table, row, col) of every standard cell, in the standard's order."""
    from core.standard import load

    std = load()
    return tuple((t, r, c) for t in TABLES for r, c in std.cell_keys(t))


@lru_cache(maxsize=1)
def headers() -> tuple[str, ...]:
    """Chinese column headers, one per cell: 表三·（一）予以公开·自然人."""
    from core.standard import load

    std = load()
    return tuple(f"{std.table_names[t]}·{std.row_label(t, r)}·{std.col_label(t, r, c)}"
                 for t, r, c in cell_keys())


def values_of(tables: dict | None) -> array | None:
    """One float per standard cell from ``CheckResult.tables_json()``; NaN where unread."""
    if tables is None:
        return None
    out = array("d")
    for t, r, c in cell_keys():
        cell = (tables.get(t) or {}).get("cells", {}).get(r, {}).get(c)
        value = cell.get("value") if cell else None
        out.append(float(value) if isinstance(value, (int, float)) else math.nan)
    return out


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(value):
    """A value a worksheet accepts: control characters (a file name may hold them; openpyxl
    refuses them) become U+FFFD."""
    return _ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def number(v: float):
    """A cell's value for the output: int when whole, None when unread."""
    if math.isnan(v):
        return None
    return int(v) if v.is_integer() else v


def unread_labels(values: array) -> list[str]:
    names = headers()
    return [names[i] for i, v in enumerate(values) if math.isnan(v)]


def data_rows(rows) -> list:
    """The batch rows that carry numbers (checked reports)."""
    return [r for r in rows if r.status == "checked" and r.data is not None]


def record(row) -> tuple[list, list[int]]:
    """The output row of one report and the indexes of its unread value columns."""
    meta = row.report
    values = [int(v) if v.is_integer() else v for v in row.data]      # NaN: not integer
    unread = [i for i, v in enumerate(row.data) if math.isnan(v)]
    names = headers()
    for i in unread:
        values[i] = None
    head = [meta.get("agency") or "", meta.get("level") or "", meta.get("year") or "", row.path]
    return head + values + [len(unread), "、".join(names[i] for i in unread)], unread


def totals(rows) -> list:
    sums = [0.0] * len(cell_keys())
    missing = 0
    for row in rows:
        for i, v in enumerate(row.data):
            if not math.isnan(v):
                sums[i] += v
            else:
                missing += 1
    return ([TOTAL, "", "", TOTAL_NOTE] + [int(s) if s.is_integer() else s for s in sums]
            + [missing, ""])


def all_headers() -> list[str]:
    return list(ID_HEADERS) + list(headers()) + [UNREAD_COUNT, UNREAD_LIST]


def write_data_sheet(wb, rows, title: str = SHEET) -> None:
    """Append the 数据汇总 sheet to a write-only openpyxl workbook."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    names = all_headers()
    widths = [26, 9, 7, 40] + [12] * len(cell_keys()) + [10, 40]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "E2"
    bold = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="44546A")
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def styled(value, font=None, fill=None, alignment=None):
        cell = WriteOnlyCell(ws, clean(value))
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        return cell

    ws.append([styled(n, bold, head_fill, wrap) for n in names])
    unread_fill = PatternFill("solid", fgColor=UNREAD_FILL)
    rows = data_rows(rows)
    for row in rows:
        values, unread = record(row)
        values[:4] = [clean(v) for v in values[:4]]
        for i in unread:                 # empty and coloured, never 0
            values[4 + i] = styled(None, fill=unread_fill)
        ws.append(values)
    ws.append([styled(v, Font(bold=True)) for v in totals(rows)])
    ws.append([NOTE])
    last = get_column_letter(len(names))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def write_data(rows, out_path: str | Path, overwrite: bool = False,
               inputs: list[str] | None = None) -> Path:
    """The numbers alone, to .xlsx (the 数据汇总 sheet) or .csv (UTF-8 with BOM, for Excel)."""
    out = prepare_output(out_path, None, overwrite, suffixes=(".xlsx", ".csv"))
    for path in inputs or []:
        prepare_output(out, path, True)          # never replaces a checked file
    if out.suffix.lower() == ".csv":
        def save(binary):
            f = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            w = csv.writer(f)
            w.writerow(all_headers())
            chosen = data_rows(rows)
            for row in chosen:
                w.writerow(["" if v is None else v for v in record(row)[0]])
            w.writerow(totals(chosen))
            f.flush()
            f.detach()
        write_atomic(out, save)
        return out
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    write_data_sheet(wb, rows)
    write_atomic(out, wb.save)
    return out
