"""The recognized report: sections, the three standard tables as typed cells, and metadata."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.model import Document, Paragraph, SourceRef


@dataclass
class CellValue:
    """One value cell of a standard table.

    ``kind`` keeps what the raw text was, so that blank, "0", "０", "12件", "/", "—", "无" stay
    distinct: "number" (``value`` parsed), "blank", "placeholder" ("/", "—", "无"), "text" (not
    a number), "unreadable" (digits glued together with no single consistent split).
    """

    raw: str
    kind: str
    value: float | int | None
    source: SourceRef | None
    derived: bool = False   # value came from splitting glued digits by the table's relations
    # How the cell was placed on its standard key: "label" (its row label matched), "position"
    # (its row sits in the standard's place with the right number of values, label garbled or
    # detached), "relation" (its value was decided by the arithmetic relations), "glued" (split
    # from digits run together).
    placed_by: str = "label"

    def to_json(self) -> dict:
        return {"value": self.value, "raw": self.raw, "kind": self.kind,
                "source": self.source.describe() if self.source else None,
                "placed_by": self.placed_by}

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass
class LabelDeviation:
    table: str
    row: str | None
    col: str | None
    found: str
    official: str
    source: SourceRef | None
    # a known variant of the label (社会组织 for 社会公益组织, 规范性文件 for 行政规范性文件): a
    # drifted term, a warning; otherwise a slip of the pen in the label, a hint
    known: bool = True
    # a row placed by its position whose label names no row of the format ("5.其他事项" where
    # "5.属于三类内部事务信息" stands): the label is wrong, the row is there (a warning)
    unrecognised: bool = False


@dataclass
class RecognitionNote:
    """Something the recognizer saw and could not place or had to assume; rules turn it into findings."""

    code: str                 # "unreadable_row", "short_row", "duplicate_report", "unplaced_row"
    table: str | None
    row: str | None
    text: str
    source: SourceRef | None
    detail: dict = field(default_factory=dict)


@dataclass
class TableData:
    key: str
    cells: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    row_sources: dict[str, SourceRef] = field(default_factory=dict)
    found: bool = False
    header_text: str = ""
    source: SourceRef | None = None

    def value(self, row: str, col: str):
        cell = self.cells.get((row, col))
        return cell.value if cell else None


@dataclass
class FoundSection:
    key: str | None           # S1..S6 when recognised
    numeral: str              # the numeral as written (一..六), "" when none
    heading: str              # the heading text as written
    index: int                # paragraph index in Report.paragraphs
    source: SourceRef
    official: bool            # heading equals the official title (after normalisation)
    title_match: str | None   # the section key whose title the heading text matches


@dataclass
class Meta:
    agency: str = ""
    year: int | None = None
    # where the year was read: "title"; without a year in the title, the statistics "period"
    # or, last, the year the opening "prose" names most
    year_from: str = ""
    level: str = ""           # 人民政府 / 部门 / 乡镇街道 / 街道办事处
    format: str = "2021"      # "2021" or "2019"
    title: str = ""
    title_source: SourceRef | None = None
    period_text: str = ""
    period: tuple | None = None        # ((y, m, d), (y, m, d))
    period_source: SourceRef | None = None
    signed: tuple | None = None        # (y, m, d)
    signed_text: str = ""
    signed_source: SourceRef | None = None
    body_years: list[int] = field(default_factory=list)


@dataclass
class Report:
    document: Document
    paragraphs: list[Paragraph]
    sections: list[FoundSection]
    tables: dict[str, TableData]
    meta: Meta
    notes: list[RecognitionNote] = field(default_factory=list)
    labels: list[LabelDeviation] = field(default_factory=list)
    # 表三 has the 2019 single row （六）其他处理 (cells ("r6", col)) instead of its three sub-items
    single_r6: bool = False
    # a workbook that holds only the three tables (the XLSX template filled in): checked as tables
    tables_only: bool = False

    def section_paragraphs(self, key: str) -> list[Paragraph]:
        """Paragraphs between the heading of ``key`` and the next recognised section heading."""
        found = [s for s in self.sections if s.key]
        for i, s in enumerate(found):
            if s.key == key:
                end = found[i + 1].index if i + 1 < len(found) else len(self.paragraphs)
                return self.paragraphs[s.index + 1:end]
        return []

    def section_of(self, index: int) -> str | None:
        current = None
        for s in self.sections:
            if s.key and s.index <= index:
                current = s.key
        return current
