"""The rule registry: each rule is a small declared unit with a stable id, a severity, a Chinese
title and an explanation (its docstring), and a generator that yields ``Hit``s for a report.

The rule families (core/rules/<family>.py) import ``rule`` and ``Hit`` from here;
``core.rules.run_rules`` loads them. docs/rules.md and the in-app help are generated from
``REGISTRY``.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from core.findings import CheckOptions, Fix, Location
from core.report import Report
from core.standard import Standard, for_report

TABLE_SECTION = {"t2": "S2", "t3": "S3", "t4": "S4"}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str            # "error" | "warning" | "info"
    title: str
    family: str
    explanation: str
    func: Callable

    @property
    def on_tables_only(self) -> bool:
        """Whether the rule applies to a workbook that holds only the three tables: the table,
        arithmetic and cross-year rules, and the format ones; not sections, title, period or
        prose, which such a file does not have."""
        return self.family in ("tables", "arithmetic", "crossyear") or self.id in (
            "M-FORMAT-2019", "T3-R6-SINGLE", "DOC-TABLES-ONLY")


@dataclass
class Hit:
    message: str
    location: Location
    found: object = None
    expected: object = None
    fix: Fix | None = None
    severity: str | None = None      # overrides the rule's default when set


REGISTRY: list[Rule] = []


def rule(rule_id: str, severity: str, title: str):
    def register(func):
        family = func.__module__.rsplit(".", 1)[-1]
        REGISTRY.append(Rule(rule_id, severity, title, family, inspect.cleandoc(func.__doc__ or ""),
                             func))
        return func
    return register


class Context:
    """What every rule may look at; derived facts are computed once per check."""

    def __init__(self, report: Report, prior: Report | None, options: CheckOptions,
                 std: Standard | None = None):
        self.report = report
        self.prior = prior
        self.options = options
        self.std = std or for_report(report)

    @cached_property
    def arith(self):
        from core.localize import analyse
        from core.rules.evidence import clues

        return analyse(self.std, self.report.tables, clues(self))

    @cached_property
    def repaired(self) -> dict:
        """Known values with the unique arithmetic repair applied: what the tables mean once the
        located wrong cell is corrected (narrative checks compare against this, so one wrong
        total is reported once, at its cell, not again against the prose)."""
        values = dict(self.arith.values)
        values.update(self.arith.settled)
        return values

    @cached_property
    def truncation(self):
        """The recognizer's note when the file ends inside a table, else None."""
        return next((n for n in self.report.notes if n.code == "truncated"), None)

    @property
    def unread_pages(self) -> list[int]:
        """Pages that are pictures nothing read (scans without the OCR)."""
        return list(getattr(self.report.document, "unread_pages", None) or ())

    def _pages_of(self, table: str) -> set[int]:
        data = self.report.tables[table]
        sources = [*data.row_sources.values(), data.source]
        return {src.page for src in sources if src is not None and src.page is not None}

    def on_unread_page(self, table: str) -> bool:
        """The table (or part of it) may stand on a page nothing read: it is not found at all,
        or it runs up to such a page (a table goes on over the page break)."""
        unread = self.unread_pages
        if not unread:
            return False
        if not self.report.tables[table].found:
            return True
        pages = self._pages_of(table)
        return not pages or any(p - 1 in pages or p + 1 in pages or p in pages for p in unread)

    def unread_section(self, key: str) -> bool:
        """A section not found whose place (between the sections found around it) holds a page
        nothing read."""
        unread = self.unread_pages
        if not unread:
            return False
        n = int(key[1])
        pages = {int(s.key[1]): s.source.page for s in self.report.sections
                 if s.key and s.source is not None and s.source.page is not None}
        before = max((p for k, p in pages.items() if k < n), default=0)
        after = min((p for k, p in pages.items() if k > n), default=10 ** 9)
        return any(before <= p <= after for p in unread)

    def unseen_row(self, table: str, row: str) -> bool:
        """A row after the point where a cut-off file ends, or of a table that may stand on a
        page nothing read: not missing, unseen."""
        if self.on_unread_page(table):
            return True
        cut = self.truncation
        if cut is None:
            return False
        order = ["t2", "t3", "t4"]
        if order.index(table) != order.index(cut.table):
            return order.index(table) > order.index(cut.table)
        rows = list(dict.fromkeys(r for r, _ in self.std.cell_keys(table)))
        return cut.row is None or rows.index(row) > rows.index(cut.row)

    def unseen_section(self, key: str) -> bool:
        if self.unread_section(key):
            return True
        cut = self.truncation
        return cut is not None and int(key[1]) > {"t2": 2, "t3": 3}[cut.table]

    def cell(self, table: str, row: str, col: str):
        return self.report.tables[table].cells.get((row, col))

    def cell_location(self, table: str, row: str | None, col: str | None) -> Location:
        data = self.report.tables[table]
        source = None
        if row is not None and col is not None and (row, col) in data.cells:
            source = data.cells[(row, col)].source
        if source is None and row is not None:
            source = data.row_sources.get(row)
        return Location(section=TABLE_SECTION[table], table=table, row=row, col=col,
                        source=source or data.source)

    def cell_name(self, table: str, row: str, col: str) -> str:
        """表三“（四）1.本机关不掌握相关政府信息”行“自然人”列."""
        from core.messages import TABLE_SHORT

        std = self.std
        if table == "t4":
            return f"{TABLE_SHORT[table]}“{std.row_label(table, row)}”组“{std.col_label(table, row, col)}”列"
        row_label = std.row_label(table, row)
        if table == "t3":
            spec = next(r for r in std.t3_rows if r.key == row)
            if "›" in spec.group:
                row_label = spec.group.split("›")[-1].strip() + row_label
        return f"{TABLE_SHORT[table]}“{row_label}”行“{std.col_label(table, row, col)}”列"


