"""XLSX -> Document: per worksheet, a title paragraph, then its used range row by row.

Rows holding one text in the sheet's first used column, outside any table structure (a merged
range more than one row high), are prose: they become paragraphs. The other rows, in runs,
become tables; a merged range appears once, at its top-left, with its spans.

Provenance: the sheet title paragraph has ``SourceRef(kind="xlsx", sheet=title)``; a table has
``sheet`` and ``table`` (its index among the sheet's tables); a cell, and a prose row, has
``sheet``, ``cell`` (A1 notation) and ``row`` / ``col`` (0-based within the sheet).

Formulas are never shown as text. A cached value (written by Excel / WPS) is used as is; a
formula without one (files written by scripts) is evaluated here when it is simple arithmetic
(numbers, cell references, ``+ - * /``, parentheses, SUM over ranges, other sheets); otherwise
the cell is blank and the document gets a note.
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits

SHEET_STYLE = "sheet"
MAX_FORMULA_DEPTH = 64          # formulas referring to formulas referring to ...
MAX_FORMULA_NOTES = 10          # one note per cell up to this many, then a summary
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml$")
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']{1,64})[\"']")


def read_xlsx(path: str, data: bytes) -> Document:
    """Read a .xlsx from its bytes. Raises Refusal for unsafe, oversized or corrupt workbooks."""
    try:
        _check_package(data)
        formulas_wb = _load(data, data_only=False)
        values_wb = _load(data, data_only=True) if _has_formulas(formulas_wb) else None
        return _Builder(path, formulas_wb, values_wb).build()
    except Refusal:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError):
        raise _corrupt(messages.CORRUPT_ZIP)
    except KeyError:
        raise _corrupt(messages.CORRUPT_PART_MISSING)
    except Exception as err:        # openpyxl raises many kinds on malformed workbooks
        if _is_xml_error(err):
            raise _corrupt(messages.CORRUPT_XML)
        raise _corrupt(messages.CORRUPT_XLSX)


def _corrupt(detail: str) -> Refusal:
    return Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=detail))


def _is_xml_error(err: Exception) -> bool:
    return type(err).__name__ in ("XMLSyntaxError", "ParseError", "DTDForbidden",
                                  "EntitiesForbidden", "ExternalReferenceForbidden")


def _check_package(data: bytes) -> None:
    """Bomb sizes, DTDs in every XML part, the cell count and the merged area, before openpyxl
    parses anything."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        limits.check_zip_parts(zf)
        cells = merged = 0
        for info in zf.infolist():
            if _WORKSHEET_PART.match(info.filename):
                xml = limits.read_member(zf, info)
                cells += len(_CELL_TAG.findall(xml))
                merged += sum(_merge_area(m) for m in _MERGE_REF.findall(xml))
        limits.check_counts(0, cells)
        limits.check_merged(merged)


def _merge_area(ref: bytes) -> int:
    """Positions a merged range like b"A1:C3" covers; 0 for a reference openpyxl would reject
    anyway (it then fails as a corrupt workbook)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        c0, r0, c1, r1 = range_boundaries(ref.decode("ascii").upper())
    except (ValueError, TypeError, UnicodeDecodeError):
        return 0
    if None in (c0, r0, c1, r1):
        return 0
    return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)


def _load(data: bytes, data_only: bool):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=False, data_only=data_only,
                         keep_vba=False, keep_links=False, rich_text=False)


def _has_formulas(wb) -> bool:
    return any(_is_formula(c.value) for ws in wb.worksheets for c in ws._cells.values())


def _is_formula(value) -> bool:
    if isinstance(value, str):
        return value.startswith("=") and len(value) > 1
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _formula_text(value) -> str:
    if isinstance(value, str):
        return value
    return getattr(value, "text", "") or ""


# ---------------------------------------------------------------------------------------------
# Values as text
# ---------------------------------------------------------------------------------------------

def format_number(value: float | int) -> str:
    """12 -> "12", 12.0 -> "12", 0.1 + 0.2 -> "0.3" (Excel's 15 significant digits)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    return text


def value_text(value, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if "%" in (number_format or "") and not isinstance(value, bool):
            return format_number(round(value * 100, 10)) + "%"
        return format_number(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Formula evaluation
# ---------------------------------------------------------------------------------------------

class FormulaError(Exception):
    """A formula this evaluator cannot compute; the message is the Chinese reason."""


_TOKEN = re.compile(r"""
    \s*(?:
      (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<ref>(?:(?:'(?:[^']|'')+'|[^\s'!:()+\-*/,=<>&^"]+)!)?
              \$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])
    | (?P<func>[A-Za-z][A-Za-z0-9._]*)\s*\(
    | (?P<op>[-+*/(),])
    )""", re.VERBOSE)
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def tokenize(formula: str) -> list[tuple[str, str]]:
    text = formula[1:] if formula.startswith("=") else formula
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _split_ref(ref: str) -> tuple[str | None, str]:
    if "!" not in ref:
        return None, ref
    sheet, _, cells = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells


def _coords(a1: str) -> tuple[int, int]:
    """"C7" -> (7, 3): 1-based row and column, as openpyxl counts."""
    from openpyxl.utils import column_index_from_string

    m = _A1.fullmatch(a1)
    if m is None:
        raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
    return int(m.group(2)), column_index_from_string(m.group(1).upper())


class _Parser:
    """Recursive descent over one formula's tokens; references resolve through ``lookup``."""

    def __init__(self, tokens, sheet: str, evaluator: "_Evaluator", depth: int):
        self.tokens, self.i = tokens, 0
        self.sheet, self.ev, self.depth = sheet, evaluator, depth

    def parse(self) -> float:
        value = self.expr()
        if self.i != len(self.tokens):
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
        return value

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
        self.i += 1
        return tok

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)

    def expr(self) -> float:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> float:
        value = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            right = self.factor()
            if op == "/" and right == 0:
                raise FormulaError(messages.XLSX_FORMULA_ERROR.format(value="#DIV/0!"))
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> float:
        kind, text = self.take()
        if (kind, text) in (("op", "-"), ("op", "+")):
            value = self.factor()
            return -value if text == "-" else value
        if kind == "num":
            return float(text)
        if (kind, text) == ("op", "("):
            value = self.expr()
            self.expect(")")
            return value
        if kind == "ref":
            return self.single(text)
        if kind == "func" and text.upper() == "SUM":
            return self.sum_args()
        raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)

    def single(self, ref: str) -> float:
        sheet, cells = _split_ref(ref)
        if ":" in cells:
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
        value = self.ev.cell_value(sheet or self.sheet, *_coords(cells), self.depth + 1)
        return _as_number(value, strict=True)

    def sum_args(self) -> float:
        total = 0.0
        while True:
            tok, after = self.peek(), self._after()
            if tok is not None and tok[0] == "ref" and after in (("op", ","), ("op", ")")):
                self.take()
                total += self.range_sum(tok[1])
            elif tok != ("op", ")"):
                total += self.expr()
            sep = self.take()
            if sep == ("op", ")"):
                return total
            if sep != ("op", ","):
                raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)

    def _after(self) -> tuple[str, str] | None:
        return self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else None

    def range_sum(self, ref: str) -> float:
        """SUM over a reference: numbers count, text and blanks are ignored (as in Excel)."""
        sheet, cells = _split_ref(ref)
        first, _, last = cells.partition(":")
        r0, c0 = _coords(first)
        r1, c1 = _coords(last or first)
        total = 0.0
        for r, c in self.ev.cells_in(sheet or self.sheet, min(r0, r1), min(c0, c1),
                                     max(r0, r1), max(c0, c1)):
            value = self.ev.cell_value(sheet or self.sheet, r, c, self.depth + 1)
            number = _as_number(value, strict=False)
            total += number
        return total


def _as_number(value, strict: bool) -> float:
    """A referenced value as a number. Blank is 0; numeric text counts in arithmetic (strict)
    as Excel coerces it, and is ignored inside SUM ranges; other text is an error in arithmetic."""
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value) if strict else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.startswith("#"):
        raise FormulaError(messages.XLSX_FORMULA_ERROR.format(value=value))
    if not strict:
        return 0.0
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        raise FormulaError(messages.XLSX_FORMULA_BAD_REF)


@dataclass
class _Evaluator:
    """Values of one workbook's cells, computing formulas without cached values. Per read."""

    formulas_wb: object
    values_wb: object | None
    memo: dict = field(default_factory=dict)
    visiting: set = field(default_factory=set)

    def sheet(self, title: str):
        if title in self.formulas_wb.sheetnames:
            return self.formulas_wb[title]
        for name in self.formulas_wb.sheetnames:            # Excel matches sheet names
            if name.lower() == title.lower():               # case-insensitively
                return self.formulas_wb[name]
        raise FormulaError(messages.XLSX_FORMULA_BAD_REF)

    def cells_in(self, title: str, r0: int, c0: int, r1: int, c1: int):
        ws = self.sheet(title)
        if (r1 - r0 + 1) * (c1 - c0 + 1) <= len(ws._cells):
            return [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
                    if (r, c) in ws._cells]
        return sorted(k for k in ws._cells if r0 <= k[0] <= r1 and c0 <= k[1] <= c1)

    def cell_value(self, title: str, row: int, col: int, depth: int = 0):
        """The cell's value: plain, cached, or computed; raises FormulaError."""
        ws = self.sheet(title)
        key = (ws.title, row, col)
        if key in self.memo:
            value = self.memo[key]
            if isinstance(value, FormulaError):
                raise value
            return value
        cell = ws._cells.get((row, col))
        raw = cell.value if cell is not None else None
        if not _is_formula(raw):
            return raw
        value = self._cached(ws.title, row, col)
        if value is None:
            try:
                value = self._compute(key, _formula_text(raw), depth)
            except FormulaError as err:       # remembered, so a failure is computed once
                self.memo[key] = err
                raise
        self.memo[key] = value
        return value

    def _cached(self, title: str, row: int, col: int):
        if self.values_wb is None:
            return None
        cell = self.values_wb[title]._cells.get((row, col))
        return cell.value if cell is not None else None

    def _compute(self, key, formula: str, depth: int):
        if key in self.visiting:
            raise FormulaError(messages.XLSX_FORMULA_CYCLE)
        if depth > MAX_FORMULA_DEPTH:
            raise FormulaError(messages.XLSX_FORMULA_UNSUPPORTED)
        self.visiting.add(key)
        try:
            value = _Parser(tokenize(formula), key[0], self, depth).parse()
        finally:
            self.visiting.discard(key)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value


# ---------------------------------------------------------------------------------------------
# Sheets -> blocks
# ---------------------------------------------------------------------------------------------

class _Builder:
    def __init__(self, path: str, formulas_wb, values_wb):
        self.document = Document(path=path, kind="xlsx")
        self.evaluator = _Evaluator(formulas_wb, values_wb)
        self.wb = formulas_wb
        self.failed: list[tuple[str, str, str]] = []     # (sheet, A1, reason)
        self.positions = 0

    def build(self) -> Document:
        for ws in self.wb.worksheets:
            self.document.blocks.append(
                Paragraph(ws.title, SourceRef(kind="xlsx", sheet=ws.title), style=SHEET_STYLE))
            self.document.blocks.extend(self._sheet_blocks(ws))
        self._notes()
        return self.document

    def _text(self, ws, row: int, col: int) -> str:
        cell = ws._cells.get((row, col))
        if cell is None:
            return ""
        try:
            value = self.evaluator.cell_value(ws.title, row, col)
        except FormulaError as err:
            self.failed.append((ws.title, cell.coordinate, str(err)))
            return ""
        except RecursionError:
            self.failed.append((ws.title, cell.coordinate, messages.XLSX_FORMULA_UNSUPPORTED))
            return ""
        return value_text(value, cell.number_format).strip("\n") if value is not None else ""

    def _sheet_blocks(self, ws) -> list:
        """The used range, row by row: prose rows (one text in the first column, outside any
        table structure) become paragraphs; runs of other rows become tables."""
        texts = {(r, c): self._text(ws, r, c) for (r, c) in sorted(ws._cells)}
        used = [k for k, t in texts.items() if t.strip()]
        if not used:
            return []
        merges = _merges(ws)
        r0, c0, r1, c1 = _with_merges(_bounds(used), merges.values())
        self.positions += (r1 - r0 + 1) * (c1 - c0 + 1)
        limits.check_counts(0, self.positions)
        covered = _covered(merges)
        tall = _tall_merge_cells(merges.values())
        blocks: list = []
        rows: list[list[Cell]] = []
        for r in range(r0, r1 + 1):
            filled = [c for c in range(c0, c1 + 1) if texts.get((r, c), "").strip()]
            # one text in the first column is a paragraph, except a short one right under table
            # rows: a row label whose value cells are still empty (a blank template)
            prose = (len(filled) == 1 and filled[0] == c0
                     and not any((r, c) in tall for c in range(c0, c1 + 1))
                     and not (rows and len(texts[(r, c0)].strip()) <= SHORT_ROW_LABEL
                              and _ruled(ws, r, c0 + 1, c1)))
            if prose:
                self._close_table(ws, rows, blocks)
                rows = []
                blocks.append(self._paragraph(ws, r, c0, texts[(r, c0)]))
            elif filled or rows:
                rows.append([self._cell(ws, r, c, texts.get((r, c), ""), merges.get((r, c)))
                             for c in range(c0, c1 + 1) if (r, c) not in covered])
        self._close_table(ws, rows, blocks)
        return blocks

    def _close_table(self, ws, rows: list[list[Cell]], blocks: list) -> None:
        while rows and not any(c.text.strip() for c in rows[-1]):
            rows.pop()                              # blank rows before the next paragraph
        for i, row in enumerate(rows):              # spans stop where the table stops
            for cell in row:
                cell.rowspan = min(cell.rowspan, len(rows) - i)
        if rows:
            blocks.append(Table(_trim_columns(rows), SourceRef(
                kind="xlsx", sheet=ws.title, table=self.tables_in_sheet(blocks))))

    @staticmethod
    def tables_in_sheet(blocks: list) -> int:
        return sum(1 for b in blocks if isinstance(b, Table))

    def _paragraph(self, ws, r: int, c: int, text: str) -> Paragraph:
        from openpyxl.utils import get_column_letter

        cell = ws._cells.get((r, c))
        bold = bool(cell is not None and cell.font is not None and cell.font.b)
        ref = SourceRef(kind="xlsx", sheet=ws.title, cell=f"{get_column_letter(c)}{r}",
                        row=r - 1, col=c - 1)
        return Paragraph(text.strip(), ref, bold=bold)

    def _cell(self, ws, r: int, c: int, text: str, merge) -> Cell:
        from openpyxl.utils import get_column_letter

        rowspan = colspan = 1
        if merge is not None:
            rowspan = merge.max_row - r + 1
            colspan = merge.max_col - c + 1
        ref = SourceRef(kind="xlsx", sheet=ws.title, cell=f"{get_column_letter(c)}{r}",
                        row=r - 1, col=c - 1)
        cell = ws._cells.get((r, c))
        return Cell(text, ref, rowspan=rowspan, colspan=colspan,
                    formula=cell is not None and _is_formula(cell.value))

    def _notes(self) -> None:
        for sheet, a1, reason in self.failed[:MAX_FORMULA_NOTES]:
            self.document.notes.append(
                messages.XLSX_FORMULA_BLANK.format(sheet=sheet, cell=a1, reason=reason))
        if len(self.failed) > MAX_FORMULA_NOTES:
            self.document.notes.append(messages.XLSX_FORMULAS_MORE.format(
                count=len(self.failed) - MAX_FORMULA_NOTES))


SHORT_ROW_LABEL = 40        # longer single texts under a table are notes, not row labels


def _ruled(ws, r: int, c0: int, c1: int) -> bool:
    """Whether the empty cells right of a row's only text are drawn as table cells (a border or
    a fill): then the row is a table row whose values are still to be filled in."""
    for c in range(c0, c1 + 1):
        cell = ws._cells.get((r, c))
        if cell is None:
            continue
        b = cell.border
        if b is not None and any(getattr(side, "style", None) for side in
                                 (b.left, b.right, b.top, b.bottom)):
            return True
        if cell.fill is not None and cell.fill.fill_type not in (None, "none"):
            return True
    return False


def _trim_columns(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Only the columns this table uses (a sheet's other tables may be wider)."""
    spans = [(c.source.col, c.source.col + c.colspan - 1)
             for row in rows for c in row if c.text.strip()]
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    return [[c for c in row if lo <= c.source.col <= hi] for row in rows]


def _bounds(keys) -> tuple[int, int, int, int]:
    rows = [r for r, _ in keys]
    cols = [c for _, c in keys]
    return min(rows), min(cols), max(rows), max(cols)


def _with_merges(box: tuple[int, int, int, int], merges) -> tuple[int, int, int, int]:
    """Grow the box until every merged range it touches lies wholly inside it."""
    r0, c0, r1, c1 = box
    changed = True
    while changed:
        changed = False
        for m in merges:
            touches = m.min_row <= r1 and m.max_row >= r0 and m.min_col <= c1 and m.max_col >= c0
            inside = m.min_row >= r0 and m.max_row <= r1 and m.min_col >= c0 and m.max_col <= c1
            if touches and not inside:
                r0, c0 = min(r0, m.min_row), min(c0, m.min_col)
                r1, c1 = max(r1, m.max_row), max(c1, m.max_col)
                changed = True
    return r0, c0, r1, c1


def _tall_merge_cells(merges) -> set[tuple[int, int]]:
    """Every position inside a merged range more than one row high (table structure)."""
    out = set()
    for m in merges:
        if m.max_row > m.min_row:
            out.update((r, c) for r in range(m.min_row, m.max_row + 1)
                       for c in range(m.min_col, m.max_col + 1))
    return out


def _merges(ws) -> dict:
    """Top-left (row, col) -> merged range (1-based, as openpyxl)."""
    return {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}


def _covered(merges: dict) -> set[tuple[int, int]]:
    covered = set()
    for (r, c), m in merges.items():
        if (m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) > limits.MAX_TABLE_CELLS:
            raise Refusal("too_large", messages.REFUSE_TOO_MANY_PARTS.format(
                paragraphs=limits.MAX_PARAGRAPHS, cells=limits.MAX_TABLE_CELLS))
        covered.update((rr, cc) for rr in range(m.min_row, m.max_row + 1)
                       for cc in range(m.min_col, m.max_col + 1) if (rr, cc) != (r, c))
    return covered
