"""What the rules layer gathers for the localiser's evidence (core.localize.evidence): numbers
the prose states for the totals, last year's 结转下年度, the cells a spreadsheet computes.

Kept apart from the rule registry so that the registry's ``Context.arith`` can ask for it without
an import cycle; the narrative rules use the same sentence patterns.
"""
from __future__ import annotations

import re

from core.localize import Clues
from core.text import nfkc

_STOP = r"[^。；;，,\d]"
T3_PATTERNS = [
    # (row, pattern): the number is group 1
    ("carried_in", re.compile(r"上一?年度?结转" + _STOP + r"{0,12}?(\d+)\s*件")),
    ("carried_out", re.compile(r"结转(?:至|到)?下一?年度?" + _STOP + r"{0,12}?(\d+)\s*件")),
    ("new", re.compile(r"(?:新收|新受理|共收到|收到|共受理|受理|接收)" + _STOP + r"{0,25}?申请"
                       + _STOP + r"{0,8}?(\d+)\s*(?:件|个|份|条)")),
    ("new", re.compile(r"(?:本年度?|全年)?新收" + _STOP + r"{0,6}?(\d+)\s*件")),
    ("total", re.compile(r"(?:办结|答复|办理完毕|作出答复|处理)" + _STOP + r"{0,10}?(\d+)\s*件")),
]
TEXT_SECTIONS = ("S1", "S3", "S4", None)


def report_sentences(report):
    """(normalised sentence, original sentence, paragraph) of the prose where narrative numbers
    live; patterns run on the normalised text, findings quote the original."""
    for i, p in enumerate(report.paragraphs):
        if report.section_of(i) not in TEXT_SECTIONS:
            continue
        for s in re.split(r"(?<=[。；;！!？?])", p.text):
            if s.strip():
                yield nfkc(s.strip()), s.strip(), p


# Numbers the prose states for a total: "行政复议11件", "复议后起诉5件", "直接起诉2件".
_T4_STATED = (
    ("review", re.compile(r"行政复议" + r"[^。；;，,\d诉]{0,10}?(\d+)\s*(?:件|起|宗)")),
    ("suit_after_review", re.compile(r"复议后(?:提起)?(?:行政)?(?:诉讼|起诉)" + r"[^。；;，,\d]{0,10}?"
                                     r"(\d+)\s*(?:件|起|宗)")),
    ("suit_direct", re.compile(r"(?:未经复议|直接)(?:提起)?(?:行政)?(?:诉讼|起诉)"
                               + r"[^。；;，,\d]{0,10}?(\d+)\s*(?:件|起|宗)")),
)


def clues(ctx) -> Clues:
    """What evidence may weigh: numbers the prose states for the totals, and last year's
    结转下年度 for this year's 上年结转."""
    out = Clues()
    for sentence, _, _ in report_sentences(ctx.report):
        for row, pattern in T3_PATTERNS:
            for m in pattern.finditer(sentence):
                out.stated.setdefault(("t3", row, "total"), set()).add(int(m.group(1)))
        for group, pattern in _T4_STATED:
            for m in pattern.finditer(sentence):
                out.stated.setdefault(("t4", group, "total"), set()).add(int(m.group(1)))
    out.derived = formula_cells(ctx.report)
    if ctx.prior is not None and ctx.prior.tables["t3"].found:
        for col in ctx.std.t3_cols:
            before = ctx.prior.tables["t3"].value("carried_out", col.key)
            if before is not None:
                out.prior[("t3", "carried_in", col.key)] = before
    return out


def formula_cells(report) -> set:
    """The standard-table cells a spreadsheet computes by formula (their source is a formula
    cell of the workbook)."""
    refs = {(c.source.sheet, c.source.cell) for t in report.document.tables() for row in t.rows
            for c in row if getattr(c, "formula", False)}
    if not refs:
        return set()
    return {(t, r, c) for t, data in report.tables.items() for (r, c), cell in data.cells.items()
            if cell.source is not None and (cell.source.sheet, cell.source.cell) in refs}


