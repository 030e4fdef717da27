"""Numbers stated in the prose against the table cells they describe."""
from __future__ import annotations

import re

from core.findings import Location
from core.rules.evidence import _STOP, T3_PATTERNS, report_sentences
from core.rules.registry import Hit, rule
from core.text import nfkc

NONE_RECEIVED = re.compile(r"(?:未|没有|尚未|无)(?:收到|受理|接到|接收)" + r"[^。；;]{0,30}?申请")
T4_NONE = re.compile(r"(?:未|没有|无)(?:发生|收到|出现|有)" + r"[^。；;]{0,30}?(行政复议|行政诉讼)"
                     + r"(?:[^。；;]{0,6}?(行政诉讼))?")
T4_COUNT = re.compile(r"(行政复议|行政诉讼)" + _STOP + r"{0,10}?(\d+)\s*(?:件|起|宗)")
# words that make "答复/处理 N 件" one kind of result (or the carried-over ones), not the total
_CATEGORY = re.compile(r"(公开|不予|无法|其他|部分|结转|转下|下一?年度?|年度办理)")
ALL_DONE = re.compile(r"(均已|全部|均)(按要求|按时|依法|在法定期限内)?(办理完成|办结|完成办理|答复完毕)")


def _clause_before(sentence: str, end: int) -> str:
    """The text of the clause up to ``end`` (since the last comma or enumeration mark)."""
    head = sentence[:end]
    cut = max(head.rfind(ch) for ch in ",，、;；")
    return head[cut + 1:]


def sentences(ctx):
    """(normalised sentence, original sentence, paragraph) of the prose where narrative numbers
    live; patterns run on the normalised text, findings quote the original."""
    return report_sentences(ctx.report)


def _loc(ctx, table, row, col, sentence, paragraph):
    loc = ctx.cell_location(table, row, col)
    loc.quote, loc.quote_source = sentence, paragraph.source
    return loc


def _value(ctx, table, row, col):
    """The cell's value once a located arithmetic error is repaired; None when the cell is part
    of a broken relation that could not be located (that finding already covers it)."""
    key = (table, row, col)
    comp = ctx.arith.component_of(key)
    if comp is not None and comp.chosen is None and any(key in rel.cells() for rel in comp.violated):
        return None
    return ctx.repaired.get(key)


@rule("N-T3-COUNT", "error", "正文中的申请件数与表三不一致")
def t3_counts(ctx):
    """正文中说明的收到（新收）、上年结转、办结、结转下年度的申请件数，应与表三对应单元格一致。"""
    if not ctx.report.tables["t3"].found:
        return
    for sentence, original, p in sentences(ctx):
        taken: list[tuple[int, int]] = []      # spans already read, so patterns never double-count
        # (row, stated) -> (phrases, actual): one sentence that says the same number of the same
        # row twice ("受理依申请公开3件，本年度新收3件") is one cause, one finding
        wrong: dict[tuple[str, int], tuple[list[str], float]] = {}
        for row, pattern in T3_PATTERNS:
            for m in pattern.finditer(sentence):
                if any(a < m.end(1) and m.start(1) < b for a, b in taken):
                    continue
                taken.append(m.span(1))
                if row == "total" and _CATEGORY.search(_clause_before(sentence, m.start())):
                    continue        # "同意公开答复9件", "其他处理14件": one result, not all
                stated = int(m.group(1))
                actual = _value(ctx, "t3", row, "total")
                if actual is None:
                    continue
                allowed = {actual}
                if row == "new":    # "受理" often counts last year's carried-over ones too
                    carried = _value(ctx, "t3", "carried_in", "total")
                    if carried is not None:
                        allowed.add(actual + carried)
                if stated not in allowed:
                    wrong.setdefault((row, stated), ([], actual))[0].append(m.group(0))
        for (row, stated), (phrases, actual) in wrong.items():
            said = "".join(f"“{phrase}”" for phrase in phrases)
            yield Hit(f"正文写{said}，而{ctx.cell_name('t3', row, 'total')}为{actual:g}。",
                      _loc(ctx, "t3", row, "total", original, p), found=stated, expected=actual)


CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10}
NORMATIVE_MADE = re.compile(r"(?:出台|制发|印发|制定|发布)" + _STOP + r"{0,6}?"
                            r"(\d+|[一二两三四五六七八九十])\s*(?:项|件|个|份|部)(?:行政)?规范性文件")


def _count(text: str) -> int:
    return int(text) if text.isdigit() else CN_DIGITS[text]


@rule("N-T2-NORMATIVE", "warning", "正文中制发的规范性文件数与表二不一致")
def t2_normative(ctx):
    """正文写明本年出台（制发）的规范性文件件数，应与表二“行政规范性文件 本年制发件数”一致。
    “四项”“4件”都算。"""
    cell = ctx.cell("t2", "normative", "made")
    if cell is None or cell.value is None:
        return
    for sentence, original, p in sentences(ctx):
        for m in NORMATIVE_MADE.finditer(sentence):
            stated = _count(m.group(1))
            if stated != cell.value:
                yield Hit(f"正文写“{m.group(0)}”，而{ctx.cell_name('t2', 'normative', 'made')}为"
                          f"{cell.value:g}。", _loc(ctx, "t2", "normative", "made", original, p),
                          found=stated, expected=cell.value)
                return


TOTAL_WITH_PARTS = re.compile(r"共" + _STOP + r"{0,14}?(\d+)\s*(条|件|篇|项)\s*[,，]?\s*[(（]?\s*其中")
MIN_PARTS = 3


@rule("N-PARTS-SUM", "warning", "正文所列分项之和与总数不符")
def parts_sum(ctx):
    """正文写“共…N条（其中A类a条，B类b条…）”时，所列各项之和应等于总数。"""
    for i, p in enumerate(ctx.report.paragraphs):
        text = nfkc(p.text)
        for m in TOTAL_WITH_PARTS.finditer(text):
            total, unit = int(m.group(1)), m.group(2)
            rest = text[m.end():]
            # the list ends with the sentence, its bracket, or where a new total starts ("共办理")
            end = min([k for k in (rest.find("。"), rest.find(")"), rest.find("共")) if k >= 0]
                      or [len(rest)])
            parts = [int(x) for x in re.findall(r"(\d+)\s*" + unit, rest[:end])]
            if len(parts) >= MIN_PARTS and sum(parts) != total:
                quote = (m.group(0) + rest[:end])[:160]
                loc = Location(section=ctx.report.section_of(i), source=p.source, quote=quote,
                               quote_source=p.source)
                yield Hit(f"正文写共{total}{unit}，其后所列{len(parts)}项之和为{sum(parts)}"
                          f"（{'+'.join(map(str, parts))}），两者不符。", loc, found=sum(parts),
                          expected=total)


@rule("N-ALL-DONE", "info", "正文称申请均已办结，但表三有结转下年度")
def all_done(ctx):
    """正文写“所有申请均已办结（办理完成）”，而表三“四、结转下年度继续办理”大于0：两种说法
    有出入，宜说明结转的件数。"""
    carried = _value(ctx, "t3", "carried_out", "total")
    if not carried:
        return
    for sentence, original, p in sentences(ctx):
        if ALL_DONE.search(sentence) and "申请" in sentence:
            yield Hit(f"正文称“{original}”，但表三“四、结转下年度继续办理”总计为{carried:g}。",
                      _loc(ctx, "t3", "carried_out", "total", original, p), found=carried,
                      expected=0)
            return


@rule("N-T3-NONE", "warning", "正文称未收到申请，但表三有数")
def t3_none(ctx):
    """正文写“未收到政府信息公开申请”，则表三各单元格都应为0。"""
    new = _value(ctx, "t3", "new", "total")
    if not new:
        return
    for sentence, original, p in sentences(ctx):
        if NONE_RECEIVED.search(sentence) and "结转" not in sentence:
            yield Hit(f"正文称“{original}”，但表三“一、本年新收政府信息公开申请数量”总计为{new:g}。",
                      _loc(ctx, "t3", "new", "total", original, p), found=new, expected=0)
            return


@rule("N-T4", "warning", "正文中的行政复议、行政诉讼情况与表四不一致")
def t4_statements(ctx):
    """正文写“未发生行政复议、行政诉讼”，则表四15个单元格都应为0；正文写明的件数应与表四一致
    （注意口径：本地区全部复议案件数不等于政府信息公开类案件数）。"""
    if not ctx.report.tables["t4"].found:
        return
    review = _value(ctx, "t4", "review", "total")
    suits = [_value(ctx, "t4", g, "total") for g in ("suit_direct", "suit_after_review")]
    suit_total = sum(v for v in suits if v is not None)
    for sentence, original, p in sentences(ctx):
        m = T4_NONE.search(sentence)
        if m:
            kinds = {m.group(1), m.group(2)} - {None}
            if "行政复议" in kinds and review:
                yield Hit(f"正文称“{original}”，但表四行政复议总计为{review:g}。",
                          _loc(ctx, "t4", "review", "total", original, p), found=review, expected=0)
            if "行政诉讼" in kinds and suit_total:
                group = "suit_direct" if suits[0] else "suit_after_review"
                yield Hit(f"正文称“{original}”，但表四行政诉讼总计为{suit_total:g}。",
                          _loc(ctx, "t4", group, "total", original, p), found=suit_total,
                          expected=0)
        for m in T4_COUNT.finditer(sentence):
            stated = int(m.group(2))
            if m.group(1) == "行政复议" and review is not None and stated != review:
                yield Hit(f"正文写“{m.group(0)}”，而表四行政复议总计为{review:g}。",
                          _loc(ctx, "t4", "review", "total", original, p), found=stated,
                          expected=review)
            if m.group(1) == "行政诉讼" and None not in suits and stated != suit_total:
                yield Hit(f"正文写“{m.group(0)}”，而表四行政诉讼两组总计之和为{suit_total:g}。",
                          _loc(ctx, "t4", "suit_direct", "total", original, p), found=stated,
                          expected=suit_total)
