"""The presenter's state for one opened report, without any Qt: testable on its own.

A ``Session`` holds the result as read from disk (``base``), what the person changed (typed cell
values, the corrected agency, year and level, accept/reject decisions on proposed fixes) and the current
findings after those changes. It calls ``core.api`` only; it never checks anything itself.
"""
from __future__ import annotations

import copy
import dataclasses

from core.api import (CheckOptions, CheckResult, Finding, check, check_report, describe_fix,
                      edit_cell)
from gui import layout, strings

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
BLANK_RULES = ("T-BLANK",)


def finding_key(f: Finding) -> tuple:
    """Identifies "the same" finding across re-checks (indices change when values are typed)."""
    loc = f.location
    return (f.rule, loc.section, loc.table, loc.row, loc.col, loc.quote,
            f.fix.kind if f.fix else None)


def open_report(path: str, prior: str | None = None, password: str | None = None,
                progress=None, cancelled=None) -> CheckResult:
    """Worker function: read and check one file (``progress`` / ``cancelled``: CheckOptions')."""
    return check(path, CheckOptions(prior=prior, password=password, progress=progress,
                                    cancelled=cancelled))


META_FIELDS = ("agency", "year", "level")     # what a person may correct of the detection


def apply_changes(report, edits: dict, meta: dict | None):
    """A copy of ``report`` with the typed values and the corrected agency, year and level
    (``meta``: field -> value) applied."""
    for (table, row, col), raw in edits.items():
        report = edit_cell(report, table, row, col, raw)
    changed = {k: v for k, v in (meta or {}).items()
               if k in META_FIELDS and v not in (None, "") and v != getattr(report.meta, k)}
    if changed:
        report = copy.copy(report)
        report.meta = dataclasses.replace(report.meta, **changed)
    return report


def recheck(base: CheckResult, edits: dict, meta: dict | None, options: CheckOptions):
    """Worker function: re-run every rule on the edited report. Returns (report, findings)."""
    report = apply_changes(base.report, edits, meta)
    return report, check_report(report, base.prior, options)


def is_repair(value) -> bool:
    """A repair of several cells: ``[{"table", "row", "col", "value"}, ...]``."""
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, dict)
                                                                   for v in value)


@dataclasses.dataclass
class CellInfo:
    """What the table view needs to draw one value cell."""

    raw: str = ""
    kind: str = "blank"
    value: object = None
    derived: bool = False
    edited: bool = False
    original: str | None = None       # the raw text in the file, when edited
    findings: list = dataclasses.field(default_factory=list)   # indices into Session.findings
    severity: str | None = None       # worst severity among the findings
    proposed: object = None           # the value an accepted fix writes here
    undecided: bool = False           # a fix waits for the person's choice

    @property
    def blank(self) -> bool:
        return self.kind == "blank"


class Session:
    def __init__(self, result: CheckResult, prior_path: str | None = None,
                 password: str | None = None):
        self.base = result
        self.prior_path = prior_path
        self.password = password
        self.options = CheckOptions(prior=prior_path, password=password)
        self.edits: dict[tuple[str, str, str], str] = {}
        self.meta: dict = {}              # corrected agency / year / level, by field
        self.decisions: dict[tuple, object] = {}
        self.report = result.report
        self.findings: list[Finding] = list(result.findings)
        self._index()

    # --- state ----------------------------------------------------------------------------
    @property
    def path(self) -> str:
        return self.base.path

    def set_findings(self, report, findings: list[Finding]) -> None:
        self.report = report
        self.findings = list(findings)
        self._index()

    def set_edit(self, table: str, row: str, col: str, raw: str) -> bool:
        """Record a typed value; False when it equals what is already there (nothing to do)."""
        key = (table, row, col)
        cell = self.base.report.tables[table].cells.get((row, col))
        original = cell.raw if cell else ""
        current = self.edits.get(key, original)
        if raw == current:
            return False
        if raw == original and not (cell and cell.derived):
            self.edits.pop(key, None)
        else:
            self.edits[key] = raw
        return True

    def result(self) -> CheckResult:
        """The current state as a CheckResult: the edited report and its findings."""
        return CheckResult(self.path, "checked", None, self.findings, self.report, self.base.prior)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITY_RANK}

    # --- decisions on proposed fixes ------------------------------------------------------------
    @staticmethod
    def fixable(f: Finding) -> bool:
        return f.fix is not None and f.fix.certainty in ("certain", "confirm")

    def decision(self, i: int):
        """True (apply the proposed value), False (leave it), a value (one of the alternatives),
        or None (an ambiguous fix nobody has chosen for yet)."""
        f = self.findings[i]
        if not self.fixable(f):
            return False
        default = True if f.fix.certainty == "certain" else None
        return self.decisions.get(finding_key(f), default)

    def decide(self, i: int, decision) -> None:
        self.decisions[finding_key(self.findings[i])] = decision

    def applied_value(self, i: int):
        """The value the export writes for finding ``i``, or None."""
        d = self.decision(i)
        if d is True:
            return self.findings[i].fix.value
        if d is None or d is False:
            return None
        return d

    def options_for(self, i: int) -> list:
        """The values a person can choose among: the proposal, then the alternatives. For an
        arithmetic finding with several equally small repairs, each option is a whole repair
        (a list of cells and values); a certain one's proposal comes first."""
        f = self.findings[i]
        if not self.fixable(f):
            return []
        alternatives = list(f.fix.alternatives)
        if alternatives and all(is_repair(a) for a in alternatives):
            if f.fix.certainty == "certain":
                return [f.fix.value] + alternatives[1:]
            return alternatives
        return [f.fix.value] + [a for a in alternatives if a != f.fix.value]

    def option_text(self, i: int, value) -> str:
        """An option in words (the cell's short name and its new value), never program data."""
        fix = self.findings[i].fix
        alternatives = list(fix.alternatives)
        texts = list(getattr(fix, "alternative_texts", []) or [])
        if is_repair(value) and value in alternatives and len(texts) == len(alternatives):
            return texts[alternatives.index(value)]
        if value == fix.value and fix.certainty == "certain" and texts and alternatives \
                and all(is_repair(a) for a in alternatives):
            return texts[0]
        if fix.kind == "cell" and (fix.table or is_repair(value)):
            try:
                return describe_fix(fix, value)
            except Exception:       # noqa: BLE001 - words are a nicety; the value still shows
                pass
        return strings.fmt_value(value)

    def source_digits(self, i: int) -> str | None:
        """The digits as written, for a finding about digits run together."""
        f = self.findings[i]
        loc = f.location
        if not loc.table or not loc.row or not isinstance(f.fix.value if f.fix else None, list):
            return None
        data = self.base.report.tables.get(loc.table)
        for (row, _col), cell in (data.cells.items() if data else []):
            if row == loc.row and (cell.kind == "unreadable" or cell.derived) and cell.raw.strip():
                return cell.raw.strip()
        return None

    def choices(self) -> dict[int, object]:
        """For core.api.fix: finding index -> True / False / chosen value (explicit ones only)."""
        out = {}
        for i, f in enumerate(self.findings):
            key = finding_key(f)
            if key in self.decisions and self.fixable(f):
                d = self.decisions[key]
                if d is not None:
                    out[i] = d
        return out

    # --- where findings point -----------------------------------------------------------------
    def _index(self) -> None:
        self._cells: dict[tuple, list[int]] = {}
        self._headers: dict[tuple, list[int]] = {}
        self._tables: dict[str, list[int]] = {}
        self._sections: dict[str | None, list[int]] = {}
        for i, f in enumerate(self.findings):
            loc = f.location
            self._sections.setdefault(self.section_of(f), []).append(i)
            if not loc.table:
                continue
            self._tables.setdefault(loc.table, []).append(i)
            for cell in self.cells_of(f):
                self._cells.setdefault(cell, []).append(i)
            if loc.col and not loc.row:
                self._headers.setdefault((loc.table, loc.col), []).append(i)

    @staticmethod
    def section_of(f: Finding) -> str | None:
        loc = f.location
        return loc.section or layout.TABLE_SECTION.get(loc.table or "")

    def cells_of(self, f: Finding) -> list[tuple[str, str, str]]:
        loc = f.location
        listed = f.listed_cells()       # one finding for the blanks of one cause
        if listed:
            return listed
        if not loc.table or not loc.row:
            return []
        if loc.col:
            return [(loc.table, loc.row, loc.col)]
        return [(loc.table, loc.row, c) for c in layout.row_cols(loc.table, loc.row)]

    def findings_at(self, table: str, row: str, col: str) -> list[int]:
        return list(self._cells.get((table, row, col), []))

    def findings_at_header(self, table: str, col: str) -> list[int]:
        return list(self._headers.get((table, col), []))

    def findings_in_table(self, table: str) -> list[int]:
        return list(self._tables.get(table, []))

    def findings_in_section(self, section: str | None) -> list[int]:
        return list(self._sections.get(section, []))

    # --- what a value cell shows --------------------------------------------------------------
    def cell(self, table: str, row: str, col: str) -> CellInfo:
        data = self.report.tables.get(table)
        value = data.cells.get((row, col)) if data else None
        info = CellInfo()
        if value is not None:
            info.raw, info.kind, info.value, info.derived = (value.raw, value.kind, value.value,
                                                            value.derived)
        else:
            info.kind = "absent"        # not in the file as read (a row not found, a page unread)
        key = (table, row, col)
        if key in self.edits:
            info.edited = True
            base = self.base.report.tables[table].cells.get((row, col))
            info.original = base.raw if base else ""
        info.findings = self.findings_at(table, row, col)
        if info.findings:
            info.severity = min((self.findings[i].severity for i in info.findings),
                                key=SEVERITY_RANK.__getitem__)
        for i in info.findings:
            f = self.findings[i]
            if not self.fixable(f) or f.fix.kind != "cell":
                continue
            d = self.decision(i)
            if d is None:
                info.undecided = True
                continue
            if d is False:
                continue
            proposed = f.fix.value if d is True else d
            if is_repair(proposed):
                continue                       # a whole repair: applied below, cell by cell
            if isinstance(proposed, (list, tuple)):
                cols = layout.row_cols(table, f.fix.row or row)
                proposed = proposed[cols.index(col)] if col in cols and len(cols) == len(proposed) \
                    else None
            elif (f.fix.row, f.fix.col) not in ((row, col), (None, None)):
                continue
            if proposed is not None:
                info.proposed = proposed
                info.undecided = False
        for i, f in enumerate(self.findings):     # a chosen repair names its cells
            d = self.decision(i) if self.fixable(f) else None
            if d is True and f.fix.kind == "cell":
                d = f.fix.value
            if is_repair(d):
                for change in d:
                    if (change.get("table"), change.get("row"), change.get("col")) == key:
                        info.proposed, info.undecided = change.get("value"), False
        return info


def open_with_changes(path: str, prior: str | None, edits: dict, meta: dict | None,
                      password: str | None = None, progress=None, cancelled=None):
    """Worker function: check the file, then re-apply what the person changed.
    Returns (result, report, findings); report and findings are None when nothing changed or
    the file was refused. Raises CheckCancelled when ``cancelled()`` became True."""
    result = open_report(path, prior, password, progress=progress, cancelled=cancelled)
    if result.status != "checked" or not (edits or meta):
        return result, None, None
    report, findings = recheck(result, edits, meta,
                               CheckOptions(prior=prior, password=password))
    return result, report, findings
