"""Text normalisation and value parsing shared by the recognition steps."""
from __future__ import annotations

import re
import unicodedata

from core.model import SourceRef
from core.report import CellValue

CN_NUMERALS = "一二三四五六七八九十"
PLACEHOLDERS = {"/", "／", "—", "——", "-", "－", "–", "无", "空", "\\", "×", "…", "——/"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
                         "﹃": '"', "﹄": '"'})
_NUM_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．，,]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|"
    r"\d+\s*[.．、,，)）](?!\d)|[（(]\s*\d+\s*[)）])\s*")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?\d+(?:,\d{3})*(?:\.\d+)?$")


def nfkc(text: str) -> str:
    """Full-width digits/letters/punctuation to half width; curly quotes to straight."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def squash(text: str) -> str:
    """Canonical label form: NFKC, no whitespace, unified quotes and brackets."""
    return _SPACE.sub("", nfkc(text)).replace("[", "(").replace("]", ")")


def strip_numbering(text: str) -> str:
    """'（一）予以公开' -> '予以公开'; '1. 属于国家秘密' -> '属于国家秘密'."""
    prev = None
    while prev != text:
        prev = text
        text = _NUM_PREFIX.sub("", text, count=1)
    return text


def label_key(text: str) -> str:
    return squash(strip_numbering(nfkc(text).strip()))


def parse_value(raw: str, source: SourceRef | None) -> CellValue:
    """Keep the raw text; parse the number when there is one."""
    text = (raw or "").strip()
    if not text:
        return CellValue(raw or "", "blank", None, source)
    norm = _SPACE.sub("", nfkc(text))
    if norm in PLACEHOLDERS or text in PLACEHOLDERS:
        return CellValue(raw, "placeholder", None, source)
    unit = re.sub(r"(件|个|条|份|次|件次|万元|元|项)$", "", norm)
    if _NUMBER.match(unit):
        number = float(unit.replace(",", ""))
        value = int(number) if number.is_integer() and "." not in unit else number
        return CellValue(raw, "number", value, source)
    return CellValue(raw, "text", None, source)


def is_value_like(text: str) -> bool:
    t = _SPACE.sub("", nfkc(text or ""))
    if not t:
        return True
    if t in PLACEHOLDERS:
        return True
    return parse_value(t, None).kind == "number"


def numeral_value(numeral: str) -> int | None:
    if numeral in CN_NUMERALS[:9]:
        return CN_NUMERALS.index(numeral) + 1
    return None
