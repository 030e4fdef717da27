"""The result types of a check: plain data used by every layer above the model.

``Location``, ``Fix``, ``Finding``, ``CheckOptions`` and ``CheckResult``. Their JSON form
(``CheckResult.to_json``) is a public contract documented in docs/json-output.md: changes are
additive only. ``core.api`` re-exports them for callers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from core.model import Cancelled, ReadHooks, Refusal, SourceRef

CheckCancelled = Cancelled      # raised by check() when CheckOptions.cancelled() returns True

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# What decided an arithmetic repair (Fix.evidence), in the order evidence is weighed.
EVIDENCE_ZH = {
    "unique": "只有这一种最小的修正",
    "total_zero": "合计填为0或空白而各分项不为0，合计漏填",
    "prose": "与正文中写明的数字一致",
    "prior": "与上年度报告的结转下年度数一致",
    "typo": "与原填写的数字只差一次输入失误（错一位、相邻两位颠倒、多一位或少一位）",
}
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
    # Arithmetic repairs: what decided between equally small repairs (a key of EVIDENCE_ZH, or
    # None when nothing did), and each alternative in words ("把 复议后起诉·总计 改为 5").
    evidence: str | None = None
    alternative_texts: list = field(default_factory=list)

    def to_json(self) -> dict:
        return {"table": self.table, "row": self.row, "col": self.col, "value": self.value,
                "alternatives": self.alternatives, "certainty": self.certainty, "kind": self.kind,
                "evidence": self.evidence, "alternative_texts": list(self.alternative_texts)}


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

    def listed_cells(self) -> list[tuple[str, str, str]]:
        """The cells a finding about several cells names one by one ((table, row, col)): the
        blanks of one cause, for instance. Empty for a finding about one cell or a row."""
        listed = self.expected.get("cells") if isinstance(self.expected, dict) else None
        table = self.location.table
        if not listed or not table:
            return []
        return [(table, c["row"], c["col"]) for c in listed if c.get("row") and c.get("col")]

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
                "findings": [f.to_json() for f in self.findings],
                "tables": self.tables_json()}

    def tables_json(self) -> dict | None:
        """Every cell of 表二/表三/表四 by the spec's keys: ``tables[t][row][col]`` is the cell's
        value (number or null), raw text, kind, source and how it was placed; null where the
        table holds no such cell. None when the file was not checked."""
        if self.report is None:
            return None
        from core.standard import load

        std = load()
        out: dict = {}
        for key in ("t2", "t3", "t4"):
            data = self.report.tables.get(key)
            table: dict = {}
            for row, col in std.cell_keys(key):
                cell = data.cells.get((row, col)) if data is not None else None
                table.setdefault(row, {})[col] = cell.to_json() if cell is not None else None
            out[key] = {"found": bool(data and data.found), "cells": table}
        return out
