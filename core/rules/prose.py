"""Prose hygiene: leftovers of copying and typing that a careful reader notices."""
from __future__ import annotations

import re

from core.findings import Location
from core.rules.registry import Hit, rule

LATIN_WORD = re.compile(r"[A-Za-z_]{2,}")
URL_OR_MAIL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+\.\S+)")
ALLOWED = {"APP", "App", "app", "PDF", "OA", "WPS", "QQ", "ID", "CA", "VR", "AI", "EMS", "HTML",
           "WORD", "Word", "Excel", "IPv", "IPV", "PC", "GB", "DOCX", "OFD", "UOS"}
REPEATED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
# a phrase pasted twice in a row ("聚焦…新闻发布会聚焦…新闻发布会")
TABLE_HEADER_WORDS = ("维持", "纠正", "审结", "件数", "信息内容", "处理决定")
REPEATED_PHRASE = re.compile(r"([\u4e00-\u9fff][^。；;，,]{6,58}[\u4e00-\u9fff])\1")
REPEAT_OK = {"研究研究", "看看看看"}


# a crawler's or a saved page's header lines ("原文链接: …", "本地目录: …"): not the report's prose
CRAWLER_HEADER = re.compile(r"^\s*(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|页面链接|来源|"
                            r"采集时间|单位)\s*[:：]|^\s*页面链接与图片详见|^=+\s*正文\s*=+$")


def _prose(ctx):
    table_like = re.compile(r"\d\s*$")
    for i, p in enumerate(ctx.report.paragraphs):
        if table_like.search(p.text) and len(p.text) < 80 or CRAWLER_HEADER.match(p.text):
            continue
        yield i, p


@rule("P-LATIN", "info", "正文中夹杂英文或转换残留")
def latin_words(ctx):
    """中文正文中出现的英文单词（如“企业 and 群众”）或文档转换残留标记（如“[bookmark: _GoBack]”），
    多为录入或复制时的错误。网址、邮箱和常见缩写不在此列。"""
    for i, p in _prose(ctx):
        text = URL_OR_MAIL.sub(" ", p.text)
        words = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED and not w.isupper()]
        if words:
            yield Hit(f"正文中出现“{'、'.join(dict.fromkeys(words))}”，请核对是否为录入或复制错误。",
                      Location(section=ctx.report.section_of(i), source=p.source,
                               quote=p.text.strip()[:120], quote_source=p.source),
                      found=words)


@rule("P-REPEAT", "info", "词语重复")
def repeated_words(ctx):
    """相邻重复的词语（如“联系联系”）或连写两遍的短语多为录入、粘贴错误。"""
    for i, p in _prose(ctx):
        for m in REPEATED_PHRASE.finditer(p.text):
            if any(w in m.group(1) for w in TABLE_HEADER_WORDS):
                continue        # 表四's header names the same five columns for each group
            yield Hit(f"“{m.group(1)}”连写了两遍，请核对。",
                      Location(section=ctx.report.section_of(i), source=p.source,
                               quote=m.group(0)[:120], quote_source=p.source),
                      found=m.group(0), expected=m.group(1))
        for m in REPEATED.finditer(p.text):
            if m.group(0) in REPEAT_OK or m.group(1) in ("结果", "总计", "合计"):
                continue
            yield Hit(f"“{m.group(0)}”中的“{m.group(1)}”重复，请核对。",
                      Location(section=ctx.report.section_of(i), source=p.source,
                               quote=p.text.strip()[:120], quote_source=p.source),
                      found=m.group(0), expected=m.group(1))
