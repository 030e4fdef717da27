"""The rules: ``run_rules`` runs every registered rule on a report.

Each family of rules is a module here (structure, tables, arithmetic, narrative, metadata,
prose, crossyear); the registry they declare themselves in is ``core.rules.registry``.
"""
from __future__ import annotations

from typing import Iterable

from core.findings import CheckOptions, Finding
from core.report import Report
from core.rules.registry import REGISTRY, Context, Rule


def _load_families():
    # importing the modules registers their rules, in this order
    from core.rules import (  # noqa: F401
        arithmetic,
        crossyear,
        metadata,
        narrative,
        ocr,
        prose,
        structure,
        tables,
    )


def run_rules(report: Report, prior: Report | None, options: CheckOptions) -> list[Finding]:
    _load_families()
    ctx = Context(report, prior, options)
    findings: list[Finding] = []
    for r in REGISTRY:
        if report.tables_only and not r.on_tables_only:
            continue
        for hit in r.func(ctx) or ():
            findings.append(Finding(r.id, hit.severity or r.severity, hit.message, hit.location,
                                    hit.found, hit.expected, hit.fix, r.title))
    from core.rules.ocr import settle

    return settle(ctx, findings)      # a doubtful OCR value is never an arithmetic error alone


def rules() -> Iterable[Rule]:
    _load_families()
    return list(REGISTRY)
