"""Document -> Report: sections, the three standard tables as typed cells, metadata."""
from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from core import messages
from core.model import Document, Paragraph, Refusal, Table
from core.recognize.metadata import find_title, read_meta
from core.recognize.normalize import is_value_like
from core.recognize.sections import find_sections, table_row_label_keys
from core.recognize.runon import split_run_on
from core.recognize.tables import LabelIndex, scan_tables
from core.recognize.units import units
from core.report import RecognitionNote, Report
from core.standard import load
from core.text import label_key, nfkc, squash

DUPLICATE_MIN_SIMILARITY = 90


def recognize(doc: Document) -> Report:
    std = load()
    notes: list[RecognitionNote] = []
    doc = split_run_on(doc, std)
    doc = _promote_text_rows(doc, LabelIndex(std))
    doc = _drop_second_copy(doc, notes)
    paragraphs = doc.paragraphs()
    stream = units(doc, paragraphs)
    scan = scan_tables(std, stream)
    notes += scan.notes
    row_paras = {stream[o].para_index for orders in scan.row_units.values() for o in orders
                 if stream[o].para_index is not None}
    row_keys = table_row_label_keys(std)
    row_paras |= {i for i, p in enumerate(paragraphs) if label_key(p.text) in row_keys}
    sections = find_sections(std, paragraphs, row_paras)
    meta = read_meta(paragraphs)
    if _has_old_markers(std, doc):
        meta.format = "2019"
    t3 = scan.tables["t3"]
    single_r6 = "r6" in t3.row_sources and not any(
        r in t3.row_sources for r in ("r6_1", "r6_2", "r6_3"))
    if not single_r6 and "r6" in t3.row_sources:      # a group caption row that held a stray number
        t3.row_sources.pop("r6")
        for col in [c for r, c in t3.cells if r == "r6"]:
            t3.cells.pop(("r6", col))
    if not _looks_like_report(meta, sections, scan):
        raise Refusal("not_a_report", messages.REFUSE_NOT_A_REPORT)
    report = Report(doc, paragraphs, sections, scan.tables, meta, notes, scan.labels,
                    single_r6=single_r6, tables_only=_tables_only(doc, sections, paragraphs, scan))
    cut = _truncated_after(std, stream, scan)
    if cut is not None:
        notes.append(cut)
    return report


def _looks_like_report(meta, sections, scan) -> bool:
    tables_found = sum(1 for t in scan.tables.values() if t.cells)
    sections_found = len({s.key for s in sections if s.key})
    return bool(meta.title) or tables_found >= 1 or sections_found >= 3


def _has_old_markers(std, doc: Document) -> bool:
    texts = [p.text for p in doc.paragraphs()]
    for t in doc.tables():
        for row in t.rows:
            texts.extend(c.text for c in row)
    joined = squash("".join(texts))
    return any(squash(m) in joined for m in std.old_markers)


def _promote_text_rows(doc: Document, index: LabelIndex) -> Document:
    """A table row holding one piece of text and nothing else is a paragraph laid out in a grid
    (prose in a spreadsheet, a layout table on a web page, a caption row): read it as one."""
    blocks = []
    changed = False
    for block in doc.blocks:
        if not isinstance(block, Table):
            blocks.append(block)
            continue
        rows: list = []
        for row in block.rows:
            filled = [c for c in row if c.text.strip()]
            if (len(filled) == 1 and not is_value_like(filled[0].text)
                    and (len(row) == 1 or index.match(filled[0].text) is None)):
                # (a standard row's label with blank values stays a row, typos included)
                if rows:
                    blocks.append(Table(rows, block.source))
                    rows = []
                blocks.append(Paragraph(filled[0].text.strip(), filled[0].source))
                changed = True
            else:
                rows.append(row)
        if rows:
            blocks.append(Table(rows, block.source))
    return replace(doc, blocks=blocks) if changed else doc


def _block_text(block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return "".join(c.text for row in block.rows for c in row)


def _drop_second_copy(doc: Document, notes: list[RecognitionNote]) -> Document:
    """A report pasted twice into one file is checked once and reported."""
    paragraphs = doc.paragraphs()
    title, idx = find_title(paragraphs)
    if not title or idx is None:
        return doc
    first = paragraphs[idx]
    key = squash(nfkc(first.text))
    start = doc.blocks.index(first)
    for k in range(start + 1, len(doc.blocks)):
        block = doc.blocks[k]
        if isinstance(block, Paragraph) and squash(nfkc(block.text)) == key:
            head = "".join(_block_text(b) for b in doc.blocks[start:k])
            tail = "".join(_block_text(b) for b in doc.blocks[k:])
            if fuzz.ratio(squash(head)[:20000], squash(tail)[:20000]) >= DUPLICATE_MIN_SIMILARITY:
                notes.append(RecognitionNote("duplicate_report", None, None, block.text,
                                             block.source, {}))
                return replace(doc, blocks=doc.blocks[:k])
    return doc


TAIL_CHARS = 60     # at most this much text after a table's last row, for the file to end in it


def _truncated_after(std, stream, scan) -> RecognitionNote | None:
    """A file that ends inside a table (a web page cut off after a few kilobytes): the table's
    last row found, when nothing but a scrap of a label follows it and the table's closing rows
    are absent. Later rows, tables and sections are then unseen, not missing."""
    for table, closing in (("t3", ("carried_out",)), ("t2", ("fees",))):
        orders = scan.row_units.get(table)
        data = scan.tables[table]
        if not orders or any(r in data.row_sources for r in closing):
            continue
        last = max(orders)
        tail = "".join(u.text for u in stream[last + 1:])
        if len(squash(tail)) > TAIL_CHARS:
            continue
        keys = [r for r, _ in std.cell_keys(table)]
        found = [r for r in dict.fromkeys(keys) if r in data.row_sources]
        after = found[-1] if found else None
        return RecognitionNote("truncated", table, after, tail.strip(), stream[-1].source,
                               {"tail": tail.strip()})
    return None


PROSE_CHARS = 60     # a paragraph this long is report prose, not a caption or a note


def _tables_only(doc, sections, paragraphs, scan) -> bool:
    """A spreadsheet holding the standard tables and no report text: no 一、五、六 sections and
    no paragraph of prose (captions, headings and the template's notes do not count)."""
    if doc.kind != "xlsx" or not any(t.found for t in scan.tables.values()):
        return False
    keys = {s.key for s in sections}
    prose = [p for p in paragraphs if len(p.text) >= PROSE_CHARS and "说明" not in p.text[:4]]
    return not ({"S1", "S5", "S6"} & keys) and not prose
