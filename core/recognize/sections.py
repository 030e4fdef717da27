"""Find the six section headings, whatever their numbering style, and tell them from table rows."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from core.model import Paragraph
from core.report import FoundSection
from core.standard import Standard
from core.text import label_key, nfkc, numeral_value, squash

HEADING_MAX_CHARS = 40
TITLE_MATCH_MIN = 80
_HEADING = re.compile(r"^\s*(?:第)?(?P<num>[一二三四五六七八九])\s*(?:部分)?\s*[、.．,，:：\s]\s*(?P<title>\S.*)$")


def _title_key(std: Standard, text: str) -> tuple[str | None, float]:
    key = squash(text)
    best, best_score = None, 0.0
    for s in std.sections:
        for variant in (s.title, *s.variants):
            v = squash(variant)
            if key == v:
                return s.key, 100.0
            score = fuzz.ratio(key, v)
            if v in key and len(key) <= len(v) + 6:
                score = max(score, 90.0)
            if score > best_score:
                best, best_score = s.key, score
    return (best, best_score) if best_score >= TITLE_MATCH_MIN else (None, best_score)


def is_heading_like(p: Paragraph) -> bool:
    text = nfkc(p.text).strip()
    if not text or len(text) > HEADING_MAX_CHARS:
        return False
    if "。" in text or text.endswith(("；", ";")):
        return False
    return not re.search(r"\d\s*$", text)   # a glued table row ends in digits


def find_sections(std: Standard, paragraphs: list[Paragraph], table_row_paras: set[int]
                  ) -> list[FoundSection]:
    found: list[FoundSection] = []
    for i, p in enumerate(paragraphs):
        if i in table_row_paras or not is_heading_like(p):
            continue
        text = nfkc(p.text).strip()
        m = _HEADING.match(text)
        if m:
            numeral, title = m.group("num"), m.group("title").strip()
        elif re.match(r"^[(（][一二三四五六七八九十\d]+[)）]", text):
            continue    # a sub-heading such as （一）主动公开情况
        elif p.style.startswith(("Heading", "md-h", "h")) or p.bold:
            numeral, title = "", text
        else:
            continue
        match, _ = _title_key(std, title)
        num_key = f"S{numeral_value(numeral)}" if numeral and numeral_value(numeral) and \
            numeral_value(numeral) <= 6 else None
        if match is None and num_key is None:
            continue
        if match is None and not (p.style or p.bold or len(title) <= 36):
            continue
        key = match or num_key
        official_title = std.section(key).title
        official = bool(numeral) and squash(title) == squash(official_title) and num_key == key
        found.append(FoundSection(key, numeral, p.text.strip(), i, p.source, official, match))
    return _drop_restarts(found)


def _drop_restarts(found: list[FoundSection]) -> list[FoundSection]:
    """Keep the first heading of each key; a later duplicate (e.g. a sub-heading echo) is dropped."""
    seen: set[str] = set()
    out = []
    for s in found:
        if s.key in seen:
            continue
        seen.add(s.key)
        out.append(s)
    return out


def table_row_label_keys(std: Standard) -> set[str]:
    keys = {label_key(r.label) for r in std.t3_rows}
    keys |= {label_key(r.label) for r in std.t2_rows}
    return keys
