"""Value parsing for the recognition steps: a cell's raw text to a typed ``CellValue``."""
from __future__ import annotations

import re

from core.model import SourceRef
from core.report import CellValue
from core.text import PLACEHOLDERS, SPACE, nfkc

_NUMBER = re.compile(r"^[+-]?\d+(?:,\d{3})*(?:\.\d+)?$")


def parse_value(raw: str, source: SourceRef | None) -> CellValue:
    """Keep the raw text; parse the number when there is one."""
    text = (raw or "").strip()
    if not text:
        return CellValue(raw or "", "blank", None, source)
    norm = SPACE.sub("", nfkc(text))
    if norm in PLACEHOLDERS or text in PLACEHOLDERS:
        return CellValue(raw, "placeholder", None, source)
    unit = re.sub(r"(件|个|条|份|次|件次|万元|元|项)$", "", norm)
    if _NUMBER.match(unit):
        number = float(unit.replace(",", ""))
        value = int(number) if number.is_integer() and "." not in unit else number
        return CellValue(raw, "number", value, source)
    return CellValue(raw, "text", None, source)


def is_value_like(text: str) -> bool:
    t = SPACE.sub("", nfkc(text or ""))
    if not t:
        return True
    if t in PLACEHOLDERS:
        return True
    return parse_value(t, None).kind == "number"
