"""The audit workbook of a batch: 汇总 (one row per file), 问题明细 (one row per finding),
内容雷同 (pairs of reports with copied prose and the passages they share), 数据汇总 (the numbers
of every report, core.batch.data). Written atomically in openpyxl's write-only mode; a sheet
that reaches the row limit continues on the next; never replaces a file unless asked to.

A file's counts are its own findings, the same numbers the window shows for it; copied prose
is a property of a pair of files, so it has its own column in 汇总 and its own sheet, never a
per-file warning. Rows and columns are named by the format's labels, never by internal keys."""
from __future__ import annotations

from pathlib import Path

from core import messages
from core.batch.data import clean
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
SIMILAR_HEADERS = ("文件甲", "文件乙", "相同比例", "同一机关", "说明", "共同段落（节选）")
SIMILAR_WIDTHS = (45, 45, 10, 10, 60, 80)
MAX_ROWS = 1_048_576                # rows of one sheet in Excel and LibreOffice
FIRST_PROBLEMS = 3
LINK_TEXT = "查看"
SECTION_ZH = {f"S{i}": n for i, n in enumerate("一二三四五六", 1)}
TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
YES, NO = "是", "否"


class _Sheet:
    """A write-only sheet with a formatted header that continues on 问题明细（2）, 问题明细（3）…
    when it reaches ``max_rows`` rows (Excel's limit: 1,048,576, the header included)."""

    def __init__(self, wb, title: str, headers, widths, max_rows: int = MAX_ROWS):
        self.wb, self.title, self.headers, self.widths = wb, title, headers, widths
        self.max_rows = max_rows
        self.sheets: list = []           # (worksheet, rows written)
        self._open()

    def _open(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        n = len(self.sheets) + 1
        ws = self.wb.create_sheet(self.title if n == 1 else f"{self.title}（{n}）")
        for i, w in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
        head = []
        for text in self.headers:
            cell = WriteOnlyCell(ws, text)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="44546A")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            head.append(cell)
        ws.append(head)
        self.sheets.append([ws, 1])

    @property
    def ws(self):
        return self.sheets[-1][0]

    def next_row(self) -> tuple[str, int]:
        """The sheet title and row number the next ``append`` will write to."""
        if self.sheets[-1][1] >= self.max_rows:
            self._open()
        return self.ws.title, self.sheets[-1][1] + 1

    def append(self, cells: list) -> tuple[str, int]:
        where = self.next_row()
        self.ws.append([clean(c) for c in cells])
        self.sheets[-1][1] += 1
        return where

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(self.headers))
        for ws, rows in self.sheets:
            ws.auto_filter.ref = f"A1:{last}{rows}"


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


def _styled(ws, value, fill: str | None = None, font=None, alignment=None):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    cell = WriteOnlyCell(ws, clean(value))
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_workbook(result: BatchResult, out_path: str | Path, overwrite: bool = False,
                   inputs: list[str] | None = None, max_rows: int = MAX_ROWS) -> Path:
    """汇总, 问题明细 (continued on further sheets past ``max_rows``), 内容雷同 and 数据汇总, written
    in openpyxl's write-only mode (rows stream to disk: memory stays flat at 10,000 reports)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    from core.batch.data import write_data_sheet

    out = prepare_output(out_path, None, overwrite, suffixes=(".xlsx",))
    for path in inputs or []:
        prepare_output(out, path, True)          # the workbook never replaces a checked file
    copied = similar_text(result)
    wb = Workbook(write_only=True)
    summary = _Sheet(wb, SUMMARY, SUMMARY_HEADERS, SUMMARY_WIDTHS, max_rows)
    detail = _Sheet(wb, DETAIL, DETAIL_HEADERS, DETAIL_WIDTHS, max_rows)
    wrap = Alignment(vertical="top", wrap_text=True)
    for n, row in enumerate(result.rows, 1):
        findings = row.findings
        first_detail = detail.next_row() if findings else None
        for f in findings:
            loc = f.get("location") or {}
            detail.next_row()                     # a new sheet first when this one is full
            ws = detail.ws
            sev = _styled(ws, SEVERITY_ZH[f["severity"]], FILLS[f["severity"]],
                          Font(color=FONTS[f["severity"]], bold=True))
            detail.append([row.path, row.report.get("agency") or "", f["rule"], sev,
                           SECTION_ZH.get(loc.get("section"), ""),
                           TABLE_ZH.get(loc.get("table"), ""),
                           row_label(loc.get("table"), loc.get("row")),
                           col_label(loc.get("table"), loc.get("row"), loc.get("col")),
                           _cell(f.get("found")), _cell(f.get("expected")),
                           _fix_text(f), _styled(ws, f["message"], alignment=wrap)])
        counts = {s: sum(1 for f in findings if f["severity"] == s)
                  for s in ("error", "warning", "info")}
        problems = "；".join(f["message"] for f in findings[:FIRST_PROBLEMS])
        _, srow = summary.next_row()
        ws = summary.ws
        worst = next((s for s in ("error", "warning") if counts[s]), None)
        fill = "D9D9D9" if row.status != "checked" else (FILLS[worst] if worst else None)
        link = ""
        if findings:
            link = _styled(ws, LINK_TEXT, font=Font(color="0563C1", underline="single"))
            # an internal link (location), not a "#..." target Excel treats as an external file
            link.hyperlink = Hyperlink(ref="", location=f"'{first_detail[0]}'!A{first_detail[1]}",
                                       display=LINK_TEXT)
            link.hyperlink.ref = f"{_column(len(SUMMARY_HEADERS))}{srow}"
        summary.append([n, row.path, row.report.get("agency") or "", row.report.get("year") or "",
                        row.report.get("level") or "", _styled(ws, _status(row), fill),
                        counts["error"], counts["warning"], counts["info"],
                        _styled(ws, problems, alignment=wrap), row.prior or "",
                        _styled(ws, copied.get(row.path, ""), alignment=wrap), link])
    similar = _Sheet(wb, SIMILAR, SIMILAR_HEADERS, SIMILAR_WIDTHS, max_rows)
    for s in result.similar:
        template = messages.BATCH_SIMILAR_SAME if s.same_agency else messages.BATCH_SIMILAR_OTHER
        similar.append([s.a, s.b, f"{s.share:.0%}", YES if s.same_agency else NO,
                        template.format(share=s.share, other=Path(s.b).name),
                        _styled(similar.ws, "\n".join(s.passages), alignment=wrap)])
    for sheet in (summary, detail, similar):
        sheet.finish()
    write_data_sheet(wb, result.rows)
    write_atomic(out, wb.save)
    return out


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):          # several cells at once: their values, never their keys
        cells = value.get("cells")
        if isinstance(cells, list):
            return "、".join(_cell(c.get("value")) for c in cells if isinstance(c, dict))
        return "、".join(_cell(v) for v in value.values())
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)
