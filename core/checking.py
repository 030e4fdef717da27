"""The pipeline of one check: read -> recognise -> rules -> sorted findings.

Below the facade (``core.api``) and above the rules, so that batch workers and the fixer can run
a check without importing the facade.
"""
from __future__ import annotations

from pathlib import Path

from core.findings import SEVERITIES, CheckOptions, CheckResult, Finding, Location
from core.model import ReadHooks, Refusal


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
