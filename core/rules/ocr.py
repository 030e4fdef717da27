"""Scanned reports: values the OCR read with little confidence.

A doubtful value is reported once, at its cell, with its page and box, as
“识别不确定，请核对原件”. It never becomes an arithmetic error by itself: ``settle`` (run by
``core.rules.run_rules`` after every rule) turns an arithmetic finding located at a doubtful
cell into that cell's doubt finding (with the value the relations call for), and lowers an
arithmetic finding whose repairs involve a doubtful cell to a warning. Every other arithmetic
finding at a value read by OCR says so (OCR can also misread with confidence).
"""
from __future__ import annotations

from dataclasses import replace

from core import messages
from core.findings import Location
from core.model import OCR_DOUBT_BELOW, SourceRef
from core.rules.registry import Hit, rule

RULE_ID = "OCR-DOUBT"
ARITHMETIC = ("T3-ROW-SUM", "T3-COL-SUM", "T3-BALANCE", "T4-GROUP-SUM")


def _confidences(ctx) -> dict[SourceRef, float]:
    cached = ctx.__dict__.get("_ocr_confidence")
    if cached is None:
        cached = {cell.source: cell.confidence for table in ctx.report.document.tables()
                  for row in table.rows for cell in row if cell.confidence is not None}
        ctx.__dict__["_ocr_confidence"] = cached
    return cached


def read_by_ocr(ctx) -> dict[tuple[str, str, str], float]:
    """(table, row, col) -> confidence of every standard cell whose value OCR read."""
    cached = ctx.__dict__.get("_ocr_cells")
    if cached is not None:
        return cached
    conf = _confidences(ctx)
    out = {}
    if conf:
        for t, data in ctx.report.tables.items():
            for (r, c), value in data.cells.items():
                score = conf.get(value.source) if value.source is not None else None
                if score is not None and value.raw.strip():
                    out[(t, r, c)] = score
    ctx.__dict__["_ocr_cells"] = out
    return out


def doubtful(ctx) -> dict[tuple[str, str, str], float]:
    """(table, row, col) of every standard cell whose value OCR read with little confidence."""
    return {k: v for k, v in read_by_ocr(ctx).items() if v < OCR_DOUBT_BELOW}


def _where(source: SourceRef | None) -> str:
    if source is None or source.page is None:
        return "位置未知"
    place = f"第{source.page}页"
    if source.box is not None:
        x0, top, x1, bottom = source.box
        place += f"，框 ({x0:.0f}, {top:.0f})–({x1:.0f}, {bottom:.0f})"
    return place


def _ocr_pages(ctx) -> list[int]:
    doc = ctx.report.document
    pages = set(getattr(doc, "ocr_pages", None) or ())
    pages |= {src.page for src in _confidences(ctx) if src.page is not None}
    return sorted(pages)


@rule("OCR-PAGES", "info", "扫描件，文字由程序识别")
def recognised_pages(ctx):
    """扫描件（只有图片的 PDF 或图片文件）的页面由程序识别（OCR）得到文字和数字，识别可能有误：
    列出这些页码，提醒对照原件核对。"""
    pages = _ocr_pages(ctx)
    if pages:
        yield Hit(messages.ocr_pages_note(pages), Location())


@rule(RULE_ID, "warning", "识别不确定，请核对原件")
def uncertain_values(ctx):
    """扫描件（只有图片的 PDF 或图片文件）中的文字和数字由程序识别（OCR）得到。识别把握不大的
    数字逐格列出（页码和位置），请对照原件核对；这样的数字不单独作为勾稽关系错误报告：
    若勾稽关系恰好指向这一格，提示按勾稽关系此格可能应为的数值。"""
    for (t, r, c), score in sorted(doubtful(ctx).items()):
        value = ctx.report.tables[t].cells[(r, c)]
        msg = messages.OCR_DOUBT_CELL.format(cell=ctx.cell_name(t, r, c), found=value.raw,
                                             confidence=score, doubt=messages.OCR_DOUBT,
                                             where=_where(value.source))
        yield Hit(msg, ctx.cell_location(t, r, c), found=value.raw)


def _cells_of(finding) -> set[tuple]:
    cells = set()
    fix = finding.fix
    if fix is not None:
        for alt in fix.alternatives or ():
            for change in alt:
                cells.add((change.get("table"), change.get("row"), change.get("col")))
    return cells


def _label_read_by_ocr(ctx, finding) -> bool:
    """A label one or two characters off the official one (T-LABEL's hint) on a page OCR read:
    the OCR, not the report, is then the likely cause."""
    src = finding.location.source
    return (finding.rule == "T-LABEL" and finding.severity == "info" and src is not None
            and src.page in _ocr_pages(ctx) and isinstance(finding.found, str)
            and isinstance(finding.expected, str))


def settle(ctx, findings: list) -> list:
    """Arithmetic findings against doubtful values: folded into the doubt finding at their cell
    (which gains the value the relations call for), or lowered to a warning when only one of
    their possible repairs touches a doubtful value. A label a character or two off the official
    one on a scanned page is said to be most likely a misreading."""
    for f in findings:
        if _label_read_by_ocr(ctx, f):
            f.message = messages.OCR_LABEL_TYPO.format(
                where=messages.TABLE_SHORT[f.location.table], found=f.found, official=f.expected,
                page=f.location.source.page)
    scanned = read_by_ocr(ctx)
    if not scanned:
        return findings
    doubt = doubtful(ctx)
    at_cell = {}
    for f in findings:
        loc = f.location
        if f.rule == RULE_ID:
            at_cell[(loc.table, loc.row, loc.col)] = f
    out = []
    for f in findings:
        loc = f.location
        key = (loc.table, loc.row, loc.col)
        if f.rule in ARITHMETIC and key in doubt:
            mine = at_cell.get(key)
            if mine is not None and f.expected is not None and mine.expected is None:
                mine.expected = f.expected
                mine.message += messages.OCR_DOUBT_RELATION.format(expected=f.expected)
                if f.fix is not None:
                    mine.fix = replace(f.fix, certainty="confirm")
            continue
        if f.rule in ARITHMETIC and f.severity == "error" and _cells_of(f) & doubt.keys():
            f.severity = "warning"
        if f.rule in ARITHMETIC and key in scanned:
            f.message += messages.OCR_ARITH_NOTE        # OCR can misread with confidence too
        out.append(f)
    return out
