"""Correct a copy of the user's own DOCX.

The original bytes are loaded, the decided changes are made, and the copy is returned for saving
elsewhere; everything not corrected stays as it was (styles, fonts, headers and footers, images,
page setup, numbering). Places are found by the reader's ``SourceRef``: a cell by table index
(top-level tables), ``w:tr`` index and grid column; a paragraph by its index among the body's
top-level paragraphs.

A corrected cell keeps its formatting: the first run gets the new text, the other runs lose
theirs; an empty cell gets a run formatted like its paragraph mark (or like the row's other
cells). Every change is shaded light yellow and carries a comment saying what was there, what is
there now and which rule asked for it. Fixes that are not applied (to confirm, hints) get a
comment listing the options, and no shading.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core import messages
from core.findings import CheckResult
from core.fix import oxml
from core.fix.plan import (
    MARK_FILL,
    Decision,
    FixOutcome,
    TypedEdit,
    applied_note,
    cell_edits,
    format_value,
    pending_note,
    rule_note,
)
from core.fix.prose import TABLE_SECTIONS, signature_indexes, title_indexes
from core.standard import Standard, load
from core.text import squash

HEADING_STYLE = "Heading 1"


@dataclass
class _Target:
    """One cell or paragraph of the copy and what happens to it."""

    kind: str                       # "cell" or "paragraph"
    element: object                 # w:tc or w:p
    old: str
    new: str | None = None
    reasons: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    inserted: bool = False


class _Editor:
    def __init__(self, doc, result: CheckResult, std: Standard):
        self.doc = doc
        self.report = result.report
        self.std = std
        self.body = doc._body
        self.paragraphs = [p._p for p in doc.paragraphs]
        self.tables = [t._tbl for t in doc.tables]
        self.targets: dict[int, _Target] = {}
        self.insertions: list[tuple[str, Decision]] = []
        self.typed_old: dict[tuple, str] = {}

    # --- finding the places -------------------------------------------------------------------
    def element(self, source):
        """The w:tc or w:p a SourceRef names in this document, or None."""
        if source is None or source.kind != "docx":
            return None
        if source.table is not None:
            if not 0 <= source.table < len(self.tables):
                return None
            tbl = self.tables[source.table]
            if source.row is None:
                return oxml.first_cell(tbl)
            if source.col is None:
                return oxml.first_cell(tbl, source.row)
            return oxml.cell_at(tbl, source.row, source.col)
        if source.block is not None and 0 <= source.block < len(self.paragraphs):
            return self.paragraphs[source.block]
        return None

    def target(self, element) -> _Target:
        found = self.targets.get(id(element))
        if found is None:
            kind = "cell" if oxml.is_cell(element) else "paragraph"
            found = _Target(kind, element, element_text(element))
            self.targets[id(element)] = found
        return found

    def cell_source(self, table: str, row: str, col: str):
        cell = self.report.tables[table].cells.get((row, col))
        return cell.source if cell is not None else None

    def expected_text(self, table: str, row: str, col: str) -> str | None:
        if (table, row, col) in self.typed_old:
            return self.typed_old[(table, row, col)]
        cell = self.report.tables[table].cells.get((row, col))
        return cell.raw if cell is not None else None

    # --- decisions ------------------------------------------------------------------------------
    def typed(self, edit: TypedEdit) -> bool:
        self.typed_old[(edit.table, edit.row, edit.col)] = edit.old
        element = self.element(self.cell_source(edit.table, edit.row, edit.col))
        if element is None or not _same(element_text(element), edit.old):
            return False
        t = self.target(element)
        t.new = edit.new
        t.reasons.append(messages.FIX_NOTE_TYPED)
        return True

    def decide(self, d: Decision) -> bool:
        if d.kind == "cell":
            return self._cell(d) if d.apply else self._pending(d)
        if d.kind == "label":
            return self._label(d) if d.apply and d.finding.found else self._pending(d)
        if d.kind == "section":
            return self._section(d)
        return self._text(d) if d.apply else self._pending(d)

    def _cell(self, d: Decision) -> bool:
        edits = cell_edits(self.std, d)
        places = []
        for e in edits:
            element = self.element(self.cell_source(e.table, e.row, e.col))
            expected = self.expected_text(e.table, e.row, e.col)
            if element is None or expected is None or not _same(self._current(element), expected):
                return False
            places.append((element, format_value(e.value)))
        for element, new in places:
            t = self.target(element)
            t.new = new
            t.reasons.append(rule_note(d))
        return bool(places)

    def _current(self, element) -> str:
        t = self.targets.get(id(element))
        return t.old if t is not None else element_text(element)

    def _label(self, d: Decision) -> bool:
        element = self.element(d.finding.location.source)
        if element is None:
            return False
        t = self.target(element)
        text = t.new if t.new is not None else t.old
        found, official = str(d.finding.found), format_value(d.value)
        if squash(text) == squash(found):
            t.new = official
        elif found in text:
            t.new = text.replace(found, official, 1)
        else:
            return False
        t.reasons.append(rule_note(d))
        return True

    def _section(self, d: Decision) -> bool:
        key = d.finding.location.section
        if d.finding.rule == "SEC-MISSING" or d.finding.location.source is None:
            if d.apply and key:
                self.insertions.append((key, d))
                return True
            return False
        if not d.apply:
            return self._pending(d)
        element = self.element(d.finding.location.source)
        head = next((s for s in self.report.sections if s.key == key), None)
        if not oxml.is_paragraph(element) or head is None or \
                not _same(element_text(element), head.heading):
            return False
        t = self.target(element)
        value = format_value(d.value)
        if oxml.has_numbering(element) and key:
            value = self.std.section(key).title        # Word writes the numeral itself
        t.new = value
        t.reasons.append(rule_note(d))
        return True

    def _text(self, d: Decision) -> bool:
        source = d.finding.location.source
        section = next((s.key for s in self.report.sections if s.key and s.source == source),
                       None)
        if section is not None:
            self.insertions.append((section, d))
            return True
        if source is not None and source == self.report.meta.title_source:
            return self._title(d)
        element = self.element(source)
        if not oxml.is_paragraph(element):
            return False
        t = self.target(element)
        t.new = format_value(d.value)
        t.reasons.append(rule_note(d))
        return True

    def _title(self, d: Decision) -> bool:
        indexes = title_indexes(self.report)
        elements = [self.element(self.report.paragraphs[i].source) for i in indexes]
        if not elements or not all(oxml.is_paragraph(e) for e in elements):
            return False
        written = "".join(element_text(e) for e in elements)
        if squash(written).lstrip("#") != squash(self.report.meta.title):
            return False
        first = self.target(elements[0])
        first.old = written
        first.new = format_value(d.value)
        first.reasons.append(rule_note(d))
        for e in elements[1:]:
            self.target(e).new = ""
        return True

    def _pending(self, d: Decision) -> bool:
        element = None
        fix = d.finding.fix
        if fix.table and fix.row and fix.col:
            element = self.element(self.cell_source(fix.table, fix.row, fix.col))
        if element is None:
            element = self.element(d.finding.location.source)
        if element is None and d.finding.location.section:
            head = next((s for s in self.report.sections
                         if s.key == d.finding.location.section), None)
            element = self.element(head.source) if head else None
        if element is None:
            return False
        self.target(element).pending.append(pending_note(d, self.std))
        return True

    # --- making the changes ---------------------------------------------------------------------
    def apply(self) -> None:
        """Insert sections and sentences, write the new texts, then shade and comment."""
        self._insert_all()
        for t in list(self.targets.values()):
            if t.new is not None and not t.inserted:
                self._write(t)
        for t in self.targets.values():
            self._mark(t)

    def _write(self, t: _Target) -> None:
        if t.kind == "cell":
            paragraphs = oxml.cell_paragraphs(t.element)
            set_paragraph_text(paragraphs[0], t.new, self.body, t.element)
            for extra in paragraphs[1:]:
                for r in oxml.text_runs(extra):
                    oxml.clear_run_text(r)
                if oxml.paragraph_is_blank(extra):
                    oxml.remove(extra)
        else:
            set_paragraph_text(t.element, t.new, self.body)

    def _mark(self, t: _Target) -> None:
        lines = []
        # a change to the same text is no change: never "原为0，现为0"
        changed = t.new is not None and (t.reasons or t.inserted) and (
            t.inserted or (t.old or "").strip() != (t.new or "").strip())
        if changed:
            if t.inserted:
                lines.append(t.reasons[0])
                lines += t.reasons[1:]
            else:
                lines.append(applied_note(t.old, t.new))
                lines += t.reasons
            if t.kind == "cell":
                oxml.shade_cell(t.element, MARK_FILL)
            else:
                oxml.shade_paragraph(t.element, MARK_FILL)
        lines += t.pending
        if not lines:
            return
        p = oxml.cell_paragraphs(t.element)[0] if t.kind == "cell" else t.element
        runs = comment_runs(p, self.body)
        self.doc.add_comment(runs, text="\n".join(lines), author=messages.FIX_AUTHOR,
                             initials=messages.FIX_INITIALS)

    # --- inserting sections -------------------------------------------------------------------
    def _insert_all(self) -> None:
        order = {s.key: n for n, s in enumerate(self.std.sections)}
        heading_model = self._heading_model()
        body_model = self._body_model()
        for key, d in sorted(self.insertions, key=lambda x: order[x[0]]):
            if d.finding.rule == "SEC-MISSING" or d.kind == "section":
                self._insert_section(key, d, heading_model, body_model)
            else:
                self._insert_sentence(key, d, body_model)

    def _insert_section(self, key: str, d: Decision, heading_model, body_model) -> None:
        heading = self.std.section(key).heading
        anchor = self._section_anchor(key)
        head = self._new_paragraph(heading_model, heading, anchor)
        if heading_model is None:
            self._style_as_heading(head)
        t = self.target(head)
        t.old, t.new, t.inserted = "", heading, True
        t.reasons += [messages.FIX_NOTE_INSERTED.format(heading=heading), rule_note(d)]
        table = TABLE_SECTIONS.get(key)
        if table is not None and self._table_element(table) is not None:
            return
        text = messages.FIX_PLACEHOLDER.format(what=messages.FIX_SECTION_GUIDANCE[key])
        placeholder = self._new_paragraph(body_model, text, anchor)
        oxml.shade_paragraph(placeholder, MARK_FILL)

    def _insert_sentence(self, key: str, d: Decision, body_model) -> None:
        later = self._next_heading_after(key)
        anchor = later if later is not None else self._end_anchor()
        text = format_value(d.value)
        p = self._new_paragraph(body_model, text, anchor)
        t = self.target(p)
        t.old, t.new, t.inserted = "", text, True
        t.reasons += [applied_note("", text), rule_note(d)]

    def _new_paragraph(self, model, text: str, anchor):
        """A paragraph formatted like ``model`` (or plain) with ``text``, placed before
        ``anchor`` (or at the end of the body, before its section properties)."""
        end = self.body.add_paragraph()._p
        p = end
        if model is not None:
            p = oxml.clone_paragraph_shell(model)
            oxml.insert_before(end, p)
            oxml.remove(end)
        if anchor is not None:
            oxml.insert_before(anchor, p)
        set_paragraph_text(p, text, self.body)
        return p

    def _style_as_heading(self, p) -> None:
        """A document without any recognised heading to copy: Word's Heading 1, else bold."""
        paragraph = Paragraph(p, self.body)
        try:
            paragraph.style = self.doc.styles[HEADING_STYLE]
        except KeyError:
            for run in paragraph.runs:
                run.bold = True

    def _section_anchor(self, key: str):
        """Before the section's own table when it is there; else before the next present
        section's heading; else before the signature; else at the end (None)."""
        table = TABLE_SECTIONS.get(key)
        if table is not None:
            tbl = self._table_element(table)
            if tbl is not None:
                return tbl
        order = [s.key for s in self.std.sections]
        later = [s for s in self.report.sections if s.key and order.index(s.key) > order.index(key)]
        for s in sorted(later, key=lambda s: order.index(s.key)):
            element = self.element(s.source)
            if element is not None:
                return element
        return self._end_anchor()

    def _next_heading_after(self, key: str):
        head = next((s for s in self.report.sections if s.key == key), None)
        if head is None:
            return None
        following = sorted((s for s in self.report.sections if s.index > head.index),
                           key=lambda s: s.index)
        for s in following:
            element = self.element(s.source)
            if element is not None:
                return element
        return None

    def _end_anchor(self):
        """The first paragraph of the signature block (with the blank lines above it), or None
        for the end of the body."""
        indexes = signature_indexes(self.report)
        if not indexes:
            return None
        first = self.element(self.report.paragraphs[indexes[0]].source)
        return oxml.start_of_blank_run_before(first) if oxml.is_paragraph(first) else None

    def _table_element(self, table: str):
        source = self.report.tables[table].source if self.report.tables[table].found else None
        if source is None or source.kind != "docx" or source.table is None:
            return None
        return self.tables[source.table] if 0 <= source.table < len(self.tables) else None

    def _heading_model(self):
        for s in self.report.sections:
            element = self.element(s.source)
            if oxml.is_paragraph(element):
                return element
        return None

    def _body_model(self):
        prose = ("S1", "S5", "S6")
        for i, p in enumerate(self.report.paragraphs):
            if "。" in p.text and len(p.text) > 20 and self.report.section_of(i) in prose:
                element = self.element(p.source)
                if oxml.is_paragraph(element):
                    return element
        return None


# ---------------------------------------------------------------------------------------------
# Text of cells and paragraphs, through proxies where python-docx has them
# ---------------------------------------------------------------------------------------------

def paragraph_text(p) -> str:
    return "".join(r.text for r in oxml.text_runs(p))


def element_text(element) -> str:
    if oxml.is_cell(element):
        return "\n".join(paragraph_text(p) for p in oxml.cell_paragraphs(element)).strip("\n")
    return paragraph_text(element)


def _same(a: str, b: str) -> bool:
    return squash(a or "") == squash(b or "")


def set_paragraph_text(p, text: str, parent, cell=None) -> None:
    """Put ``text`` in the first run (keeping its formatting) and clear the other runs; a
    paragraph without a run gets one formatted like its paragraph mark, or like the row's other
    cells when ``cell`` is given."""
    runs = [r for r in oxml.text_runs(p) if oxml.run_has_text(r)]
    if not runs:
        runs = [r for r in oxml.text_runs(p) if oxml.run_is_empty(r)]
    if runs:
        Run(runs[0], parent).text = text
        for r in runs[1:]:
            oxml.clear_run_text(r)
        return
    run = Paragraph(p, parent).add_run(text)
    rpr = oxml.mark_run_properties(p)
    if rpr is None and cell is not None:
        rpr = oxml.neighbour_run_properties(cell)
    oxml.set_run_properties(run._r, rpr)


def comment_runs(p, parent) -> list:
    runs = [Run(r, parent) for r in oxml.direct_runs(p)]
    if not runs:
        runs = [Run(r, parent) for r in oxml.text_runs(p)]
    if not runs:
        runs = [Paragraph(p, parent).add_run("")]
    return runs


def edit_copy(result: CheckResult, data: bytes, decisions: list[Decision],
              typed: list[TypedEdit], outcome: FixOutcome):
    """The corrected copy of the DOCX whose bytes are ``data``."""
    doc = docx.Document(io.BytesIO(data))
    editor = _Editor(doc, result, load())
    outcome.typed = [e for e in typed if editor.typed(e)]
    for d in decisions:
        if not editor.decide(d):
            outcome.unplaced.append(d)
        elif d.apply:
            outcome.applied.append(d)
        else:
            outcome.commented.append(d)
    editor.apply()
    return doc
