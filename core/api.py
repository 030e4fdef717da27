"""The entry point for every caller (CLI, GUI, bench, tools): ``check`` a file, get a
``CheckResult``; fix it, check many files, write templates, list the rules.

The facade at the top of core: nothing inside core/ imports it (import-linter contracts in
pyproject.toml, tested by tests/test_layers.py). The result types live in ``core.findings`` and
are re-exported here. The JSON form of a result (``CheckResult.to_json``) is a public contract
documented in docs/json-output.md: changes are additive only.
"""
from __future__ import annotations

from pathlib import Path

from core.checking import check, check_report, edit_cell, read_report, sort_findings
from core.findings import (
    JSON_VERSION,
    SEVERITIES,
    SEVERITY_ZH,
    CheckCancelled,
    CheckOptions,
    CheckResult,
    Finding,
    Fix,
    Location,
)
from core.model import Refusal
from core.resources import resource_path
from core.version import APP_NAME, VERSION

__all__ = ["APP_NAME", "JSON_VERSION", "SEVERITIES", "SEVERITY_ZH", "VERSION", "CheckCancelled",
           "CheckOptions", "CheckResult", "Finding", "Fix", "Location", "Refusal", "batch_files",
           "batch_similar_text", "batch_status_text", "check", "check_batch", "check_report", "describe_fix", "edit_cell", "fix",
           "page_image", "read_report", "resource_path", "rule_catalogue", "scanned_pages", "sort_findings", "standard",
           "write_batch_data", "write_batch_workbook", "write_findings_xlsx"]


def rule_catalogue() -> list[dict]:
    """Every rule with its id, severity, Chinese title and explanation (for help and docs)."""
    from core.rules import rules

    return [{"id": r.id, "severity": r.severity, "title": r.title, "family": r.family,
             "explanation": r.explanation} for r in rules()]


def describe_fix(fix: Fix, value=None) -> str:
    """A proposed fix (or one of its alternatives, ``value``) in words, with official labels:
    "表三“（一）予以公开”行“总计”列改为0". Never a key or a raw structure."""
    from core.fix.plan import describe_value

    return describe_value(standard(), fix, fix.value if value is None else value)


def standard(report=None, single_r6: bool = False):
    """The 2021 format as typed data (sections, tables, labels, relations); with a report, the
    format its tables are checked against (表三 with the old single （六） row when it has one);
    ``single_r6``: that format, 表三 with the single （六） row, without a report."""
    from core.standard import for_report, load, with_single_r6

    if single_r6:
        return with_single_r6()
    return for_report(report) if report is not None else load()


def fix(result: CheckResult, out_path: str | Path, choices: dict | None = None,
        overwrite: bool = False) -> str:
    """Write the corrected DOCX for ``result`` to ``out_path`` (never the input; atomic).

    ``choices`` maps a finding's index in ``result.findings`` to a decision: True (apply its
    fix), False (reject it) or a value (apply this value instead, e.g. one of the alternatives).
    Without a decision, certain fixes apply and the others are only commented. Returns the path.
    """
    from core.fix import write_corrected

    return write_corrected(result, out_path, choices or {}, overwrite=overwrite)


def write_findings_xlsx(result: CheckResult, out_path: str | Path,
                        overwrite: bool = False) -> str:
    """The findings of one report as a workbook (问题清单), written atomically."""
    from core.batch.export import write_findings_xlsx as write

    return write(result, out_path, overwrite=overwrite)


# --- many files (the batch window and `main.py batch`) -------------------------------------------

def batch_files(paths: list[str]) -> list[str]:
    """The files of the given folders (subfolders included) and files, in a stable order."""
    from core.batch.run import collect

    return collect(paths)


def check_batch(paths: list[str], progress=None, cancelled=None, jobs: int = 0,
                journal: str | Path | None = None):
    """Check many files in worker processes (core.batch.run.run_batch): ``progress(i, row)`` as each
    file finishes, ``cancelled()`` polled; ``journal``: a JSON-lines file each row is written to
    as it arrives (nothing is lost if writing the workbook fails later); returns
    core.batch.run.BatchResult."""
    from core.batch.run import run_batch

    return run_batch(paths, jobs=jobs, progress=progress, cancelled=cancelled, journal=journal)


def write_batch_workbook(result, out_path: str | Path, overwrite: bool = False,
                         inputs: list[str] | None = None) -> Path:
    """The audit workbook (汇总, 问题明细, 内容雷同, 数据汇总) of a batch, written atomically."""
    from core.batch.workbook import write_workbook

    return write_workbook(result, out_path, overwrite=overwrite, inputs=inputs)


def write_batch_data(result, out_path: str | Path, overwrite: bool = False,
                     inputs: list[str] | None = None) -> Path:
    """The numbers of a batch alone (one row per report, one column per cell of 表二–表四), as
    .xlsx or .csv, written atomically; an unread cell stays empty and is marked."""
    from core.batch.data import write_data

    return write_data(result.rows, out_path, overwrite=overwrite, inputs=inputs)


def batch_similar_text(result) -> dict[str, str]:
    """path -> the 内容雷同 words of a batch (the other files whose prose it shares, with the
    share); the same text as the workbook's 内容雷同 column."""
    from core.batch.workbook import similar_text

    return similar_text(result)


def batch_status_text(status: str) -> str:
    """The Chinese word for a batch row's status (已检查, 无法读取, 超时 …)."""
    from core.messages import BATCH_STATUS

    return BATCH_STATUS.get(status, status)


def scanned_pages(result: CheckResult) -> list[int]:
    """The pages of the checked file that were read by OCR (a scan), 1-based; [] for a file
    with text."""
    report = result.report
    if report is None:
        return []
    doc = report.document
    pages = set(getattr(doc, "ocr_pages", None) or ())
    pages |= {c.source.page for t in doc.tables() for row in t.rows for c in row
              if c.confidence is not None and c.source.page is not None}
    return sorted(pages)


def page_image(result: CheckResult, page: int) -> tuple[bytes, float] | None:
    """Page ``page`` of the checked PDF or image file as PNG bytes and its pixels per point (a
    ``SourceRef.box`` times it is the box in the picture), as the OCR read it; None when the
    file has no such page. The file is only read."""
    import io

    from core.readers.ocr import page_picture

    made = page_picture(result.path, page, scanned_pages(result))
    if made is None:
        return None
    image, scale = made
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue(), scale
