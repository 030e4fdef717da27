"""Text with no structure at all: a whole report on one line, as crawlers take it from a page.

"…一、总体情况 2024年，…二、主动公开政府信息情况第二十条第（一）项信息内容…规章000行政规范性文件
6233440…一、本年新收政府信息公开申请数量21710000218二、上年结转…" — the labels of the format are
anchors: the line is cut before every section heading (and after its title), every row label of
表二 and 表三 (with its own numbering, which may be glued to the digits before it: "40000042.其他
法律…" is the row 4000004 and then the label "2.其他法律…"), every caption of 表二, and before the
15 digits after 表四's header. Each piece becomes a paragraph; the table recognition then reads
"label + digits" pieces as rows and splits the digits by the relations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.model import Document, Paragraph, SourceRef
from core.standard import Standard
from core.text import CN_NUMERALS, label_key, nfkc

MIN_ANCHORS = 5          # a paragraph is cut only when it holds this many table row labels
TYPO_CORE = 6            # numbered row labels this long are found with one character changed
SHORT_CORE = 4           # labels this short are anchors only when digits follow them
_NUMBERING = re.compile(r"^\s*(?:([一二三四五六七八九十]+)\s*、|[（(]\s*([一二三四五六七八九十]+)\s*[)）]|"
                        r"(\d+)\s*[.．、])")


@dataclass(frozen=True)
class Anchor:
    core: str            # the label without numbering, squashed
    numbering: str       # "2", "一", "(一)" style numbering the text must show before the core
    kind: str            # "section" | "row" | "caption" | "group"
    short: bool


def _flex(core: str) -> str:
    """A regex for a squashed label that tolerates white space between its characters."""
    return r"\s*".join(re.escape(ch) for ch in core)


def _flex_one_typo(core: str) -> str:
    """A regex for a numbered row label that tolerates one character changed (a typo in the
    original: "5.属于三类内部事务止息"); the numbering before it must be exact."""
    alts = [_flex(core[:i]) + r"\s*[^\d\s]\s*" + _flex(core[i + 1:]) for i in range(len(core))]
    return "(?:" + "|".join(alts) + ")"


def _numbering_of(label: str) -> tuple[str, str]:
    text = nfkc(label).strip()
    m = _NUMBERING.match(text)
    if not m:
        return "", label_key(text)
    if m.group(1):
        num = m.group(1) + r"\s*、"
    elif m.group(2):
        num = r"[(（]\s*" + m.group(2) + r"\s*[)）]"
    else:
        num = m.group(3) + r"\s*[.．、]"
    return num, label_key(text)


def anchors(std: Standard) -> list[tuple[Anchor, re.Pattern]]:
    out = []

    def add(label: str, kind: str, numbered: bool = True):
        num, core = _numbering_of(label)
        if not core:
            return
        short = len(core) <= SHORT_CORE
        tail = r"(?=\s*\d)" if (short or not numbered) and kind == "row" else ""
        head = f"(?:{num})\\s*" if num and numbered else ""
        body = _flex(core)
        if kind == "row" and num and numbered and len(core) >= TYPO_CORE:
            body = _flex_one_typo(core)
        out.append((Anchor(core, num, kind, short),
                    re.compile(head + body + tail)))

    for s in std.sections:
        for title in dict.fromkeys((s.title, *s.variants)):
            add(f"{s.numeral}、{title}", "section")
    for r in std.t3_rows:
        add(r.label, "row")
        for v in r.variants:
            if _NUMBERING.match(nfkc(v)):
                add(v, "row")
    for group in dict.fromkeys(g for r in std.t3_rows for g in r.group.split(" › ") if g):
        add(group.strip(), "group")
    add("（六）其他处理", "group")
    for r in std.t2_rows:
        for label in (r.label, *r.variants):
            add(label, "row", numbered=False)
    for caption in std.t2_captions:
        add(caption, "caption", numbered=False)
    return out


def _cuts(text: str, found: list[tuple[int, int, Anchor]]) -> list[int]:
    cuts = set()
    for start, end, a in found:
        cuts.add(start)
        if a.kind == "section":
            cuts.add(end)
    return sorted(c for c in cuts if 0 < c < len(text))


# the text ends inside a row label ("…00000006.属", "…652031071二、上", "…20（二）部"): its
# numbering is no digit of the row
_CUT_LABEL = re.compile(r"(?:(?<=\d)\s*[1-9]\s*[.．]|[一二三四五六七]\s*、|[（(])[^\d.．]{0,30}$")
_T4_DIGITS = re.compile(r"(结果维持|尚未审结|总计)\s*(?P<digits>\d[\d\s]{4,})$")


def split_run_on(doc: Document, std: Standard) -> Document:
    table = anchors(std)
    blocks = []
    changed = False
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or len(block.text) < 200:
            blocks.append(block)
            continue
        text = block.text
        norm = _same_length_nfkc(text)
        found: list[tuple[int, int, Anchor]] = []
        for anchor, pattern in table:
            for m in pattern.finditer(norm):
                found.append((m.start(), m.end(), anchor))
        rows = {a.core for _, _, a in found if a.kind == "row"}
        if len(rows) < MIN_ANCHORS:
            blocks.append(block)
            continue
        found = _drop_nested(found)
        pieces = []
        cuts = _cuts(text, found)
        tail = _CUT_LABEL.search(norm)
        if tail and found and tail.start() >= max(f[1] for f in found):
            cuts = sorted(set(cuts) | {tail.start()})     # a page cut off inside a row label
        bounds = [0] + cuts + [len(text)]
        for a, b in zip(bounds, bounds[1:]):
            piece = text[a:b].strip()
            if not piece:
                continue
            m = _T4_DIGITS.search(piece)
            if m and "结果维持" in piece and "尚未审结" in piece:
                head = piece[:m.start("digits")].strip()
                pieces.append((a, head))
                pieces.append((a + m.start("digits"), m.group("digits").strip()))
            else:
                pieces.append((a, piece))
        for offset, piece in pieces:
            src = block.source
            blocks.append(Paragraph(piece, SourceRef(src.kind, src.block, src.table, src.row,
                                                     offset, src.line, src.sheet, src.cell,
                                                     src.page, src.box)))
        changed = True
    return replace(doc, blocks=blocks) if changed else doc


def _same_length_nfkc(text: str) -> str:
    """NFKC with unified quotes, character by character, so that offsets stay those of ``text``
    (a character whose normal form is longer or shorter is kept as it is)."""
    out = []
    for ch in text:
        n = nfkc(ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _drop_nested(found):
    """Of overlapping matches keep the longest (the row "2.其他法律…" over a shorter label inside
    it, a section title over a row label with the same words)."""
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out = []
    end = -1
    for f in found:
        if f[0] >= end:
            out.append(f)
            end = f[1]
        elif f[1] > end and f[1] - f[0] > out[-1][1] - out[-1][0]:
            out[-1] = f
            end = f[1]
    return out


__all__ = ["split_run_on", "anchors", "CN_NUMERALS"]
