"""Agency, year, level, statistics period and signature date."""
from __future__ import annotations

import re

from core.model import Paragraph
from core.report import Meta
from core.text import nfkc

_TITLE = re.compile(r"^(?P<agency>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<rest>.*?(?:报告|年报))\s*$")
_DATE = r"(?P<{p}y>(?:19|20)\d{{2}})\s*年\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
_PERIOD = re.compile(r"(?:统计|期限|期间|时限|时间)[^。]{0,20}?" + _DATE.format(p="a")
                     + r"\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<by>(?:19|20)\d{2})\s*年)?\s*"
                     + r"(?P<bm>\d{1,2})\s*月\s*(?P<bd>\d{1,2})\s*日")
_SIGNED = re.compile(r"^\s*" + _DATE.format(p="") + r"\s*$")
_PUBLISHED = re.compile(r"发布(?:时间|日期)\s*[:：]?\s*(?P<y>(?:19|20)\d{2})[-/年.](?P<m>\d{1,2})[-/月.](?P<d>\d{1,2})")
_GOV = re.compile(r"(人民政府|(?:省|市|区|县|州|旗|盟)政府)$")
_TOWN = re.compile(r"(镇|乡|街道|镇人民政府|乡人民政府|苏木)$")
_STREET_OFFICE = re.compile(r"街道办事处$")
TITLE_SEARCH_PARAGRAPHS = 6
TITLE_MAX_CHARS = 80            # longer is a paragraph of prose, never the title
TITLE_TAIL_CHARS = 12           # the second line of a wrapped title ("年度报告", "工作年度报告")
_TITLE_WORDS = re.compile(r"(?:19|20)\d{2}\s*年度?.*(?:信息公开|政务公开).*(?:报告|年报)")
_TITLE_START = re.compile(r"(?:19|20)\d{2}\s*年度?.*(?:信息公开|政务公开)")
_NOT_A_TITLE = re.compile(r"^(?:根据|按照|依据|为|现将|本报告)")
_FIRST_AGENCY = re.compile(r"^(?P<agency>.+?)(?:政府信息公开|政务公开|信息公开)")


def _year_first_agency(rest: str) -> str:
    """The agency of a title written year first ("2024年上海市科委政府信息公开工作年度报告"): the
    words between the year and 政府信息公开; "" for the official order."""
    rest = re.sub(r"\s+", "", rest)
    if rest.startswith(("政府信息公开", "政务公开", "信息公开")):
        return ""
    m = _FIRST_AGENCY.match(rest)
    return m.group("agency") if m else ""


def _clean(text: str) -> str:
    return nfkc(text).strip().lstrip("#").strip()


# what a crawler or a saved page puts around a title: "标题：…", "…-沭阳县发改局", "… - 网站名"
_CRAWLER_PREFIX = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.I)
_SITE_SUFFIX = re.compile(r"(?<=报告|年报)\s*[-_|－—]+\s*[^-_|－—]{1,30}$")
PAGE_SEARCH_PARAGRAPHS = 40     # a saved web page: the heading follows the site's navigation


def _title_text(text: str) -> str:
    return _SITE_SUFFIX.sub("", _CRAWLER_PREFIX.sub("", _clean(text))).strip()


def find_title(paragraphs: list[Paragraph]) -> tuple[str, int | None]:
    """The title, joined from up to two leading paragraphs (agency on one line, year on the next).
    A crawler's "标题：…-站点名" line gives the title text; the report's own heading paragraph, when
    it repeats that text further down (after a page's navigation), is where the title stands."""
    head = [(i, _title_text(p.text)) for i, p in enumerate(paragraphs[:TITLE_SEARCH_PARAGRAPHS * 2])
            if _clean(p.text)][:TITLE_SEARCH_PARAGRAPHS]
    for k, (i, text) in enumerate(head):
        if len(text) > TITLE_MAX_CHARS or _NOT_A_TITLE.match(text):
            continue            # the introduction ("根据……编制了2024年度政务公开工作报告……")
        if (_TITLE_START.search(text) and not _TITLE_WORDS.search(text) and k + 1 < len(head)
                and len(head[k + 1][1]) <= TITLE_TAIL_CHARS
                and _TITLE_WORDS.search(text + head[k + 1][1])):
            text = text + head[k + 1][1]        # a title wrapped onto a second line: "…工作" "年度报告"
        if _TITLE_WORDS.search(text):
            m = _TITLE.match(text)
            if (m and not m.group("agency").strip() and not _year_first_agency(m.group("rest"))
                    and k > 0 and len(head[k - 1][1]) <= 40):
                return head[k - 1][1] + text, head[k - 1][0]
            if text != _clean(paragraphs[i].text):      # taken from a crawler's header line
                for j, p in enumerate(paragraphs[i + 1:PAGE_SEARCH_PARAGRAPHS], i + 1):
                    if _clean(p.text) == text:
                        return text, j
            return text, i
    return "", None


def agency_level(agency: str) -> str:
    a = re.sub(r"\s+", "", agency)
    if _STREET_OFFICE.search(a):
        return "街道办事处"
    if _TOWN.search(a):
        return "乡镇街道"
    if _GOV.search(a):
        return "人民政府"
    return "部门"


_SELF = re.compile(r"(?:我|本)(镇|乡|街道|局|委|办|中心)")


def _level_from_prose(paragraphs: list[Paragraph]) -> str:
    """Without a title, how the report names its agency: "我镇" (a township), "我局" (a
    department). The most frequent wins; nothing when the prose says neither."""
    counts: dict[str, int] = {}
    for p in paragraphs[:60]:
        for m in _SELF.finditer(nfkc(p.text)):
            level = "乡镇街道" if m.group(1) in ("镇", "乡", "街道") else "部门"
            counts[level] = counts.get(level, 0) + 1
    return max(counts, key=counts.get) if counts else ""


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
PROSE_YEAR_PARAGRAPHS = 12      # the opening of the report: its overview speaks of its own year


def _year_from_prose(paragraphs: list[Paragraph]) -> int | None:
    """A report without a title (a crawler's text often starts at "一、总体情况"): the year its
    opening paragraphs name most, when one year is named more often than any other."""
    counts: dict[int, int] = {}
    for p in paragraphs[:PROSE_YEAR_PARAGRAPHS]:
        for m in _YEAR.finditer(nfkc(p.text)):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def read_meta(paragraphs: list[Paragraph]) -> Meta:
    meta = Meta()
    title, idx = find_title(paragraphs)
    if title:
        meta.title = title
        meta.title_source = paragraphs[idx].source
        m = _TITLE.match(title)
        if m:
            agency = re.sub(r"\s+", "", m.group("agency")).removeprefix("关于")
            meta.agency = agency or _year_first_agency(m.group("rest"))
            meta.year, meta.year_from = int(m.group("year")), "title"
    meta.level = agency_level(meta.agency) if meta.agency else _level_from_prose(paragraphs)
    for p in paragraphs[:80]:
        m = _PERIOD.search(nfkc(p.text))
        if m:
            start = (int(m["ay"]), int(m["am"]), int(m["ad"]))
            end = (int(m["by"] or m["ay"]), int(m["bm"]), int(m["bd"]))
            meta.period, meta.period_text, meta.period_source = (start, end), m.group(0), p.source
            break
    if meta.year is None:
        if meta.period is not None:
            meta.year, meta.year_from = meta.period[1][0], "period"
        else:
            year = _year_from_prose(paragraphs)
            if year:
                meta.year, meta.year_from = year, "prose"
    for p in reversed(paragraphs[-12:]):
        text = nfkc(p.text)
        m = _SIGNED.match(text)
        if m:
            meta.signed = (int(m["y"]), int(m["m"]), int(m["d"]))
            meta.signed_text, meta.signed_source = text.strip(), p.source
            break
    if meta.signed is None:
        for p in paragraphs[:5]:
            m = _PUBLISHED.search(nfkc(p.text))
            if m:
                meta.signed = (int(m["y"]), int(m["m"]), int(m["d"]))
                meta.signed_text, meta.signed_source = m.group(0), p.source
                break
    return meta
