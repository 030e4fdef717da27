"""The entry point for every caller (CLI, GUI, batch): ``check`` a file, get a ``CheckResult``.

The JSON form of a result (``CheckResult.to_json``) is a public contract documented in
docs/json-output.md: changes are additive only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.model import Cancelled, ReadHooks, Refusal, SourceRef

CheckCancelled = Cancelled      # raised by check() when CheckOptions.cancelled() returns True

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
JSON_VERSION = 1


@dataclass
class Location:
    section: str | None = None        # S1..S6
    table: str | None = None          # t2 / t3 / t4
    row: str | None = None            # the spec's row key
    col: str | None = None            # the spec's column key
    source: SourceRef | None = None   # where in the file
    quote: str | None = None          # the sentence a narrative finding refers to
    quote_source: SourceRef | None = None

    def to_json(self) -> dict:
        out = {"section": self.section, "table": self.table, "row": self.row, "col": self.col,
               "source": self.source.describe() if self.source else None}
        if self.quote is not None:
            out["quote"] = self.quote
            out["quote_source"] = self.quote_source.describe() if self.quote_source else None
        return out


@dataclass
class Fix:
    """A proposed correction. ``certainty``: "certain" (the unique repair; applied by default),
    "confirm" (one of several repairs; a person chooses), "hint" (shown, never applied)."""

    table: str | None
    row: str | None
    col: str | None
    value: object
    alternatives: list = field(default_factory=list)
    certainty: str = "certain"
    kind: str = "cell"                # "cell", "section", "label", "text"

    def to_json(self) -> dict:
        return {"table": self.table, "row": self.row, "col": self.col, "value": self.value,
                "alternatives": self.alternatives, "certainty": self.certainty, "kind": self.kind}


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    location: Location
    found: object = None
    expected: object = None
    fix: Fix | None = None
    title: str = ""

    @property
    def ambiguous(self) -> bool:
        return bool(self.fix and self.fix.certainty == "confirm")

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "title": self.title,
                "message": self.message, "location": self.location.to_json(),
                "found": self.found, "expected": self.expected,
                "fix": self.fix.to_json() if self.fix else None, "ambiguous": self.ambiguous}


@dataclass
class CheckOptions:
    prior: str | None = None          # last year's report, for cross-year checks
    password: str | None = None       # for an encrypted PDF
    today: tuple | None = None        # (y, m, d) for deadline hints; None: the signature date only
    # Called in the checking thread. progress(done, total): pages of a PDF read so far (other
    # formats are read in one step and report nothing). cancelled(): polled between pages and
    # between the steps of a check; True stops check() with CheckCancelled.
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    cancelled: Callable[[], bool] | None = field(default=None, compare=False)

    def hooks(self, with_progress: bool = True) -> ReadHooks:
        return ReadHooks(self.progress if with_progress else None, self.cancelled)


@dataclass
class CheckResult:
    path: str
    status: str                       # "checked" | "refused"
    refusal: Refusal | None = None
    findings: list[Finding] = field(default_factory=list)
    report: object = None             # core.report.Report when checked
    prior: object = None              # the prior year's Report when given and readable

    @property
    def info(self) -> dict:
        meta = self.report.meta if self.report is not None else None
        return {"agency": meta.agency if meta else None, "year": meta.year if meta else None,
                "level": meta.level if meta else None, "format": meta.format if meta else None}

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status,
                "refusal": ({"code": self.refusal.code, "message": self.refusal.message}
                            if self.refusal else None),
                "report": self.info,
                "counts": {s: self.count(s) for s in SEVERITIES},
                "findings": [f.to_json() for f in self.findings]}


def read_report(path: str | Path, password: str | None = None, hooks: ReadHooks | None = None):
    """Read and recognise one file. Raises Refusal for what cannot be checked, CheckCancelled
    when ``hooks.cancelled`` asks to stop."""
    from core.readers import read
    from core.recognize import recognize

    hooks = hooks or ReadHooks()
    document = read(str(path), password=password, hooks=hooks)
    hooks.checkpoint()
    return recognize(document)


def check(path: str | Path, options: CheckOptions | None = None) -> CheckResult:
    """Read, recognise and check one file. Never raises for bad input: refusals are results.
    Raises CheckCancelled only when ``options.cancelled`` returned True."""
    from core.rules import run_rules

    options = options or CheckOptions()
    path = str(path)
    try:
        report = read_report(path, options.password, options.hooks())
    except Refusal as refusal:
        return CheckResult(path, "refused", refusal)
    prior = None
    findings: list[Finding] = []
    if options.prior:
        try:
            # last year's file: stoppable, but the progress shown is this year's
            prior = read_report(options.prior, hooks=options.hooks(with_progress=False))
        except Refusal as refusal:
            from core import messages
            findings.append(Finding("PRIOR-UNREADABLE", "warning",
                                    messages.PRIOR_UNREADABLE.format(reason=refusal.message),
                                    Location(), title=messages.PRIOR_UNREADABLE_TITLE))
    options.hooks().checkpoint()
    findings += run_rules(report, prior, options)
    return CheckResult(path, "checked", None, sort_findings(findings, report), report, prior)


def check_report(report, prior=None, options: CheckOptions | None = None) -> list[Finding]:
    """Re-run every rule on an already recognised (possibly edited) report: what the GUI uses
    after a person types a value into a cell."""
    from core.rules import run_rules

    return sort_findings(run_rules(report, prior, options or CheckOptions()), report)


_SECTION_ORDER = {f"S{i}": i for i in range(1, 7)}
_TABLE_SECTION = {"t2": 2, "t3": 3, "t4": 4}


def sort_findings(findings: list[Finding], report=None) -> list[Finding]:
    """By severity, then by position: section, table order of rows and columns."""
    order = {}
    if report is not None:
        from core.standard import load
        std = load()
        for t in ("t2", "t3", "t4"):
            for i, (r, c) in enumerate(std.cell_keys(t)):
                order[(t, r, c)] = i
            rows = [r for r, _ in std.cell_keys(t)]
            for r in dict.fromkeys(rows):
                order.setdefault((t, r, None), min(i for i, (rr, _) in enumerate(std.cell_keys(t))
                                                   if rr == r))

    def key(f: Finding):
        loc = f.location
        sec = _SECTION_ORDER.get(loc.section or "", _TABLE_SECTION.get(loc.table or "", 0))
        return (SEVERITIES.index(f.severity), sec, order.get((loc.table, loc.row, loc.col), -1),
                f.rule)
    return sorted(findings, key=key)


def rule_catalogue() -> list[dict]:
    """Every rule with its id, severity, Chinese title and explanation (for help and docs)."""
    from core.rules import rules

    return [{"id": r.id, "severity": r.severity, "title": r.title, "family": r.family,
             "explanation": r.explanation} for r in rules()]


def edit_cell(report, table: str, row: str, col: str, raw: str):
    """A copy of ``report`` with one value cell replaced by ``raw`` (parsed like any cell).
    The GUI uses it when a person types a value; ``check_report`` then re-runs every rule."""
    import copy

    from core.recognize.normalize import parse_value

    new = copy.copy(report)
    new.tables = dict(report.tables)
    data = copy.copy(report.tables[table])
    data.cells = dict(data.cells)
    old = data.cells.get((row, col))
    data.cells[(row, col)] = parse_value(raw, old.source if old else None)
    data.found = True
    new.tables[table] = data
    return new


def fix(result: CheckResult, out_path: str | Path, choices: dict | None = None,
        overwrite: bool = False) -> str:
    """Write the corrected DOCX for ``result`` to ``out_path`` (never the input; atomic).

    ``choices`` maps a finding's index in ``result.findings`` to a decision: True (apply its
    fix), False (reject it) or a value (apply this value instead, e.g. one of the alternatives).
    Without a decision, certain fixes apply and the others are only commented. Returns the path.
    """
    from core.fix import write_corrected

    return write_corrected(result, out_path, choices or {}, overwrite=overwrite)


# --- many files (the batch window and `main.py batch`) -------------------------------------------

def batch_files(paths: list[str]) -> list[str]:
    """The files of the given folders (subfolders included) and files, in a stable order."""
    from core.batch import collect

    return collect(paths)


def check_batch(paths: list[str], progress=None, cancelled=None, jobs: int = 0):
    """Check many files in worker processes (core.batch.run_batch): ``progress(i, row)`` as each
    file finishes, ``cancelled()`` polled; returns core.batch.BatchResult."""
    from core.batch import run_batch

    return run_batch(paths, jobs=jobs, progress=progress, cancelled=cancelled)


def write_batch_workbook(result, out_path: str | Path, overwrite: bool = False,
                         inputs: list[str] | None = None) -> Path:
    """The audit workbook (汇总, 问题明细, 年度对比) of a batch, written atomically."""
    from core.batch_workbook import write_workbook

    return write_workbook(result, out_path, overwrite=overwrite, inputs=inputs)


def batch_status_text(status: str) -> str:
    """The Chinese word for a batch row's status (已检查, 无法读取, 超时 …)."""
    from core.messages import BATCH_STATUS

    return BATCH_STATUS.get(status, status)
