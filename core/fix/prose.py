"""The report's own words, sorted into the parts of the standard structure.

``Report.paragraphs`` holds every paragraph of the input in order, including, for text-like
inputs, the lines a table was read from. The rebuilt report needs the prose only: the title
(one or two lines), the introduction before 一, each section's paragraphs without table
material, and the signature (agency and date) at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import messages
from core.model import Paragraph
from core.report import Report
from core.standard import Standard, load
from core.text import CN_NUMERALS, label_key, nfkc, squash

TABLE_SECTIONS = {"S2": "t2", "S3": "t3", "S4": "t4"}
SUBHEADING = re.compile(rf"^\s*[（(][{CN_NUMERALS}]+[）)][^。；;]{{0,30}}$")
PAGE_NUMBER = re.compile(r"^[\s\-—–－·]*(?:第\s*)?\d+\s*(?:页)?(?:\s*/\s*\d+)?[\s\-—–－·]*$")
SIGNATURE_MAX_CHARS = 40
# a paragraph ends with one of these; a line that does not was wrapped and goes on in the next
PARAGRAPH_END = tuple("。！？!?；;：:…）)”’」』")
# a line that starts like this begins a paragraph of its own: （一） 一、 一是 1. 1、 第一
ITEM_START = re.compile(rf"^\s*(?:[（(][{CN_NUMERALS}\d]+[）)]|[{CN_NUMERALS}]+[、是．.]|\d+[.、．]"
                        rf"|第[{CN_NUMERALS}]+)")
# lines a web crawler or a page put around the report: field names, separators, navigation
PAGE_FIELD = re.compile(r"^\s*(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|页面链接|信息来源|"
                        r"来源|索引号|浏览次数)\s*[:：]|^\s*[=\-_*]{6,}|^\s*页面链接与图片")
NAVIGATION = re.compile(r"^\s*当前位置[:：].*(?:-->|相关链接[:：])\s*")
LINE_ALONE_CHARS = 20       # a short line without a comma stands alone (a name, a date)
HEADER_REPEATS = 3          # a short line on this many pages is a running header or footer
HEADER_MAX_CHARS = 30


@dataclass
class Prose:
    title_indexes: list[int] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)
    sections: dict[str, list[Paragraph]] = field(default_factory=dict)
    signature_indexes: list[int] = field(default_factory=list)
    signature: list[Paragraph] = field(default_factory=list)


def is_subheading(text: str) -> bool:
    return bool(SUBHEADING.match(nfkc(text)))


def title_indexes(report: Report) -> list[int]:
    """The paragraph indexes the title was read from (two when the agency stands on its own
    line above "2023年政府信息公开工作年度报告")."""
    meta = report.meta
    first = _index_of(report, meta.title_source)
    if first is None:
        return []
    target = squash(meta.title)
    out, joined = [], ""
    for i in range(first, min(first + 3, len(report.paragraphs))):
        text = squash(report.paragraphs[i].text).lstrip("#")
        if not text:
            continue
        joined += text
        out.append(i)
        if len(joined) >= len(target):
            break
    return out


def signature_indexes(report: Report) -> list[int]:
    """The closing date line and the agency line above it, when they follow every section."""
    date = _index_of(report, report.meta.signed_source)
    last_heading = max((s.index for s in report.sections), default=-1)
    if date is None or date <= last_heading:
        return []
    out = [date]
    for i in range(date - 1, last_heading, -1):
        text = report.paragraphs[i].text.strip()
        if not text:
            continue
        if len(text) <= SIGNATURE_MAX_CHARS and "。" not in text and not is_subheading(text):
            out.insert(0, i)
        break
    return out


def split(report: Report, std: Standard | None = None) -> Prose:
    std = std or load()
    prose = Prose(title_indexes=title_indexes(report), signature_indexes=signature_indexes(report))
    skip = set(prose.title_indexes) | set(prose.signature_indexes) | _running_lines(report)
    material = _table_material(report, std)
    keep = [not (i in skip or _is_noise(p, material)) for i, p in enumerate(report.paragraphs)]
    first_section = min((s.index for s in report.sections), default=len(report.paragraphs))
    start = max(prose.title_indexes, default=-1) + 1
    prose.intro = reflow([p for i, p in enumerate(report.paragraphs[:first_section]) if i >= start
                          and keep[i]])
    found = sorted((s for s in report.sections if s.key), key=lambda s: s.index)
    for n, s in enumerate(found):
        end = found[n + 1].index if n + 1 < len(found) else len(report.paragraphs)
        paragraphs = reflow([report.paragraphs[i] for i in range(s.index + 1, end) if keep[i]])
        if s.key in TABLE_SECTIONS:
            paragraphs = [p for p in paragraphs if "。" in p.text]
        prose.sections[s.key] = paragraphs
    prose.signature = [report.paragraphs[i] for i in prose.signature_indexes]
    return prose


def reflow(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Lines of one paragraph joined again (a PDF or a text file breaks a paragraph into lines);
    a page's navigation in front of the text removed."""
    out: list[Paragraph] = []
    for p in paragraphs:
        text = NAVIGATION.sub("", p.text.strip())
        if not text:
            continue
        if out and not out[-1].text.endswith(PARAGRAPH_END) and not ITEM_START.match(text) \
                and not is_subheading(out[-1].text) and not _alone(out[-1].text):
            last = out[-1]
            out[-1] = Paragraph(_join(last.text, text), last.source, last.style, last.bold)
        else:
            out.append(Paragraph(text, p.source, p.style, p.bold))
    return out


def _alone(text: str) -> bool:
    return len(text) <= LINE_ALONE_CHARS and not any(c in text for c in "，,、")


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: no space between Chinese, one between Latin words."""
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _running_lines(report: Report) -> set[int]:
    """Indexes of running headers and footers of a PDF (a short line on many pages) and of the
    fields a crawler wrote above a page's text."""
    pages: dict[str, set] = {}
    for p in report.paragraphs:
        if p.source is not None and p.source.page is not None:
            key = squash(p.text)
            if 0 < len(key) <= HEADER_MAX_CHARS:
                pages.setdefault(key, set()).add(p.source.page)
    repeated = {k for k, v in pages.items() if len(v) >= HEADER_REPEATS}
    return {i for i, p in enumerate(report.paragraphs)
            if PAGE_FIELD.match(p.text) or (repeated and squash(p.text) in repeated)}


def _index_of(report: Report, source) -> int | None:
    if source is None:
        return None
    return next((i for i, p in enumerate(report.paragraphs) if p.source == source), None)


def _positions(source) -> set:
    if source is None:
        return set()
    if source.kind == "text" and source.line is not None:
        # a crawler's whole page is one line: there a paragraph is a stretch of the line
        return {("line", source.line)} if source.col is None else {("line", source.line),
                                                                    ("at", source.line, source.col)}
    if source.sheet is not None and source.cell is not None:
        return {("cell", source.sheet, source.cell)}
    if source.kind == "docx" and source.block is not None:
        return {("block", source.block)}
    return set()


def _table_material(report: Report, std: Standard) -> tuple[set, set]:
    """Where the tables were read from, and the label texts a table is made of."""
    places: set = set()
    for data in report.tables.values():
        if not data.found:
            continue
        for cell in data.cells.values():
            places |= _positions(cell.source)
        for source in data.row_sources.values():
            places |= _positions(source)
    labels = {std.t3_note, messages.FIX_T2_CONTENT_HEADER, messages.FIX_T3_APPLICANT_HEADER,
              messages.FIX_T3_ORG_HEADER, messages.FIX_T4_SUIT_HEADER, *std.t2_captions}
    labels |= {r.label for r in std.t2_rows} | {r.label for r in std.t3_rows}
    labels |= set(std.t2_col_labels.values()) | {c.label for c in std.t3_cols}
    labels |= {g.label for g in std.t4_groups} | {c.label for c in std.t4_cols}
    labels |= {part.strip() for r in std.t3_rows for part in r.group.split("›") if part.strip()}
    return places, {label_key(x) for x in labels}


def _is_noise(p: Paragraph, material: tuple[set, set]) -> bool:
    places, labels = material
    text = p.text.strip()
    if not text or PAGE_NUMBER.match(text):
        return True
    mine = _positions(p.source)
    if p.source is not None and p.source.kind == "text" and p.source.col is not None:
        mine = {x for x in mine if x[0] == "at"}      # only table rows of that very stretch
    if mine & places:
        return True
    return label_key(text) in labels
