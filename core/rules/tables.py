"""Table completeness, cell values and official labels."""
from __future__ import annotations

import re

from core import messages
from core.findings import Fix, Location
from core.messages import TABLE_NAMES, TABLE_SHORT
from core.rules.registry import TABLE_SECTION, Hit, rule


def _cells(ctx, kinds):
    for table in ("t2", "t3", "t4"):
        data = ctx.report.tables[table]
        for row, col in ctx.std.cell_keys(table):
            cell = data.cells.get((row, col))
            if cell is not None and cell.kind in kinds:
                yield table, row, col, cell


def _fill_fix(ctx, table, row, col):
    """The value a blank or placeholder cell must take, when the relations determine it."""
    key = (table, row, col)
    if key in ctx.arith.determined:
        return Fix(table, row, col, ctx.arith.determined[key]), ""
    if table == "t2":
        return Fix(table, row, col, 0), "表二没有勾稽关系，未发生的事项应填0"
    return None, "勾稽关系不能确定其数值，请核实后填写"


@rule("TABLE-MISSING", "error", "缺少标准表格")
def missing_tables(ctx):
    """报告必须包含表二（主动公开）、表三（依申请公开）、表四（行政复议、行政诉讼）三张标准表格。"""
    for table in ("t2", "t3", "t4"):
        if not ctx.report.tables[table].found and not ctx.unseen_row(table, None):
            yield Hit(f"没有找到{TABLE_NAMES[table]}。", Location(section=TABLE_SECTION[table],
                                                                 table=table),
                      expected=TABLE_NAMES[table])


@rule("T-ROW-MISSING", "error", "表格缺少行")
def missing_rows(ctx):
    """标准表格的每一行都必须保留，即使数值为0。同一张表缺少的行合并为一条。"""
    for table in ("t2", "t3"):
        data = ctx.report.tables[table]
        if not data.found or (table == "t2" and ctx.report.meta.format == "2019"):
            continue        # an old-format 表二 is reported once, not row by row
        rows = dict.fromkeys(r for r, _ in ctx.std.cell_keys(table))
        missing = [row for row in rows
                   if row not in data.row_sources and not ctx.unseen_row(table, row)]
        labels = [ctx.std.row_label(table, row) for row in missing]
        if len(missing) == 1:
            yield Hit(f"{TABLE_SHORT[table]}缺少“{labels[0]}”行。",
                      Location(section=TABLE_SECTION[table], table=table, row=missing[0],
                               source=data.source), expected=labels[0])
        elif missing:
            names = "、".join(f"“{label}”" for label in labels)
            yield Hit(f"{TABLE_SHORT[table]}缺少{len(missing)}行：{names}。",
                      Location(section=TABLE_SECTION[table], table=table, source=data.source),
                      expected=labels)


@rule("DOC-UNREAD-PAGES", "warning", "有页面未能读取")
def unread_pages(ctx):
    """PDF 或 OFD 中只有图片、没有文字的页面（扫描页）没有读取，其上的内容未能检查。表格或章节
    可能就在这些页面上：没有找到的不按“缺少”报告，而在这里列出，请对照原件核对。"""
    pages = ctx.unread_pages
    if not pages:
        return
    items = [TABLE_NAMES[t] for t in ("t2", "t3", "t4")
             if not ctx.report.tables[t].found and ctx.on_unread_page(t)]
    for t in ("t2", "t3"):
        data = ctx.report.tables[t]
        if data.found and ctx.on_unread_page(t):
            rows = dict.fromkeys(r for r, _ in ctx.std.cell_keys(t))
            lost = [r for r in rows if r not in data.row_sources]
            if lost:
                items.append(f"{TABLE_SHORT[t]}的{len(lost)}行")
    found = {s.key for s in ctx.report.sections}
    items += [f"第{sec.numeral}部分" for sec in ctx.std.sections
              if sec.key not in found and ctx.unread_section(sec.key)]
    msg = messages.UNREAD_PAGES.format(pages=messages.page_list(pages))
    if items:
        msg += messages.UNREAD_UNSEEN.format(items="、".join(items))
    if getattr(ctx.report.document, "unread_without_ocr", False):
        msg += messages.UNREAD_NO_OCR
    yield Hit(msg, Location(), found=pages, expected=items or None)


@rule("DOC-READ-NOTE", "info", "读取文件时的说明")
def reader_notes(ctx):
    """读取文件时发现、可能影响检查结果的情况，例如 PDF 中缺少文字编码的字符、电子表格中无法
    计算的公式。扫描页另有专门的提示。"""
    doc = ctx.report.document
    covered = {messages.pdf_scanned_pages(ctx.unread_pages),
               messages.ofd_scanned_pages(ctx.unread_pages),
               messages.ocr_pages_note(list(getattr(doc, "ocr_pages", None) or ()))}
    for note in dict.fromkeys(doc.notes):
        if note not in covered:
            yield Hit(note, Location())


@rule("DOC-TABLES-ONLY", "info", "只检查了表格")
def tables_only(ctx):
    """只含三张标准表格的电子表格（如本程序的 Excel 模板填好后）按表格检查：不检查章节、标题、
    统计期限和正文。"""
    if ctx.report.tables_only:
        yield Hit("这是只含表格的电子表格，只检查了表二、表三、表四的数字和格式；章节、标题、统计期限"
                  "和正文请在完整的报告中检查。", Location())


@rule("DOC-TRUNCATED", "error", "文件不完整")
def truncated(ctx):
    """文件在表格中途结束（例如网页只保存了开头）：其后的行、表格和章节无法检查。只报告这一次，
    不把看不到的内容逐项报为缺少。"""
    cut = ctx.truncation
    if cut is None:
        return
    after = f"“{ctx.std.row_label(cut.table, cut.row)}”行" if cut.row else "开头"
    yield Hit(f"文件在{TABLE_SHORT[cut.table]}{after}之后中断，其后的表格行、表格和章节都看不到，"
              "无法检查；请使用完整的报告文件。",
              Location(section=TABLE_SECTION[cut.table], table=cut.table, row=cut.row,
                       source=cut.source), found=cut.detail.get("tail") or None)


def _row_cells(ctx, table: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for row, col in ctx.std.cell_keys(table):
        rows.setdefault(row, []).append(col)
    return rows


def _blank_groups(ctx, table: str, kinds: tuple[str, ...]):
    """The blank cells of one table by cause: (cause, severity, [(row, col)]). A total left blank
    while its parts hold numbers is a cause of its own, cell by cell; then whole rows left blank;
    then whole columns blank in every row that has numbers (法人或其他组织 left empty); the rest of
    the table's blanks are one finding."""
    data = ctx.report.tables[table]
    rows = _row_cells(ctx, table)
    blank = {(r, c) for r, cols in rows.items() for c in cols
             if (r, c) in data.cells and data.cells[(r, c)].kind in kinds}
    if not blank:
        return
    for r, cols in rows.items():
        if "total" in cols and (r, "total") in blank:
            parts = [data.cells.get((r, c)) for c in cols if c != "total"]
            if any(p is not None and p.value for p in parts):
                blank.discard((r, "total"))
                yield "total", "warning", [(r, "total")]
    whole = [(r, c) for r, cols in rows.items() if len(cols) > 1
             and all((r, c) in blank for c in cols) for c in cols]
    if whole:
        blank -= set(whole)
        yield "rows", "warning", whole
    if table == "t3":
        filled = [r for r, cols in rows.items()
                  if any(data.cells.get((r, c)) is not None and data.cells[(r, c)].is_number
                         for c in cols)]
        empty_cols = [c for c in rows["new"] if filled and all((r, c) in blank for r in filled)]
        if empty_cols:
            cells = [(r, c) for r in filled for c in empty_cols]
            blank -= set(cells)
            yield "cols", "info", cells
    if blank:
        order = {k: i for i, k in enumerate(ctx.std.cell_keys(table))}
        yield "cells", "warning", sorted(blank, key=order.get)


def _grouped_fix(ctx, table, cells):
    edits = []
    certain = True
    for row, col in cells:
        fix, why = _fill_fix(ctx, table, row, col)
        if fix is None:
            certain = False
            continue
        certain = certain and not why
        edits.append({"table": table, "row": row, "col": col, "value": fix.value})
    if not edits:
        return None, edits
    if len(edits) == 1 and len(cells) == 1:
        e = edits[0]
        return Fix(table, e["row"], e["col"], e["value"],
                   certainty="certain" if certain else "confirm"), edits
    return Fix(table, None, None, edits, certainty="certain" if certain else "confirm"), edits


def _cells_text(ctx, table, cells, limit: int = 6) -> str:
    names = [ctx.cell_name(table, r, c).removeprefix(TABLE_SHORT[table]) for r, c in cells]
    more = f"等{len(names)}个单元格" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


def _rows_text(ctx, table, rows, limit: int = 6) -> str:
    names = [f"“{ctx.std.row_label(table, r)}”" for r in dict.fromkeys(rows)]
    return "、".join(names[:limit]) + (f"等{len(names)}行" if len(names) > limit else "")


def _blank_hits(ctx, kinds, word):
    for table in ("t2", "t3", "t4"):
        for cause, severity, cells in _blank_groups(ctx, table, kinds):
            fix, edits = _grouped_fix(ctx, table, cells)
            values = {(e["row"], e["col"]): e["value"] for e in edits}
            if cause == "total":
                (row, col), = cells
                v = values.get((row, col))
                msg = (f"{ctx.cell_name(table, row, col)}{word}，而本行其他栏有数字" +
                       (f"，应为{v}。" if v is not None else "，请填写总计。"))
            elif cause == "rows":
                names = _rows_text(ctx, table, [r for r, _ in cells])
                msg = f"{TABLE_SHORT[table]}{names}整行{word}，没有发生的应填0。"
            elif cause == "cols":
                cols = "、".join(dict.fromkeys(ctx.std.col_label(table, r, c) for r, c in cells))
                msg = (f"{TABLE_SHORT[table]}“{cols}”各栏在有数据的各行中全部{word}，"
                       "没有发生的应填0。")
            elif len({c for _, c in cells}) == 1 and len(cells) > 1:
                col = ctx.std.col_label(table, cells[0][0], cells[0][1])
                rows = _rows_text(ctx, table, [r for r, _ in cells])
                msg = f"{TABLE_SHORT[table]}“{col}”栏有{len(cells)}行{word}：{rows}。"
            else:
                msg = f"{TABLE_SHORT[table]}有{len(cells)}个单元格{word}：{_cells_text(ctx, table, cells)}。"
                if values:
                    msg += "按勾稽关系能确定的已给出应填数值。"
            row, col = cells[0]
            loc = ctx.cell_location(table, row, col if len(cells) == 1 else None)
            if len(cells) > 1:
                loc.row = cells[0][0] if len({r for r, _ in cells}) == 1 else None
            expected = {"cells": [{"row": r, "col": c, "value": values.get((r, c))}
                                  for r, c in cells]}
            yield Hit(msg, loc, found=word, expected=expected, fix=fix, severity=severity)


@rule("T-BLANK", "warning", "数值单元格空白")
def blank_cells(ctx):
    """表格中的数值单元格不得空白；没有发生的事项应填0。空白不会被当作0参与计算：勾稽关系能
    确定的，给出应填的数值。同一原因的空白合并为一条：某行的总计栏空白、整行空白、“法人或
    其他组织”各栏全部空白（提示）、其余空白。"""
    yield from _blank_hits(ctx, ("blank",), "空白")


@rule("T-PLACEHOLDER", "warning", "数值单元格填写了“/”“—”“无”等符号")
def placeholder_cells(ctx):
    """数值单元格应填写阿拉伯数字，没有发生的填0，不用“/”“—”“无”等符号。同一原因的合并为
    一条。"""
    yield from _blank_hits(ctx, ("placeholder",), "填写为符号而不是数字")


@rule("T-NOT-NUMBER", "error", "数值单元格不是数字")
def text_cells(ctx):
    """数值单元格只能填写数字。"""
    for table, row, col, cell in _cells(ctx, ("text",)):
        fix, _ = _fill_fix(ctx, table, row, col)
        yield Hit(f"{ctx.cell_name(table, row, col)}填写为“{cell.raw.strip()}”，不是数字。",
                  ctx.cell_location(table, row, col), found=cell.raw,
                  expected=fix.value if fix else None, fix=fix)


@rule("T-NEGATIVE", "error", "数值为负数")
def negative_cells(ctx):
    """件数和金额不能为负数。"""
    for table, row, col, cell in _cells(ctx, ("number",)):
        if cell.value < 0:
            yield Hit(f"{ctx.cell_name(table, row, col)}为负数（{cell.raw.strip()}）。",
                      ctx.cell_location(table, row, col), found=cell.value, expected="≥0")


@rule("T-NON-INTEGER", "error", "件数不是整数")
def non_integer_cells(ctx):
    """除表二“本年收费金额（单位：万元）”外，表格中的数值都是件数，必须是整数。"""
    for table, row, col, cell in _cells(ctx, ("number",)):
        if (table, col) == ("t2", "amount"):
            continue
        if not float(cell.value).is_integer():
            yield Hit(f"{ctx.cell_name(table, row, col)}为{cell.raw.strip()}，件数应为整数。",
                      ctx.cell_location(table, row, col), found=cell.value, expected="整数")


@rule("T-RAW-FORMAT", "info", "数字写法不规范")
def raw_format(ctx):
    """数值单元格宜只填写半角阿拉伯数字：全角数字、数字后加“件”、千位分隔符等写法虽能识别，
    但不规范。"""
    for table, row, col, cell in _cells(ctx, ("number",)):
        if cell.derived:
            continue
        raw = cell.raw.strip()
        plain = f"{cell.value:g}" if isinstance(cell.value, float) else str(cell.value)
        if not re.fullmatch(r"-?[0-9.]+", raw):       # 全角, 件, 1,234, spaces
            yield Hit(f"{ctx.cell_name(table, row, col)}写作“{raw}”，宜写作“{plain}”。",
                      ctx.cell_location(table, row, col), found=raw, expected=plain,
                      fix=Fix(table, row, col, cell.value))


@rule("T-LABEL", "warning", "表格标签与官方格式不一致")
def labels(ctx):
    """表格的行、列标签应与官方格式一致，例如“社会公益组织”不能写作“社会组织”（警告）。与
    官方标签只差一两个字的（疑为笔误，如“其他法律行政止公开”）作为提示。同一张表中找不到的
    官方标签（表头残缺）合并为一条；从网页复制或由其他文件转换得到的文本常丢失表头折行的文字，
    这种情况只作提示，请对照原件核对。"""
    absent: dict[str, list] = {}
    for dev in ctx.report.labels:
        where = TABLE_SHORT[dev.table]
        loc = Location(section=TABLE_SECTION[dev.table], table=dev.table, row=dev.row, col=dev.col,
                       source=dev.source)
        fix = Fix(dev.table, dev.row, dev.col, dev.official, kind="label")
        if dev.unrecognised:
            yield Hit(f"{where}“{dev.found}”不是官方的行标签；按所在位置和数值个数，这一行是"
                      f"“{dev.official}”，标签应改为官方写法。", loc, found=dev.found,
                      expected=dev.official, fix=fix)
        elif dev.found and not dev.known:
            yield Hit(f"{where}标签“{dev.found}”与官方标签“{dev.official}”有出入（疑为笔误）。",
                      loc, found=dev.found, expected=dev.official, fix=fix, severity="info")
        elif dev.found:
            yield Hit(f"{where}标签“{dev.found}”与官方标签“{dev.official}”不一致。", loc,
                      found=dev.found, expected=dev.official, fix=fix)
        else:
            absent.setdefault(dev.table, []).append(dev)
    # text copied from a page or converted from a PDF keeps the first line of a wrapped header
    # cell only ("商业企" for 商业企业): the original is most likely right, so only a hint
    copied = ctx.report.document.kind == "text"
    for table, devs in absent.items():
        if ctx.on_unread_page(table):
            continue        # its header may stand on a page nothing read (DOC-UNREAD-PAGES)
        first = devs[0]
        names = "、".join(f"“{d.official}”" for d in devs)
        loc = Location(section=TABLE_SECTION[table], table=table,
                       row=first.row if len(devs) == 1 else None,
                       col=first.col if len(devs) == 1 else None, source=first.source)
        why = ("复制或转换得到的文本常丢失表头折行的文字，请对照原件核对" if copied
               else "表头缺字或残缺")
        yield Hit(f"{TABLE_SHORT[table]}中没有找到官方标签{names}（{why}）。", loc,
                  expected=[d.official for d in devs],
                  fix=Fix(table, first.row, first.col, first.official, kind="label")
                  if len(devs) == 1 else None, severity="info" if copied else None)


@rule("T-SHORT-ROW", "warning", "表格行的数值个数不足")
def short_rows(ctx):
    """每行应有与列数相同的数值。数值个数不足时，缺少的按空白处理（多为复制时丢失或漏填总计）。
    同一张表中这样的行合并为一条。"""
    by_table: dict[str, list] = {}
    for note in ctx.report.notes:
        if note.code == "short_row":
            by_table.setdefault(note.table, []).append(note)
    for table, notes in by_table.items():
        first = notes[0]
        loc = ctx.cell_location(table, first.row if len(notes) == 1 else None, None)
        loc.source = first.source
        counts = sorted({(n.detail["found"], n.detail["expected"]) for n in notes})
        found = "、".join(f"{f}个" for f, _ in counts)
        expected = counts[0][1]
        rows = _rows_text(ctx, table, [n.row for n in notes])
        yield Hit(f"{TABLE_SHORT[table]}{rows}只有{found}数值，应为{expected}个；缺少的单元格按"
                  "空白处理（位于行末）。", loc,
                  found=[ctx.std.row_label(table, n.row) for n in notes], expected=expected)


@rule("T-GLUED", "info", "数字粘连，已按勾稽关系拆分")
def glued_split(ctx):
    """从网页或 PDF 复制的表格常把一行的数字连在一起（如“12070100128”）。只有当表格自身的
    勾稽关系使拆分方式唯一时才拆分，并提示核对。同一张表的合并为一条，逐行列出拆分结果。"""
    by_table: dict[str, list] = {}
    for note in ctx.report.notes:
        if note.code == "glued_split":
            by_table.setdefault(note.table, []).append(note)
    for table, notes in by_table.items():
        parts = []
        for note in notes:
            label = ctx.std.row_label(table, note.row) if note.row else "数据行"
            values = "、".join(str(v) for v in note.detail["values"])
            parts.append(f"“{label}”“{note.text}”→{values}")
        first = notes[0]
        yield Hit(f"{TABLE_SHORT[table]}有{len(notes)}行的数字连在一起，已按勾稽关系唯一地拆分，"
                  f"请对照原件核对：{'；'.join(parts)}。",
                  Location(section=TABLE_SECTION[table], table=table,
                           row=first.row if len(notes) == 1 else None, source=first.source),
                  found=[n.text for n in notes], expected=[n.detail["values"] for n in notes])


@rule("T-GLUED-UNREADABLE", "warning", "数字粘连，无法确定拆分")
def glued_unreadable(ctx):
    """数字连在一起且有多种拆分都说得通（或没有一种符合勾稽关系）时，不作猜测：列出可能的拆分，
    并给出其他行、列的勾稽关系推算出的数值（若能确定）。有多种拆分时是读取上的不确定，报告本身
    可能没有错，作为警告请对照原件核对；没有一种拆分能使本行总计成立时，原文的数字本身有误，
    是错误。"""
    for note in ctx.report.notes:
        if note.code != "unreadable_row":
            continue
        table, row = note.table, note.row
        rows = [row] if row else [g.key for g in ctx.std.t4_groups]
        keys = [(r, c) for r in rows for c in
                (next(x.cols for x in ctx.std.t2_rows if x.key == r) if table == "t2"
                 else [c.key for c in (ctx.std.t3_cols if table == "t3" else ctx.std.t4_cols)])]
        derived = [ctx.arith.determined.get((table, r, c)) for r, c in keys]
        cands = ["、".join(map(str, c)) for c in note.detail["candidates"]]
        label = ctx.std.row_label(table, row) if row else "数据行"
        msg = f"{TABLE_SHORT[table]}“{label}”的数字连在一起（“{note.text}”），无法确定如何拆分。"
        fix = None
        if cands:
            msg += f"可能的拆分：{'；'.join(cands)}。"
        if row and all(v is not None for v in derived):
            values = "、".join(map(str, derived))
            written = "".join(map(str, derived))
            same = "与原文数字一致" if written == note.text else f"按此应写作“{written}”，与原文“{note.text}”不符，请核对"
            msg += f"按其他行、列的勾稽关系推算，本行应为：{values}（{same}）。"
            fix = Fix(table, row, None, derived, certainty="confirm")
        elif cands:
            fix = Fix(table, row, None, note.detail["candidates"][0],
                      alternatives=note.detail["candidates"][1:], certainty="confirm")
        loc = Location(section=TABLE_SECTION[table], table=table, row=row, source=note.source)
        # no split at all fits the row's own total: the digits as written are wrong (an error);
        # several fit: the reading is uncertain, the report may well be right (a warning)
        severity = "error" if table != "t2" and not note.detail.get("count") else "warning"
        yield Hit(msg, loc, found=note.text, expected=cands or None, fix=fix, severity=severity)


@rule("T2-REGULATIONS", "info", "本级机关一般不制定规章")
def regulations_level(ctx):
    """只有国务院部门和省、设区的市、自治州人民政府制定规章。区县、乡镇和一般部门的表二
    “规章”制发或废止件数大于0，值得核实（提示）。乡镇一级“规章 现行有效件数”大于0而本年制发、
    废止都是0的，多为填错了行（警告）。"""
    meta = ctx.report.meta
    makes_rules = meta.level == "人民政府" and not re.search(r"(区|县|旗)人民政府$", meta.agency)
    if makes_rules or not meta.level:
        return
    who = f"“{meta.agency}”" if meta.agency else "本机关"
    for col in ("made", "repealed"):
        cell = ctx.cell("t2", "regulations", col)
        if cell is not None and cell.value:
            yield Hit(f"{ctx.cell_name('t2', 'regulations', col)}为{cell.value:g}，"
                      f"{who}一般无权制定规章，请核实。",
                      ctx.cell_location("t2", "regulations", col), found=cell.value)
    valid = ctx.cell("t2", "regulations", "valid")
    others = [ctx.cell("t2", "regulations", c) for c in ("made", "repealed")]
    if (meta.level in ("乡镇街道", "街道办事处") and valid is not None and valid.value
            and all(c is not None and c.value == 0 for c in others)):
        yield Hit(f"{ctx.cell_name('t2', 'regulations', 'valid')}为{valid.value:g}，而乡镇、街道"
                  "没有规章制定权，本年制发、废止也都是0，疑为填错了行（如应填在“行政规范性文件”"
                  "行），请核实。", ctx.cell_location("t2", "regulations", "valid"),
                  found=valid.value, expected=0, severity="warning")
