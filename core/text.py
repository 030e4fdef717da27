"""Text normalisation shared by every layer: readers, recognition, rules and the fixer."""
from __future__ import annotations

import re
import unicodedata

CN_NUMERALS = "一二三四五六七八九十"
PLACEHOLDERS = {"/", "／", "—", "——", "-", "－", "–", "无", "空", "\\", "×", "…", "——/"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
                         "﹃": '"', "﹄": '"'})
_NUM_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．，,]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|"
    r"\d+\s*[.．、,，)）](?!\d)|[（(]\s*\d+\s*[)）])\s*")
SPACE = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Full-width digits/letters/punctuation to half width; curly quotes to straight."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def squash(text: str) -> str:
    """Canonical label form: NFKC, no whitespace, unified quotes and brackets."""
    return SPACE.sub("", nfkc(text)).replace("[", "(").replace("]", ")")


def strip_numbering(text: str) -> str:
    """'（一）予以公开' -> '予以公开'; '1. 属于国家秘密' -> '属于国家秘密'."""
    prev = None
    while prev != text:
        prev = text
        text = _NUM_PREFIX.sub("", text, count=1)
    return text


def label_key(text: str) -> str:
    return squash(strip_numbering(nfkc(text).strip()))


def numeral_value(numeral: str) -> int | None:
    if numeral in CN_NUMERALS[:9]:
        return CN_NUMERALS.index(numeral) + 1
    return None
