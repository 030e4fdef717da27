"""A complete new report in the standard structure, for inputs that are not DOCX.

Text, XLSX, HTML and PDF inputs cannot be edited in place, so the report is rebuilt: the title,
the introduction, the six sections in the official order with their official headings, the
prose carried over section by section, the three tables in the official layout filled with the
report's values (the applied fixes included), and the signature, all in the official document
style (``docx_style``). Every change is marked as in an edited DOCX: a light-yellow background
and a Word comment saying what was there, what is there now and which rule asked for it.

``build_template`` uses the same pieces for the blank report template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core import messages
from core.findings import CheckResult
from core.fix import docx_style, oxml
from core.fix.layout import grids
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
from core.fix.prose import TABLE_SECTIONS, is_subheading, split
from core.standard import Standard, load
from core.text import CN_NUMERALS


@dataclass
class _Notes:
    """Comments waiting for the place they belong to (a cell, a label, a heading)."""

    lines: list[str] = field(default_factory=list)
    shade: bool = False
    decisions: list = field(default_factory=list)


@dataclass
class _Plan:
    texts: dict = field(default_factory=dict)           # value key -> cell text
    labels: dict = field(default_factory=dict)          # label key -> text written instead
    headings: dict = field(default_factory=dict)        # section key -> heading text
    inserted: set = field(default_factory=set)          # sections added (SEC-MISSING)
    title: str = ""
    extra: dict = field(default_factory=dict)           # section key -> sentences appended
    notes: dict = field(default_factory=dict)           # place -> _Notes

    def note(self, place, line: str | None, shade: bool, decision: Decision | None = None) -> None:
        """``line`` None: the place is only shaded (a comment beside it explains)."""
        entry = self.notes.setdefault(place, _Notes())
        if line is not None:
            entry.lines.append(line)
        entry.shade = entry.shade or shade
        if decision is not None:
            entry.decisions.append(decision)


def build_from_report(result: CheckResult, decisions: list[Decision], typed: list[TypedEdit],
                      rejected: list, outcome: FixOutcome):
    """The rebuilt document for ``result``; ``outcome`` records what was applied."""
    std = load()
    report = result.report
    plan = _initial_plan(report, std, rejected)
    for edit in typed:
        key = (edit.table, edit.row, edit.col)
        if edit.old.strip() == edit.new.strip():
            continue
        plan.note(("cell", key), applied_note(edit.old, edit.new) + "\n" + messages.FIX_NOTE_TYPED,
                  True)
    outcome.typed = list(typed)
    for decision in decisions:
        placed = _plan_decision(plan, report, std, decision)
        if not placed:
            outcome.unplaced.append(decision)
        elif decision.apply:
            outcome.applied.append(decision)
        else:
            outcome.commented.append(decision)
    doc = _render(report, std, plan)
    _unplaced_notes(plan, outcome)
    return doc


def _unplaced_notes(plan: _Plan, outcome: FixOutcome) -> None:
    """Notes whose place the rebuilt document does not have: their decisions were not made."""
    lost = [d for notes in plan.notes.values() for d in notes.decisions]
    for d in lost:
        for group in (outcome.applied, outcome.commented):
            if d in group:
                group.remove(d)
        if d not in outcome.unplaced:
            outcome.unplaced.append(d)


# ---------------------------------------------------------------------------------------------
# Planning: what goes where
# ---------------------------------------------------------------------------------------------

def _initial_plan(report, std: Standard, rejected: list) -> _Plan:
    plan = _Plan(title=report.meta.title)
    for table, data in report.tables.items():
        for (row, col), cell in data.cells.items():
            plan.texts[(table, row, col)] = _cell_text(cell)
    _single_r6(report, std, plan)
    for s in report.sections:
        if s.key:
            plan.headings.setdefault(s.key, std.section(s.key).heading)
    for f in rejected:                  # the person kept what the report says
        if f.fix.kind == "section" and f.location.section and f.found:
            plan.headings[f.location.section] = _written_heading(report, f.location.section)
        elif f.fix.kind == "label" and f.found:
            plan.labels[_label_place(f)] = str(f.found)
    return plan


OLD_R6 = "r6"                 # the 2019 format's single row （六）其他处理
R6_TARGET = "r6_3"            # where its values go: 3.其他 (the two new reasons are written 0)


def _single_r6(report, std: Standard, plan: _Plan) -> None:
    """The old single row （六）其他处理 becomes the three official rows: its values go to
    “3.其他”, the two new reasons are 0 (every column sum stays as it was), and each of the three
    rows carries a comment asking the author to confirm."""
    t3 = report.tables.get("t3")
    if t3 is None or not any(r == OLD_R6 for r, _ in t3.cells):
        return
    rows = [r.key for r in std.t3_rows if r.key.startswith("r6_")]
    if any(("t3", r, c.key) in plan.texts for r in rows for c in std.t3_cols):
        return
    values = {c.key: plan.texts.pop(("t3", OLD_R6, c.key), "") for c in std.t3_cols}
    shown = messages.FIX_LIST_SEP.join(v or messages.FIX_BLANK for v in values.values())
    for row in rows:
        for n, col in enumerate(std.t3_cols):
            key = ("t3", row, col.key)
            plan.texts[key] = values[col.key] if row == R6_TARGET else "0"
            line = messages.FIX_NOTE_R6.format(values=shown, row=std.row_label("t3", row)) \
                if n == 0 else None
            plan.note(("cell", key), line, True)


def _cell_text(cell) -> str:
    """What a rebuilt cell shows: the text as written; a value split from glued digits as the
    number; nothing for digits that could not be split (their finding's comment explains)."""
    if cell.kind == "unreadable":
        return ""
    if cell.derived and cell.value is not None:
        return format_value(cell.value)
    return (cell.raw or "").strip()


def _written_heading(report, key: str) -> str:
    return next(s.heading for s in report.sections if s.key == key)


def _label_place(f) -> tuple:
    loc = f.location
    if loc.row is not None and loc.col is not None:
        return (loc.table, None, loc.col) if loc.table == "t2" else (loc.table, loc.row, None)
    return (loc.table, loc.row, loc.col)


def _plan_decision(plan: _Plan, report, std: Standard, d: Decision) -> bool:
    kind = d.kind
    if kind == "cell":
        return _plan_cell(plan, std, d)
    if kind == "label":
        place = ("label", _label_place(d.finding))
        plan.note(place, _label_note(d), d.apply, d)
        return True
    if kind == "section":
        return _plan_section(plan, report, std, d)
    return _plan_text(plan, report, d)


def _plan_cell(plan: _Plan, std: Standard, d: Decision) -> bool:
    fix = d.finding.fix
    if not d.apply:
        loc = d.finding.location
        key = (fix.table or loc.table, fix.row or loc.row, fix.col or loc.col)
        if None in key:
            key = next(((loc.table, r, c) for r, c in std.cell_keys(loc.table or "t3")
                        if loc.row in (None, r)), None) if loc.table else None
        if key is None:
            return False
        plan.note(("cell", key), pending_note(d, std), False, d)
        return True
    edits = cell_edits(std, d)
    for e in edits:
        key = (e.table, e.row, e.col)
        old = plan.texts.get(key, "")
        new = format_value(e.value)
        plan.texts[key] = new
        if old.strip() == new:          # already so (a what-if edit typed it): nothing to mark
            plan.note(("cell", key), None, False, d)
            continue
        plan.note(("cell", key), applied_note(old, new) + "\n" + rule_note(d), True, d)
    return bool(edits)


def _label_note(d: Decision) -> str:
    if d.apply and d.finding.found:
        return applied_note(str(d.finding.found), str(d.value)) + "\n" + rule_note(d)
    if d.apply:
        return rule_note(d)
    return pending_note(d)


def _plan_section(plan: _Plan, report, std: Standard, d: Decision) -> bool:
    key = d.finding.location.section
    if key is None:
        return False
    heading = std.section(key).heading
    if d.finding.rule == "SEC-MISSING":
        if d.apply:
            plan.headings[key] = heading
            plan.inserted.add(key)
            plan.note(("heading", key), messages.FIX_NOTE_INSERTED.format(heading=heading) + "\n"
                      + rule_note(d), True, d)
        return True
    if d.apply:
        plan.headings[key] = str(d.value or heading)
        plan.note(("heading", key), applied_note(_written_heading(report, key), plan.headings[key])
                  + "\n" + rule_note(d), True, d)
    else:
        plan.headings[key] = _written_heading(report, key)
        plan.note(("heading", key), pending_note(d), False, d)
    return True


def _plan_text(plan: _Plan, report, d: Decision) -> bool:
    loc = d.finding.location
    heading_of = {s.source: s.key for s in report.sections if s.key}
    section = heading_of.get(loc.source) if loc.source is not None else None
    if section is not None:
        if d.apply:
            plan.extra.setdefault(section, []).append(format_value(d.value))
            plan.note(("extra", section, len(plan.extra[section]) - 1),
                      applied_note("", format_value(d.value)) + "\n" + rule_note(d), True, d)
        else:
            plan.note(("heading", section), pending_note(d), False, d)
        return True
    if loc.source is not None and loc.source == report.meta.title_source:
        if d.apply:
            old, plan.title = plan.title, format_value(d.value)
            plan.note(("title",), applied_note(old, plan.title) + "\n" + rule_note(d), True, d)
        else:
            plan.note(("title",), pending_note(d), False, d)
        return True
    return False


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

class _Writer:
    """Adds blocks to a new document and marks the ones that carry notes."""

    def __init__(self, plan: _Plan):
        self.doc = docx_style.new_document()
        self.plan = plan

    def mark_paragraph(self, paragraph, place) -> None:
        notes = self.plan.notes.pop(place, None)
        if notes is None:
            return
        if notes.shade:
            oxml.shade_paragraph(paragraph._p, MARK_FILL)
        self._comment(paragraph, notes)

    def mark_cell(self, cell, place) -> None:
        notes = self.plan.notes.pop(place, None)
        if notes is None:
            return
        if notes.shade:
            oxml.shade_cell(cell._tc, MARK_FILL)
        if notes.lines:
            self._comment(cell.paragraphs[0], notes)

    def _comment(self, paragraph, notes: _Notes) -> None:
        runs = paragraph.runs or [paragraph.add_run("")]
        self.doc.add_comment(runs, text="\n\n".join(notes.lines), author=messages.FIX_AUTHOR,
                             initials=messages.FIX_INITIALS)

    def table(self, table: str, grid, texts: dict, labels: dict) -> None:
        cells = docx_style.add_grid_table(self.doc, grid, texts)
        for label, text in labels.items():
            if label in cells and label[0] == table:
                _replace_cell_text(cells[label], text)
        for key, cell in cells.items():
            self.mark_cell(cell, ("cell", key))
            self.mark_cell(cell, ("label", key))


def _replace_cell_text(cell, text: str) -> None:
    p = cell.paragraphs[0]
    if p.runs:
        p.runs[0].text = text
        for run in p.runs[1:]:
            run.text = ""
    else:
        p.add_run(text)


def _render(report, std: Standard, plan: _Plan):
    w = _Writer(plan)
    layouts = grids(std)
    prose = split(report, std)
    cut = next((n for n in report.notes if n.code == "truncated"), None)
    unread = _Unread(report)
    w.mark_paragraph(docx_style.add_title(w.doc, plan.title or messages.FIX_TEMPLATE_TITLE),
                     ("title",))
    for p in prose.intro:
        _add_prose(w.doc, p.text)
    for section in std.sections:
        key = section.key
        table = TABLE_SECTIONS.get(key)
        table_found = table is not None and report.tables[table].found
        if key not in plan.headings and unread.section(key):
            # the section may stand on a page nothing read: its heading, and what to do
            docx_style.add_heading(w.doc, section.heading)
            docx_style.add_placeholder(w.doc, unread.say(section.heading))
        if key in plan.headings:
            w.mark_paragraph(docx_style.add_heading(w.doc, plan.headings[key]), ("heading", key))
        if table is not None and unread.table(table):
            if not table_found:
                if key in plan.headings:
                    docx_style.add_placeholder(w.doc, unread.say(messages.TABLE_NAMES[table]))
                table = None            # said (or the section's note says it): no reminder below
            elif any(k not in report.tables[table].cells for k in std.cell_keys(table)):
                docx_style.add_placeholder(w.doc, unread.say(messages.FIX_UNREAD_ROWS.format(
                    table=messages.TABLE_NAMES[table])))
        if key in plan.inserted and not table_found:
            docx_style.add_placeholder(w.doc, messages.FIX_PLACEHOLDER.format(
                what=messages.FIX_SECTION_GUIDANCE[key]))
        for p in prose.sections.get(key, []):
            _add_prose(w.doc, p.text)
        for n, sentence in enumerate(plan.extra.get(key, [])):
            w.mark_paragraph(docx_style.add_body(w.doc, sentence), ("extra", key, n))
        if table is not None and cut is not None and cut.table == table:
            # the input ends inside this table: so does the output, and it says so
            grid = cut_grid(layouts[table], cut.row)
            w.table(table, grid, {k: v for k, v in plan.texts.items() if k[0] == table},
                    {k: v for k, v in plan.labels.items() if k[0] == table})
            plan.note(("truncated",), messages.FIX_NOTE_TRUNCATED, True)
            w.mark_paragraph(docx_style.add_placeholder(w.doc, messages.FIX_PLACEHOLDER.format(
                what=messages.FIX_TRUNCATED)), ("truncated",))
            return w.doc
        if table is not None and not table_found and key in plan.headings:
            # never an empty grid: a table the input lacks stays missing, with a reminder
            docx_style.add_placeholder(w.doc, messages.FIX_PLACEHOLDER.format(
                what=messages.FIX_TABLE_MISSING.format(table=messages.TABLE_NAMES[table])))
        elif table is not None and table_found:
            w.table(table, layouts[table], {k: v for k, v in plan.texts.items() if k[0] == table},
                    {k: v for k, v in plan.labels.items() if k[0] == table})
    for p in prose.signature:
        docx_style.add_signature(w.doc, p.text.strip())
    return w.doc


class _Unread:
    """Pages of the input that were pictures nothing read: the sections and tables that may
    stand on them are not missing but unread, and the rebuilt report says so where they go."""

    def __init__(self, report):
        self.pages = list(getattr(report.document, "unread_pages", None) or ())
        self.ctx = None
        if self.pages:
            from core.findings import CheckOptions
            from core.rules.registry import Context

            self.ctx = Context(report, None, CheckOptions())

    def section(self, key: str) -> bool:
        return self.ctx is not None and self.ctx.unread_section(key)

    def table(self, table: str) -> bool:
        return self.ctx is not None and self.ctx.on_unread_page(table)

    def say(self, what: str) -> str:
        return messages.FIX_PLACEHOLDER.format(what=messages.FIX_UNREAD.format(
            pages=messages.page_list(self.pages), what=what))


def cut_grid(grid, last_row: str | None):
    """The grid's header rows and its value rows up to ``last_row`` (a standard row key)."""
    import copy

    keep = grid.header_rows - 1
    for c in grid.cells:
        if c.key is not None and c.key[1] == last_row:
            keep = max(keep, c.row)
    out = copy.copy(grid)
    out.cells = []
    for c in grid.cells:
        if c.row > keep:
            continue
        c = copy.copy(c)
        c.rowspan = min(c.rowspan, keep - c.row + 1)
        out.cells.append(c)
    return out


def _add_prose(doc, text: str):
    text = text.strip()
    if is_subheading(text):
        return docx_style.add_heading(doc, text, level=2)
    return docx_style.add_body(doc, text)


# ---------------------------------------------------------------------------------------------
# The blank report template
# ---------------------------------------------------------------------------------------------

def build_template():
    """The full report skeleton: title placeholder, introduction guidance, the six sections with
    their official headings and guidance, the three empty tables, the signature lines."""
    std = load()
    doc = docx_style.new_document()
    layouts = grids(std)
    docx_style.add_title(doc, messages.FIX_TEMPLATE_TITLE)
    docx_style.add_placeholder(doc, _placeholder(messages.FIX_TEMPLATE_INTRO))
    for section in std.sections:
        docx_style.add_heading(doc, section.heading)
        if section.key == "S1":
            for n, (key, title, _) in enumerate(std.topics):
                docx_style.add_heading(doc, messages.FIX_SUBHEADING.format(
                    numeral=CN_NUMERALS[n], title=title), level=2)
                docx_style.add_placeholder(doc, _placeholder(messages.FIX_TOPIC_GUIDANCE[key]))
        elif section.key in TABLE_SECTIONS:
            docx_style.add_grid_table(doc, layouts[TABLE_SECTIONS[section.key]], {})
        else:
            docx_style.add_placeholder(doc, _placeholder(
                messages.FIX_SECTION_GUIDANCE[section.key]))
    docx_style.add_signature(doc, messages.FIX_TEMPLATE_SIGN_AGENCY)
    docx_style.add_signature(doc, messages.FIX_TEMPLATE_SIGN_DATE)
    return doc


def _placeholder(what: str) -> str:
    return messages.FIX_PLACEHOLDER.format(what=what)
