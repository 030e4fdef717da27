"""The document as one stream of units: table rows and paragraphs in reading order.

Recognition works on this stream so that a standard table is found the same way whether it is
one Word table, two, a block of tab-separated lines or paragraphs with glued digits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.model import Cell, Document, Paragraph, SourceRef, Table
from core.recognize.normalize import is_value_like
from core.text import nfkc

_TRAILING_VALUES = re.compile(r"^(?P<label>.*?[^\d\s.,，])\s*(?P<values>\d[\d\s.,]*)$")


WIDE_EMPTY_ROW = 7      # 表三's seven value cells (a detached row left empty) or 表四's fifteen


@dataclass
class Unit:
    kind: str                         # "row" | "para"
    order: int
    source: SourceRef
    cells: list[Cell] = field(default_factory=list)
    paragraph: Paragraph | None = None
    para_index: int | None = None     # index into the report's paragraph list

    @property
    def text(self) -> str:
        if self.paragraph is not None:
            return self.paragraph.text
        return " ".join(c.text for c in self.cells if c.text.strip())

    def split(self) -> tuple[list[Cell], list[Cell]]:
        """Label cells (up to the last non-value text) and the value cells after them."""
        last = -1
        for i, c in enumerate(self.cells):
            if c.text.strip() and not is_value_like(c.text):
                last = i
        labels = [c for c in self.cells[:last + 1] if c.text.strip()]
        return labels, self.cells[last + 1:]


def units(doc: Document, paragraphs: list[Paragraph]) -> list[Unit]:
    index = {id(p): i for i, p in enumerate(paragraphs)}
    out: list[Unit] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                # empty rows are layout, except a wide one: a value row of 表三 left empty whose
                # label was detached, 表四's data row of a blank template
                if any(c.text.strip() for c in row) or len(row) >= WIDE_EMPTY_ROW:
                    src = row[0].source if row else block.source
                    out.append(Unit("row", len(out), src, cells=row))
        else:
            out.append(Unit("para", len(out), block.source, paragraph=block,
                            para_index=index.get(id(block))))
    return out


def glued_parts(text: str) -> tuple[str, str] | None:
    """'规章1056' -> ('规章', '1056'); None when the text does not end in digits."""
    m = _TRAILING_VALUES.match(nfkc(text).strip())
    if not m:
        return None
    return m.group("label"), m.group("values").strip()
