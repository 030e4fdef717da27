"""Excel 97-2003 .xls and WPS 表格 .et (BIFF workbooks in an OLE file) -> Document.

xlrd reads the workbook: each cell's value as the spreadsheet program cached it (formulas are
never evaluated here), and the merged ranges. The sheets are copied into an in-memory XLSX
workbook (openpyxl) with the same values and merges, and the XLSX reader makes the Document from
it: the same rules for prose rows, tables and spans as for .xlsx, and the same provenance
(sheet and A1 cell, which mean the same in both formats), with ``kind="xls"``. Nothing is written
to disk.

A workbook larger than MAX_XLS_BYTES is refused before xlrd reads it (xlrd holds every cell of a
sheet in memory; a report's workbook is a few hundred KB); an encrypted one is refused as such.
"""
from __future__ import annotations

import dataclasses
import io
import re

from core import messages
from core.model import Document, Paragraph, Refusal, Table
from core.readers import limits

MAX_XLS_BYTES = 10 * 1024 * 1024
MAX_POSITIONS = 10 * limits.MAX_TABLE_CELLS     # row positions walked, empty ones included
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def read_xls(path: str, data: bytes) -> Document:
    if len(data) > MAX_XLS_BYTES:
        raise Refusal("too_large", messages.REFUSE_TOO_LARGE.format(
            size=messages.human_size(len(data)), limit=messages.human_size(MAX_XLS_BYTES)))
    book = _open(data)
    try:
        xlsx = _as_xlsx(book)
    except Refusal:
        raise
    except Exception:           # xlrd raises many kinds on broken sheets
        raise _corrupt()
    finally:
        book.release_resources()
    from core.readers.xlsx_reader import read_xlsx

    doc = read_xlsx(path, xlsx)
    return Document(path=path, kind="xls", blocks=[_as_xls(b) for b in doc.blocks],
                    notes=doc.notes)


def _corrupt() -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT_OLE.format(detail=messages.CORRUPT_XLS))


def _open(data: bytes):
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  ragged_rows=True, logfile=io.StringIO())
    except xlrd.XLRDError as err:
        if "encrypted" in str(err).lower():
            raise Refusal("encrypted", messages.REFUSE_ENCRYPTED) from None
        raise _corrupt() from None
    except Exception:
        raise _corrupt() from None


def _as_xlsx(book) -> bytes:
    """The workbook's values and merged ranges as XLSX bytes."""
    import xlrd
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    cells = positions = 0
    titles: set[str] = set()
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        ws = wb.create_sheet(_title(sheet.name, index, titles))
        for r in range(sheet.nrows):
            width = sheet.row_len(r)            # ragged rows: up to the row's last cell only
            positions += width
            if positions > MAX_POSITIONS:
                raise limits.too_many_parts()
            for c in range(width):
                value = _value(book, sheet.cell(r, c), xlrd)
                if value is None:
                    continue
                cells += 1
                limits.check_counts(0, cells)
                target = ws.cell(row=r + 1, column=c + 1, value=value)
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"          # text that looks like a formula stays text
        area = 0
        for r0, r1, c0, c1 in sheet.merged_cells:
            if r1 - r0 < 1 or c1 - c0 < 1 or (r1 - r0 == 1 and c1 - c0 == 1):
                continue
            area += (r1 - r0) * (c1 - c0)
            limits.check_merged(area)
            ws.merge_cells(start_row=r0 + 1, end_row=r1, start_column=c0 + 1, end_column=c1)
        book.unload_sheet(index)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _title(name: str, index: int, taken: set[str]) -> str:
    """The sheet's name as XLSX allows it (31 characters, none of []:*?/\\, unique)."""
    title = _BAD_TITLE.sub("_", str(name or "")).strip("'")[:31] or f"Sheet{index + 1}"
    base, n = title, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[:27]}({n})"
    taken.add(title.lower())
    return title


def _value(book, cell, xlrd):
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        number = float(cell.value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.XLDateError):
            return float(cell.value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#N/A")
    return str(cell.value)


def _as_xls(block):
    if isinstance(block, Paragraph):
        return dataclasses.replace(block, source=dataclasses.replace(block.source, kind="xls"))
    rows = [[dataclasses.replace(c, source=dataclasses.replace(c.source, kind="xls"))
             for c in row] for row in block.rows]
    return Table(rows, dataclasses.replace(block.source, kind="xls"))
