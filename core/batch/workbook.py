"""The audit workbook of a batch: 汇总 (one row per file), 问题明细 (one row per finding),
内容雷同 (pairs of reports with copied prose). Written atomically; never replaces a file unless
asked to.

A file's counts are its own findings, the same numbers the window shows for it; copied prose
is a property of a pair of files, so it has its own column in 汇总 and its own sheet, never a
per-file warning. Rows and columns are named by the format's labels, never by internal keys."""
from __future__ import annotations

from pathlib import Path

from core import messages
from core.batch.export import FILLS, FONTS
from core.batch.run import BatchResult, FileRow
from core.findings import SEVERITY_ZH
from core.fsutil import prepare_output, write_atomic
from core.standard import load as load_standard

SUMMARY = "汇总"
DETAIL = "问题明细"
SIMILAR = "内容雷同"
SUMMARY_HEADERS = ("序号", "文件", "机关", "年度", "层级", "状态", "错误", "警告", "提示",
                   "主要问题", "对比上年度报告", "内容雷同", "明细")
SUMMARY_WIDTHS = (6, 40, 30, 7, 10, 12, 7, 7, 7, 70, 30, 40, 10)
DETAIL_HEADERS = ("文件", "机关", "规则", "严重程度", "章节", "表格", "行", "列", "原值", "应为",
                  "建议修正", "问题说明")
DETAIL_WIDTHS = (34, 26, 18, 9, 8, 8, 34, 20, 12, 12, 18, 80)
SIMILAR_HEADERS = ("文件甲", "文件乙", "相同比例", "同一机关", "说明")
SIMILAR_WIDTHS = (45, 45, 10, 10, 60)
FIRST_PROBLEMS = 3
LINK_TEXT = "查看"
SECTION_ZH = {f"S{i}": n for i, n in enumerate("一二三四五六", 1)}
TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
YES, NO = "是", "否"


def _header(ws, headers, widths):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="44546A")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def _finish(ws):
    if ws.max_row >= 1:
        ws.auto_filter.ref = ws.dimensions


def _status(row: FileRow) -> str:
    text = messages.BATCH_STATUS.get(row.status, row.status)
    if row.refusal and row.status != "checked":
        return f"{text}：{row.refusal['message']}"
    return text


def _fix_text(f: dict) -> str:
    fix = f.get("fix")
    if not fix or fix.get("value") is None:
        return ""
    value = fix["value"]
    value = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    return value + ("（需确认）" if fix.get("certainty") == "confirm" else "")


def similar_text(result: BatchResult) -> dict[str, str]:
    """path -> the 内容雷同 cell: every other file whose prose this one shares, with the share."""
    parts: dict[str, list[str]] = {}
    for s in result.similar:
        for me, other in ((s.a, s.b), (s.b, s.a)):
            template = messages.BATCH_SIMILAR_SAME if s.same_agency else messages.BATCH_SIMILAR_OTHER
            parts.setdefault(me, []).append(template.format(share=s.share, other=Path(other).name))
    return {path: "；".join(texts) for path, texts in parts.items()}


def row_label(table: str | None, row: str | None) -> str:
    """The format's label of a row (表四: of a column group), never its internal key."""
    if not table or not row:
        return ""
    std = load_standard()
    try:
        label = std.row_label(table, row)
    except (StopIteration, KeyError):
        return ""
    spec = next((r for r in std.t3_rows if r.key == row), None) if table == "t3" else None
    if spec is not None and "›" in spec.group:       # 表三's numbered rows repeat under sub-groups
        return spec.group.split("›")[-1].strip() + " " + label
    return label


def col_label(table: str | None, row: str | None, col: str | None) -> str:
    if not table or not col:
        return ""
    std = load_standard()
    try:
        if table == "t2" and not row:
            return next(lbl for (_cap, key), lbl in std.t2_col_labels.items() if key == col)
        if table == "t4" and not row and any(g.key == col for g in std.t4_groups):
            return std.row_label(table, col)
        return std.col_label(table, row, col)
    except (StopIteration, KeyError):
        return ""


def write_workbook(result: BatchResult, out_path: str | Path, overwrite: bool = False,
                   inputs: list[str] | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    out = prepare_output(out_path, None, overwrite, suffixes=(".xlsx",))
    for path in inputs or []:
        prepare_output(out, path, True)          # the workbook never replaces a checked file
    copied = similar_text(result)
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY
    detail = wb.create_sheet(DETAIL)
    similar = wb.create_sheet(SIMILAR)
    _header(summary, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    _header(detail, DETAIL_HEADERS, DETAIL_WIDTHS)
    _header(similar, SIMILAR_HEADERS, SIMILAR_WIDTHS)
    wrap = Alignment(vertical="top", wrap_text=True)
    r = 1                    # the last detail row written (ws.max_row is a scan: O(n) a call)
    for n, row in enumerate(result.rows, 1):
        findings = row.findings
        first_detail = r + 1
        for f in findings:
            loc = f.get("location") or {}
            detail.append([row.path, row.report.get("agency") or "", f["rule"],
                           SEVERITY_ZH[f["severity"]], SECTION_ZH.get(loc.get("section"), ""),
                           TABLE_ZH.get(loc.get("table"), ""),
                           row_label(loc.get("table"), loc.get("row")),
                           col_label(loc.get("table"), loc.get("row"), loc.get("col")),
                           _cell(f.get("found")), _cell(f.get("expected")),
                           _fix_text(f), f["message"]])
            r += 1
            detail.cell(r, 4).fill = PatternFill("solid", fgColor=FILLS[f["severity"]])
            detail.cell(r, 4).font = Font(color=FONTS[f["severity"]], bold=True)
            detail.cell(r, 12).alignment = wrap
        counts = {s: sum(1 for f in findings if f["severity"] == s)
                  for s in ("error", "warning", "info")}
        problems = "；".join(f["message"] for f in findings[:FIRST_PROBLEMS])
        summary.append([n, row.path, row.report.get("agency") or "", row.report.get("year") or "",
                        row.report.get("level") or "", _status(row), counts["error"],
                        counts["warning"], counts["info"], problems, row.prior or "",
                        copied.get(row.path, ""), LINK_TEXT if findings else ""])
        srow = n + 1
        if findings:
            link = summary.cell(srow, len(SUMMARY_HEADERS))
            # an internal link (location), not a "#..." target Excel treats as an external file
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{DETAIL}'!A{first_detail}",
                                       display=LINK_TEXT)
            link.font = Font(color="0563C1", underline="single")
        worst = next((s for s in ("error", "warning") if counts[s]), None)
        if row.status != "checked":
            summary.cell(srow, 6).fill = PatternFill("solid", fgColor="D9D9D9")
        elif worst:
            summary.cell(srow, 6).fill = PatternFill("solid", fgColor=FILLS[worst])
        summary.cell(srow, 10).alignment = wrap
        summary.cell(srow, 12).alignment = wrap
    for s in result.similar:
        template = messages.BATCH_SIMILAR_SAME if s.same_agency else messages.BATCH_SIMILAR_OTHER
        similar.append([s.a, s.b, f"{s.share:.0%}", YES if s.same_agency else NO,
                        template.format(share=s.share, other=Path(s.b).name)])
    for ws in (summary, detail, similar):
        _finish(ws)
    write_atomic(out, wb.save)
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)
