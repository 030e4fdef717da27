"""Blank templates: the report skeleton as DOCX, the three tables as an XLSX data template.

The XLSX has one sheet per table in the official layout. Totals are live formulas (表三 each
row's 总计 = SUM of the six applicant columns, （七）总计 = SUM of the 22 result rows; 表四 each
group's 总计 = SUM of its four results); the cells a person fills accept only non-negative whole
numbers (表二's fee amount: non-negative numbers), with a Chinese error message; and conditional
formatting turns red every cell of a relation that does not hold (表三 per column
一 + 二 ≠ （七） + 四, a row or column total overwritten by hand, a 表四 group total).
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import messages
from core.fix.layout import Grid, grids
from core.fsutil import OutputError, prepare_output, write_atomic
from core.standard import Standard, load

TEMPLATE_SUFFIXES = (".docx", ".xlsx")
AMOUNT_CELLS = {("t2", "fees", "amount")}     # 万元, decimals allowed
TOP = 2                       # the table starts on this row, below the sheet's heading
LABEL_WIDTH_CHARS = {"t2": (24, 16, 16, 16), "t3": (8, 9, 36) + (9,) * 7, "t4": (9,) * 15}
LINE_HEIGHT_PT = 15
FORMULA_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
RED_FILL = PatternFill("solid", fgColor="FF9999")
RED_FONT = Font(color="9C0006", bold=True)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_template(out_path: str | Path, overwrite: bool = False) -> str:
    """A blank DOCX report or XLSX data template, chosen by the file name's ending."""
    suffix = Path(out_path).suffix.lower()
    if suffix not in TEMPLATE_SUFFIXES:
        raise OutputError("bad_suffix", messages.OUT_TEMPLATE_SUFFIX)
    out = prepare_output(out_path, None, overwrite, suffixes=TEMPLATE_SUFFIXES)
    if suffix == ".docx":
        from core.fix.docx_build import build_template

        write_atomic(out, build_template().save)
    else:
        write_atomic(out, template_workbook().save)
    return str(out)


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

def template_workbook(std: Standard | None = None) -> Workbook:
    std = std or load()
    wb = Workbook()
    wb.remove(wb.active)
    sections = {"t2": "S2", "t3": "S3", "t4": "S4"}
    for table, grid in grids(std).items():
        ws = wb.create_sheet(messages.FIX_SHEETS[table])
        ws.cell(1, 1, std.section(sections[table]).heading).font = Font(bold=True, size=14)
        cells = _write_grid(ws, grid)
        formulas = _formulas(std, table, cells)
        for key, formula in formulas.items():
            c = cells[key]
            c.value = formula
            c.fill = FORMULA_FILL
        _validate(ws, [(k, c) for k, c in cells.items() if k not in formulas])
        _highlight(ws, std, table, cells)
        ws.cell(TOP + grid.nrows + 1, 1, messages.FIX_XL_NOTE)
        for i, width in enumerate(LABEL_WIDTH_CHARS[table], 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = ws.cell(TOP + grid.header_rows, 1)
        _fit_rows(ws, grid, LABEL_WIDTH_CHARS[table])
        _print_setup(ws, landscape=table == "t4")
    return wb


def _fit_rows(ws, grid: Grid, widths: tuple) -> None:
    """Rows tall enough for their wrapped labels (spreadsheets do not grow rows by themselves
    for files they did not lay out)."""
    lines: dict[int, int] = {}
    for spec in grid.cells:
        if not spec.text or spec.rowspan > 1:
            continue
        width = sum(widths[spec.col:spec.col + spec.colspan])
        need = -(-len(spec.text) * 2 // max(int(width) - 1, 1))
        lines[spec.row] = max(lines.get(spec.row, 1), need)
    for row, n in lines.items():
        if n > 1:
            ws.row_dimensions[TOP + row].height = LINE_HEIGHT_PT * n


def _print_setup(ws, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _write_grid(ws, grid: Grid) -> dict:
    """The grid with its top-left at row TOP; returns the anchor cells by value key."""
    cells = {}
    for spec in grid.cells:
        row, col = TOP + spec.row, 1 + spec.col
        cell = ws.cell(row, col, spec.text or None)
        if spec.rowspan > 1 or spec.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + spec.rowspan - 1,
                           end_column=col + spec.colspan - 1)
        for r in range(row, row + spec.rowspan):
            for c in range(col, col + spec.colspan):
                ws.cell(r, c).border = BORDER
        wrap = spec.role != "value"
        cell.alignment = Alignment(wrap_text=wrap, vertical="center",
                                   horizontal="left" if spec.role == "label" else "center")
        if spec.role in ("header", "caption", "note", "group"):
            cell.fill = HEADER_FILL
        if spec.key is not None:
            cells[spec.key] = cell
    return cells


def _ref(cell, absolute_row: bool = False, absolute_col: bool = False) -> str:
    col = ("$" if absolute_col else "") + cell.column_letter
    return f"{col}{'$' if absolute_row else ''}{cell.row}"


def _formulas(std: Standard, table: str, cells: dict) -> dict:
    """key -> formula for the totals the template computes."""
    out = {}
    if table == "t3":
        parts = [c.key for c in std.t3_cols if c.key != "total"]
        results = [r.key for r in std.t3_rows if r.group and r.key != "total"]
        for spec in std.t3_rows:
            first, last = cells[("t3", spec.key, parts[0])], cells[("t3", spec.key, parts[-1])]
            out[("t3", spec.key, "total")] = f"=SUM({_ref(first)}:{_ref(last)})"
        for col in parts:
            first, last = cells[("t3", results[0], col)], cells[("t3", results[-1], col)]
            out[("t3", "total", col)] = f"=SUM({_ref(first)}:{_ref(last)})"
    elif table == "t4":
        parts = [c.key for c in std.t4_cols if c.key != "total"]
        for g in std.t4_groups:
            first, last = cells[("t4", g.key, parts[0])], cells[("t4", g.key, parts[-1])]
            out[("t4", g.key, "total")] = f"=SUM({_ref(first)}:{_ref(last)})"
    return out


def _validate(ws, inputs: list) -> None:
    """Whole numbers ≥ 0 in the cells a person fills (表二's fee amount: any number ≥ 0)."""
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle=messages.FIX_XL_ERROR_TITLE,
                            error=messages.FIX_XL_ERROR_COUNT,
                            promptTitle=messages.FIX_XL_PROMPT_TITLE,
                            prompt=messages.FIX_XL_PROMPT_COUNT)
    amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                             allow_blank=True, showErrorMessage=True, showInputMessage=True,
                             errorTitle=messages.FIX_XL_ERROR_TITLE,
                             error=messages.FIX_XL_ERROR_AMOUNT,
                             promptTitle=messages.FIX_XL_PROMPT_TITLE,
                             prompt=messages.FIX_XL_PROMPT_AMOUNT)
    for key, cell in inputs:
        (amounts if key in AMOUNT_CELLS else counts).add(cell)
    for dv in (counts, amounts):
        if dv.sqref:
            ws.add_data_validation(dv)


def _highlight(ws, std: Standard, table: str, cells: dict) -> None:
    """Red fill on the cells of a relation that does not hold (blank counts as 0)."""
    for rel in std.relations:
        if rel.table != table:
            continue
        refs = [(cells[(t, r, c)], k) for t, r, c, k in rel.terms]
        condition = "".join(f"{'+' if k > 0 else '-'}{abs(k)}*N({_ref(cell, True, True)})"
                            for cell, k in refs).lstrip("+") + "<>0"
        rule = FormulaRule(formula=[condition], fill=RED_FILL, font=RED_FONT, stopIfTrue=False)
        ws.conditional_formatting.add(" ".join(_ref(cell) for cell, _ in refs), rule)
