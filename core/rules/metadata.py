"""Title, year, statistics period, deadline and format version."""
from __future__ import annotations

import re

from core.findings import Fix, Location
from core.rules.registry import Hit, rule
from core.text import nfkc

OFFICIAL_TITLE = re.compile(r"^.+?(?:19|20)\d{2}年度?政府信息公开工作年度报告$")
NO_WORK_TITLE = re.compile(r"^.+?(?:19|20)\d{2}年度?政府信息公开年度报告$")


def _title_loc(ctx) -> Location:
    return Location(source=ctx.report.meta.title_source)


@rule("M-TITLE", "warning", "报告标题不规范")
def title_form(ctx):
    """标题应为“机关名称＋年份＋年政府信息公开工作年度报告”，例如“××市××局2023年政府信息公开
    工作年度报告”；“工作报告”“年报”等写法不规范。只少“工作”二字的作为提示。"""
    meta = ctx.report.meta
    if not meta.title:
        yield Hit("没有找到报告标题（应为“机关名称＋年份＋年政府信息公开工作年度报告”）。", Location(),
                  expected="<机关名称><年份>年政府信息公开工作年度报告")
        return
    title = re.sub(r"\s+", "", nfkc(meta.title).lstrip("#"))
    if NO_WORK_TITLE.match(title):
        expected = title.replace("政府信息公开年度报告", "政府信息公开工作年度报告")
        yield Hit(f"标题“{meta.title}”少“工作”二字，规范写法为“{expected}”。", _title_loc(ctx),
                  found=meta.title, expected=expected, severity="info",
                  fix=Fix(None, None, None, expected, kind="text", certainty="confirm"))
    elif not OFFICIAL_TITLE.match(title):
        expected = (f"{meta.agency}{meta.year}年政府信息公开工作年度报告"
                    if meta.year and meta.agency else None)
        wanted = expected or (f"机关名称＋{meta.year}年政府信息公开工作年度报告" if meta.year
                              else "机关名称＋年份＋年政府信息公开工作年度报告")
        yield Hit(f"标题“{meta.title}”不符合规定格式，应为“{wanted}”。",
                  _title_loc(ctx), found=meta.title, expected=expected,
                  fix=Fix(None, None, None, expected, kind="text", certainty="confirm")
                  if expected else None)


@rule("M-YEAR", "error", "报告年份前后不一致")
def year_agrees(ctx):
    """标题中的年份、统计期限中的年份应一致。"""
    meta = ctx.report.meta
    if meta.year and meta.period and meta.year_from == "title":
        years = {meta.period[0][0], meta.period[1][0]}
        if years != {meta.year}:
            yield Hit(f"标题年份为{meta.year}年，统计期限写作“{meta.period_text}”，年份不一致。",
                      Location(source=meta.period_source), found=sorted(years), expected=meta.year)


@rule("M-PERIOD", "warning", "统计期限不是整个年度")
def period_whole_year(ctx):
    """报告数据的统计期限应为报告年度的1月1日至12月31日。"""
    meta = ctx.report.meta
    if meta.period is None:
        year = meta.year or 2023
        yield Hit(f"没有找到统计期限的说明（如“报告数据统计期限为{year}年1月1日至{year}年12月31日”）。",
                  Location(section="S1", source=meta.title_source), severity="info",
                  expected=f"{meta.year or '本'}年1月1日至12月31日")
        return
    (y1, m1, d1), (y2, m2, d2) = meta.period
    if (m1, d1, m2, d2) != (1, 1, 12, 31) or y1 != y2:
        year = meta.year or y1
        yield Hit(f"统计期限写作“{meta.period_text}”，应为{year}年1月1日至{year}年12月31日。",
                  Location(source=meta.period_source), found=meta.period_text,
                  expected=f"{year}年1月1日至{year}年12月31日")


@rule("M-DEADLINE", "info", "落款日期晚于公布期限")
def deadline(ctx):
    """条例第四十九条：县级以上人民政府部门应于每年1月31日前、县级以上地方人民政府应于每年
    3月31日前公布上一年度的年度报告。乡镇、街道按当地规定。仅作提示。"""
    meta = ctx.report.meta
    if not (meta.signed and meta.year) or meta.level in ("乡镇街道", "街道办事处"):
        return
    limit = (meta.year + 1, 3, 31) if meta.level == "人民政府" else (meta.year + 1, 1, 31)
    if tuple(meta.signed) > limit:
        y, m, d = meta.signed
        yield Hit(f"落款（发布）日期为{y}年{m}月{d}日，晚于{limit[0]}年{limit[1]}月{limit[2]}日的公布期限。",
                  Location(source=meta.signed_source), found=meta.signed_text,
                  expected=f"{limit[0]}年{limit[1]}月{limit[2]}日前")


@rule("M-FORMAT-2019", "error", "使用了已废止的2019年格式")
def old_format(ctx):
    """2021年及以后的年度报告应使用国办公开办函〔2021〕30号的新格式：表二删除了“本年新制作数量”
    “对外公开总数量”“政府集中采购”等，“规范性文件”改为“行政规范性文件”（错误）。2019、2020
    年度的报告使用2019年格式是当年的规定，只作警告说明：表二按旧格式，不按新格式逐行检查。"""
    meta = ctx.report.meta
    if meta.format != "2019":
        return
    if (meta.year or 2021) >= 2021:
        yield Hit("报告的表二使用了2019年的旧表格格式（如“本年新制作数量”“政府集中采购”），应改用"
                  "2021年新格式。", Location(section="S2", table="t2"), found="2019", expected="2021")
    else:
        yield Hit(f"{meta.year}年度报告的表二使用2019年格式（当年的规定格式）；2021年起的年度报告"
                  "应使用2021年新格式。表二未按新格式逐行检查。", Location(section="S2", table="t2"),
                  found="2019", expected="2021", severity="warning")


@rule("T3-R6-SINGLE", "warning", "表三“（六）其他处理”仍为单行")
def single_r6(ctx):
    """2021年格式把表三“（六）其他处理”分为3个小项（逾期不补正、逾期未缴费、其他）。仍写成一行
    的，按旧格式的这一行参与勾稽计算（它代表三个小项之和），并提示按新格式拆分。"""
    if not ctx.report.single_r6:
        return
    yield Hit("表三“（六）其他处理”仍为一行（2019年格式），2021年格式应分为“1.申请人无正当理由逾期"
              "不补正…”“2.申请人逾期未按收费通知要求缴纳费用…”“3.其他”三个小项。计算时按这一行代表"
              "三项之和。", ctx.cell_location("t3", "r6", None), found="（六）其他处理",
              expected="三个小项")
