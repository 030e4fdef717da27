"""Tables copied out of web pages one cell a line, as crawlers and browsers leave them.

Three shapes seen in real published reports (tests/fixtures/real):

- ``bar``: a line holding only "|" between every two cells ("规章\\n|\\n0\\n|\\n0"); two bars in
  a row enclose an empty cell.
- ``trailing``: every cell a line ending in " |" ("规章 |\\n0 |"); a line "|" is an empty cell,
  "||" or "|||" lines end a row.
- ``blank``: cells separated by one blank line, each empty cell one more blank line
  ("一、本年新收…\\n\\n12\\n\\n\\n\\n\\n\\n\\n12").

Each region becomes one ``Table`` whose rows start at a text cell (a row label); the
recognizer aligns the rows to the standard and drops surplus empty cells at a row's end.
A region must hold enough number cells to be a table, so prose is never read as one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Cell, SourceRef, Table
from core.text import nfkc

MIN_NUMBERS = 6          # number cells a region of the blank shape needs to be a table
NUMBER_SHARE = 4         # ... or, with no empty cell, at least one cell in this many a bare number
MIN_NUMBERS_BARRED = 3   # the bar shapes say "table" themselves: fewer numbers will do
MIN_CELLS_BARRED = 8
MAX_ROW_VALUES = 7       # the most values a labelled row has (表三: six applicants and 总计)
MAX_CELL_CHARS = 70      # a longer line is prose, not a cell
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?\s*(?:件|万元|元|条|个)?$")
_BARS = re.compile(r"^\|{2,}$")


@dataclass
class Region:
    start: int               # first line (0-based)
    end: int                 # one past the last line
    table: Table


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(nfkc(text).strip()))


def _rows(cells: list[tuple[str, int, bool]], table_index: int) -> list[list[Cell]]:
    """(text, line, row_break_before) -> rows: a new row at every text cell and at each break."""
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    for text, line, brk in cells:
        is_text = bool(text.strip()) and not _is_number(text)
        if current and (brk or is_text):
            rows.append(current)
            current = []
        current.append(Cell(text.strip(), SourceRef("text", line=line + 1, table=table_index,
                                                    row=len(rows), col=len(current))))
    if current:
        rows.append(current)
    return [part for row in rows for part in _detach_value_row(row)]


def _detach_value_row(row: list[Cell]) -> list[list[Cell]]:
    """A header word followed by more values than any labelled row holds (表四's 15 numbers
    after its last header "总计", with no row end to part them): the values are a row of
    their own."""
    values = row[1:]
    numbers = sum(1 for c in values if c.text and _is_number(c.text))
    if (numbers > MAX_ROW_VALUES and row[0].text and not _is_number(row[0].text)
            and all(not c.text or _is_number(c.text) for c in values)):
        return [row[:1], values]
    return [row]


def _enough(cells: list[tuple[str, int, bool]], barred: bool = False) -> bool:
    numbers = sum(1 for t, _, _ in cells if t.strip() and _is_number(t))
    if barred:
        return numbers >= MIN_NUMBERS_BARRED and len(cells) >= MIN_CELLS_BARRED
    return numbers >= MIN_NUMBERS


def _bar(lines: list[str], i: int) -> tuple[int, list] | None:
    """Content and "|" lines, no two content lines in a row."""
    cells: list[tuple[str, int, bool]] = []
    pending: tuple[str, int] | None = None
    j = i
    while j < len(lines):
        s = lines[j].strip()
        if s == "|":
            cells.append((pending[0], pending[1], False) if pending else ("", j, False))
            pending = None
        elif not s or len(s) > MAX_CELL_CHARS or pending is not None or "|" in s:
            break
        else:
            pending = (s, j)
        j += 1
    end = j - (1 if pending is not None else 0)
    if pending is not None and (j >= len(lines) or _is_number(pending[0])):
        # the last cell: bars stand only BETWEEN cells, so none follows it (a number is never
        # the paragraph after a table)
        cells.append((pending[0], pending[1], False))
        end = j
    return (end, cells) if _enough(cells, barred=True) else None


def _trailing(lines: list[str], i: int) -> tuple[int, list] | None:
    """Every line a cell ending in "|", or a bar line."""
    cells: list[tuple[str, int, bool]] = []
    brk = False
    j = i
    while j < len(lines):
        s = lines[j].strip()
        if s == "|":
            cells.append(("", j, brk))
            brk = False
        elif _BARS.match(s):
            brk = True
        elif s.endswith("|") and "|" not in s[:-1] and len(s) <= MAX_CELL_CHARS + 1:
            cells.append((s[:-1].strip(), j, brk))
            brk = False
        else:
            break
        j += 1
    return (j, cells) if _enough(cells, barred=True) else None


def _blank(lines: list[str], i: int) -> tuple[int, list] | None:
    """Short lines separated by one blank line; each further blank line an empty cell."""
    cells: list[tuple[str, int, bool]] = []
    j = i
    while j < len(lines):
        s = lines[j].strip()
        if not s or len(s) > MAX_CELL_CHARS or "|" in s or "\t" in lines[j]:
            break
        cells.append((s, j, False))
        k = j + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        blanks = k - j - 1
        if blanks == 0 or k >= len(lines):
            j = k
            break
        cells += [("", j + 1 + b, False) for b in range(blanks - 1)]
        j = k
    while cells and not cells[-1][0]:
        cells.pop()
    numbers = sum(1 for t, _, _ in cells if t and _is_number(t))
    if not _enough(cells) or not (any(not t for t, _, _ in cells)
                                  or numbers * NUMBER_SHARE >= len(cells)):
        return None      # plain short paragraphs: no empty cell and few bare numbers
    return j, cells


def find_regions(lines: list[str]) -> dict[int, Region]:
    """Start line -> the region of one-cell-a-line table starting there."""
    regions: dict[int, Region] = {}
    i = 0
    count = 0
    while i < len(lines):
        s = lines[i].strip()
        found = None
        if s and len(s) <= MAX_CELL_CHARS:
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt == "|" and "|" not in s:
                found = _bar(lines, i)
            elif s.endswith("|") and not s.startswith("|") or _BARS.match(s):
                found = _trailing(lines, i)
            elif not nxt and "|" not in s:
                found = _blank(lines, i)
        if found:
            end, cells = found
            regions[i] = Region(i, end, Table(_rows(cells, 1000 + count),
                                              SourceRef("text", table=1000 + count, line=i + 1)))
            count += 1
            i = max(end, i + 1)
        else:
            i += 1
    return regions
