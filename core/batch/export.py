"""The findings of one checked report as an XLSX sheet 问题清单 (for passing on or filing).

One row per finding: number, severity, rule, place (section / table / row / column in Chinese),
explanation, the value found, the value expected and the suggested fix. Written through
``core.fsutil`` (a temporary file beside the target moved into place), so a failed write never
leaves a half-written file; an existing file is replaced only when ``overwrite`` is true; the
checked input itself is never written.
"""
from __future__ import annotations

from pathlib import Path

from core.findings import SEVERITY_ZH, CheckResult, Finding
from core.fsutil import prepare_output, write_atomic

# Sheet text (kept together here; core/messages.py is the shared home of core's Chinese text).
SHEET_TITLE = "问题清单"
HEADERS = ("序号", "严重程度", "规则", "位置", "问题说明", "原值", "应为", "建议")
WIDTHS = (7, 10, 30, 46, 70, 18, 18, 30)
ROW_LABEL = "“{label}”行"
COL_LABEL = "“{label}”列"
GROUP_LABEL = "“{label}”"
IN_FILE = "文件中：{where}"
QUOTE = "原文：{quote}"
FIX_CERTAIN = "改为 {value}"
FIX_CONFIRM = "可改为 {value}（需人工确认；其他可能：{alternatives}）"
FIX_CONFIRM_REPAIRS = "需人工确认，可能的修正：{alternatives}"
FIX_CONFIRM_ONE = "可改为 {value}（需人工确认）"
FIX_HINT = "参考：{value}"
FIX_SECTION = "插入章节标题“{value}”"
FIX_LABEL = "标签改为“{value}”"
WHOLE_REPORT = "全文"
BLANK = "（空白）"
LIST_SEP = "、"
CELL_VALUE = "为{value}"
CELLS_SEP = "；"
SEP = " · "

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
FONTS = {"error": "9C0006", "warning": "7F5F00", "info": "1F4E79"}


def write_findings_xlsx(result: CheckResult, out_path: str | Path, overwrite: bool = False) -> str:
    """Write the 问题清单 workbook for ``result``; return the path written. Raises
    ``core.fsutil.OutputError`` (an OSError with a Chinese ``message``) when the path is the
    checked input, exists and ``overwrite`` is false, or cannot be written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = prepare_output(out_path, result.path or None, overwrite, suffixes=(".xlsx",))

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(HEADERS))
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="44546A")
    for cell in ws[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for n, f in enumerate(result.findings, start=1):
        ws.append([n, SEVERITY_ZH.get(f.severity, f.severity), f"{f.title}（{f.rule}）",
                   describe_location(f), f.message, _text(f.found),
                   _text(f.expected, f.location.table),
                   describe_fix(f)])
        row = ws.max_row
        for cell in ws[row]:
            cell.alignment = wrap
        sev = ws.cell(row=row, column=2)
        if f.severity in FILLS:
            sev.fill = PatternFill("solid", fgColor=FILLS[f.severity])
            sev.font = Font(bold=True, color=FONTS[f.severity])
        sev.alignment = Alignment(horizontal="center", vertical="top")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(ws.max_row, 1)}"

    write_atomic(out, wb.save)
    return str(out)


def describe_location(f: Finding) -> str:
    """三、收到和处理政府信息公开申请情况 · 表三 · “（一）予以公开”行 · “总计”列 · 文件中：第3个表格第4行"""
    from core.messages import TABLE_SHORT
    from core.standard import load

    std = load()
    loc = f.location
    parts = []
    section = loc.section or {"t2": "S2", "t3": "S3", "t4": "S4"}.get(loc.table or "")
    if section:
        try:
            parts.append(std.section(section).heading)
        except StopIteration:
            parts.append(section)
    if loc.table:
        parts.append(TABLE_SHORT.get(loc.table, loc.table))
        try:
            if loc.row:
                label = std.row_label(loc.table, loc.row)
                if loc.table == "t3":
                    spec = next(r for r in std.t3_rows if r.key == loc.row)
                    if "›" in spec.group:
                        label = spec.group.split("›")[-1].strip() + label
                parts.append((GROUP_LABEL if loc.table == "t4" else ROW_LABEL).format(label=label))
            if loc.col:
                if loc.table == "t2" and loc.row:
                    label = std.col_label("t2", loc.row, loc.col)
                elif loc.table == "t2":
                    label = next(v for (cap, k), v in std.t2_col_labels.items() if k == loc.col)
                else:
                    label = std.col_label(loc.table, loc.row or "", loc.col)
                parts.append(COL_LABEL.format(label=label))
        except (StopIteration, KeyError):
            parts.extend(p for p in (loc.row, loc.col) if p)
    source = loc.quote_source or loc.source
    if source is not None:
        parts.append(IN_FILE.format(where=source.describe()))
    if loc.quote:
        quote = loc.quote if len(loc.quote) <= 80 else loc.quote[:80] + "…"
        parts.append(QUOTE.format(quote=quote))
    return SEP.join(parts) or WHOLE_REPORT


def describe_fix(f: Finding) -> str:
    fix = f.fix
    if fix is None:
        return ""
    value = _text(fix.value)
    if fix.kind == "section":
        return FIX_SECTION.format(value=value)
    if fix.kind == "label":
        return FIX_LABEL.format(value=value)
    if fix.certainty == "hint":
        return FIX_HINT.format(value=value)
    if fix.certainty == "confirm":
        if getattr(fix, "alternative_texts", None):      # repairs of several cells, in words
            return FIX_CONFIRM_REPAIRS.format(alternatives="；".join(fix.alternative_texts))
        alternatives = [a for a in fix.alternatives if a != fix.value]
        if alternatives:
            return FIX_CONFIRM.format(value=value,
                                      alternatives="；".join(_text(a) for a in alternatives))
        return FIX_CONFIRM_ONE.format(value=value)
    if value.startswith("表"):          # several cells with their values, already in words
        return value
    return FIX_CERTAIN.format(value=value)


def _cell_values(value) -> str:
    """Cells with their values, in words: 表三“（一）予以公开”行“总计”列为0；…"""
    from core.standard import cell_name, load

    std = load()
    return CELLS_SEP.join(
        cell_name(std, v["table"], v["row"], v["col"]) + CELL_VALUE.format(
            value=_text(v.get("value"))) for v in value)


def _text(value, table: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and isinstance(value.get("cells"), list):    # grouped cells
        value = [dict(c, table=c.get("table", table)) for c in value["cells"]]
    if (isinstance(value, (list, tuple)) and value and
            all(isinstance(v, dict) and {"table", "row", "col"} <= set(v) for v in value)):
        return _cell_values(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEP.join(_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else BLANK
