"""Structure: the six sections, their titles and order, the topics of 一, 五 and 六."""
from __future__ import annotations

import re

from core.findings import Fix, Location
from core.rules.registry import Hit, rule
from core.text import nfkc, squash

ASSESSMENT_WORDS = ("工作考核", "社会评议", "责任追究")
FEE_PATTERN = re.compile(r"(信息处理费|处理费|收费|收取费用|费用|缴费|缴纳)")
FEE_NOTICE_PATTERN = re.compile(r"(收费通知|缴纳|缴费|信息处理费)")
CLOSE_PREFIX = 2 / 3    # share of the official title a heading may keep and still be "close"


def _close_wording(found: str, official: str) -> bool:
    """A heading that keeps the official title whole inside a longer wording ("政府信息公开工作
    存在的主要问题及改进情况") or keeps its first two thirds ("存在的主要问题及整改措施"): an older
    or looser wording, a hint. A rewritten heading ("因政府信息公开工作被申请行政复议…") is not."""
    if official in found:
        return True
    common = 0
    for a, b in zip(found, official):
        if a != b:
            break
        common += 1
    return common >= CLOSE_PREFIX * len(official)
EMPTY_TOKENS = {"", "无", "无。", "暂无", "暂无。", "无其他需要报告的事项", "/"}


@rule("SEC-MISSING", "error", "缺少报告章节")
def missing_sections(ctx):
    """报告必须包含一至六全部六个部分（国办公开办函〔2021〕30号），内容“不能遗漏”。
    缺少的章节应按官方标题补上并填写内容。"""
    found = {s.key for s in ctx.report.sections}
    for sec in ctx.std.sections:
        if sec.key not in found and not ctx.unseen_section(sec.key):
            yield Hit(f"缺少第{sec.numeral}部分“{sec.heading}”。", Location(section=sec.key),
                      found=None, expected=sec.heading,
                      fix=Fix(None, None, None, sec.heading, kind="section"))


@rule("SEC-TITLE", "warning", "章节标题与官方格式不一致")
def renamed_sections(ctx):
    """章节标题应使用官方格式的原文，不宜改写（例如把“四、政府信息公开行政复议、行政诉讼情况”
    写成“因政府信息公开工作被申请行政复议…”）。只差几个字的旧措辞（如“五、政府信息公开工作
    存在的主要问题及改进情况”“存在的主要问题及整改措施”）作为提示。"""
    for s in ctx.report.sections:
        sec = ctx.std.section(s.key)
        heading = nfkc(s.heading).lstrip("#").strip()
        title = re.sub(r"^\s*[一二三四五六七八九][、.．,，:：\s]\s*", "", heading)
        if squash(title) != squash(sec.title):
            close = _close_wording(squash(title), squash(sec.title))
            yield Hit(f"第{sec.numeral}部分标题写作“{heading}”，官方标题为“{sec.heading}”"
                      + ("（措辞略有出入）。" if close else "。"),
                      Location(section=s.key, source=s.source), found=s.heading,
                      expected=sec.heading, fix=Fix(None, None, None, sec.heading, kind="section"),
                      severity="info" if close else None)


@rule("SEC-NUMBER", "warning", "章节序号错误")
def misnumbered_sections(ctx):
    """章节序号应依次为一至六，与标题内容对应（格式偏差：内容在，序号不对）。"""
    for s in ctx.report.sections:
        sec = ctx.std.section(s.key)
        if s.numeral and s.numeral != sec.numeral:
            yield Hit(f"“{s.heading}”的序号应为“{sec.numeral}”。",
                      Location(section=s.key, source=s.source), found=s.numeral,
                      expected=sec.numeral, fix=Fix(None, None, None, sec.heading, kind="section"))


@rule("SEC-ORDER", "warning", "章节顺序错误")
def section_order(ctx):
    """六个部分应按一至六的顺序排列。"""
    keys = [s.key for s in ctx.report.sections]
    for prev, cur in zip(ctx.report.sections, ctx.report.sections[1:]):
        if int(cur.key[1]) < int(prev.key[1]):
            yield Hit(f"“{cur.heading}”出现在“{prev.heading}”之后，顺序应为一至六。",
                      Location(section=cur.key, source=cur.source), found=" → ".join(keys),
                      expected="S1 → S6")


@rule("S1-TOPICS", "warning", "总体情况缺少规定内容")
def overview_topics(ctx):
    """“一、总体情况”应涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、
    监督保障五方面内容。缺少的方面合并为一条。"""
    if not any(s.key == "S1" for s in ctx.report.sections):
        return
    text = squash("".join(p.text for p in ctx.report.section_paragraphs("S1")))
    head = next(s for s in ctx.report.sections if s.key == "S1")
    missing = [title for _, title, keywords in ctx.std.topics
               if not any(k in text for k in keywords)]
    if missing:
        every = "、".join(title for _, title, _ in ctx.std.topics)
        names = "".join(f"“{t}”" for t in missing)
        count = "一二三四五六七八九"[len(ctx.std.topics) - 1]
        yield Hit(f"“一、总体情况”中没有找到{names}方面的内容（应涵盖{every}{count}方面）。",
                  Location(section="S1", source=head.source), expected=missing)


@rule("S1-ASSESSMENT", "warning", "缺少工作考核、社会评议和责任追究结果情况")
def assessment(ctx):
    """各级人民政府的年度报告应报告工作考核、社会评议和责任追究结果情况（条例第五十条第四项），
    通常写在监督保障部分。部门报告不作要求。"""
    if ctx.report.meta.level != "人民政府":
        return
    text = "".join(p.text for p in ctx.report.paragraphs)
    if not any(w in text for w in ASSESSMENT_WORDS):
        head = next((s for s in ctx.report.sections if s.key == "S1"), None)
        yield Hit("本报告为人民政府年度报告，但没有找到“工作考核、社会评议和责任追究结果情况”。",
                  Location(section="S1", source=head.source if head else None),
                  expected="工作考核、社会评议和责任追究结果情况")


@rule("S5-EMPTY", "warning", "“存在的主要问题及改进情况”内容空缺")
def problems_empty(ctx):
    """第五部分应具体写明存在的主要问题和改进情况，不能为空或只写“无”。"""
    head = next((s for s in ctx.report.sections if s.key == "S5"), None)
    if head is None:
        return
    text = "".join(p.text.strip() for p in ctx.report.section_paragraphs("S5"))
    if squash(text) in EMPTY_TOKENS or len(squash(text)) < 10:
        yield Hit(f"第五部分内容为“{text or '（空）'}”，应写明存在的主要问题及改进情况。",
                  Location(section="S5", source=head.source), found=text)


FEE_FROM_YEAR = 2021       # 国办函〔2020〕109号 applies from 1 January 2021


@rule("S6-FEE", "warning", "未说明信息处理费收取情况")
def fee_statement(ctx):
    """第六部分应说明按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的
    情况：收取的金额，或未收取。该办法自2021年1月1日起施行，2020年及以前的年度报告不作要求。"""
    head = next((s for s in ctx.report.sections if s.key == "S6"), None)
    if head is None or (ctx.report.meta.year or FEE_FROM_YEAR) < FEE_FROM_YEAR:
        return
    text = "".join(p.text for p in ctx.report.section_paragraphs("S6"))
    if not FEE_PATTERN.search(text):
        yield Hit("第六部分没有说明信息处理费的收取情况（收取金额，或“未收取信息处理费”）。",
                  Location(section="S6", source=head.source), found=text.strip() or None,
                  expected="本年度未收取信息处理费。",
                  fix=Fix(None, None, None, "本年度未收取信息处理费。", certainty="hint", kind="text"))


@rule("S6-FEE-NOTICE", "info", "有逾期未缴费的申请但未说明收费")
def fee_notice(ctx):
    """表三“申请人逾期未按收费通知要求缴纳费用”大于0，说明发出过收费通知，第六部分应说明收费情况。"""
    cell = ctx.cell("t3", "r6_2", "total")
    if cell is None or not cell.value:
        return
    text = "".join(p.text for p in ctx.report.section_paragraphs("S6"))
    if not FEE_NOTICE_PATTERN.search(text) or re.search(r"未收[取缴]", text):
        yield Hit(f"表三中有{cell.value:g}件申请因逾期未缴费不再处理，说明发出过收费通知，"
                  "第六部分应说明信息处理费的收取情况。", ctx.cell_location("t3", "r6_2", "total"),
                  found=cell.value)


@rule("DOC-DUPLICATE", "warning", "报告内容重复出现")
def duplicate(ctx):
    """同一文件中报告全文出现了两次（常见于网页复制），只按第一份检查。"""
    for note in ctx.report.notes:
        if note.code == "duplicate_report":
            yield Hit("文件中报告全文出现了两次，已只检查第一份；请删除重复的部分。",
                      Location(source=note.source), found=note.text)


INTRO_LIST = re.compile(r"(?:包括|分为|共分|包含)[^。：:]{0,12}?[:：]?\s*(?P<list>总体情况.{10,200}?其他需要报告的事项)")


@rule("SEC-INTRO", "info", "开头列举的部分名称与正文标题不一致")
def intro_names(ctx):
    """报告开头列举六个部分时，名称宜与官方标题一致（常见的是沿用旧格式的名称，如“因政府信息公开
    申请行政复议、提起行政诉讼的情况”）。"""
    titles = {squash(t) for sec in ctx.std.sections for t in (sec.title, *sec.variants)}
    for i, p in enumerate(ctx.report.paragraphs[:40]):
        m = INTRO_LIST.search(nfkc(p.text))
        if not m:
            continue
        names = [n for n in re.split(r"[、，,；;]|(?<=情况)和|(?<=情况)及", m.group("list")) if n.strip()]
        odd = [n.strip() for n in names if squash(n) not in titles]
        if odd:
            yield Hit(f"开头列举的部分名称“{'”“'.join(odd)}”与官方标题不一致。",
                      Location(source=p.source, quote=m.group(0)[:160], quote_source=p.source),
                      found=odd)
        return
