"""The fixer: a corrected DOCX written to a new path, and blank templates.

``write_corrected`` is what ``core.api.fix`` calls. For a DOCX input it edits a copy of the
user's own document (``docx_edit``); for any other input it builds a complete report in the
standard structure and the official document style (``docx_build``). The input is never
written; the output path must differ from it; an existing output is replaced only when
``overwrite`` is set; the file appears atomically (``core.fsutil``).
"""
from __future__ import annotations

from pathlib import Path

from core import messages
from core.findings import CheckResult
from core.fix.plan import FixOutcome, decide, typed_edits
from core.fsutil import OutputError, prepare_output, write_atomic
from core.model import Refusal

__all__ = ["write_corrected", "correct", "FixOutcome", "OutputError"]


def write_corrected(result: CheckResult, out_path: str | Path, choices: dict | None = None,
                    overwrite: bool = False) -> str:
    """Write the corrected DOCX for ``result`` to ``out_path``; return the path written.

    Raises ``Refusal`` when the result has no readable report (or the input is gone) and
    ``OutputError`` (an ``OSError``) when the output may not or cannot be written.
    """
    return correct(result, out_path, choices, overwrite).path


def correct(result: CheckResult, out_path: str | Path, choices: dict | None = None,
            overwrite: bool = False) -> FixOutcome:
    """Like ``write_corrected``, returning what was applied, commented and left out."""
    if result.status != "checked" or result.report is None:
        raise result.refusal or Refusal("unsupported", messages.REFUSE_NOT_A_REPORT)
    out = prepare_output(out_path, result.path, overwrite, suffixes=(".docx",))
    choices = choices or {}
    data = read_input(result.path)
    decisions = decide(result, choices)
    typed = typed_edits(result, data)
    outcome = FixOutcome(str(out))
    if result.report.document.kind == "docx":
        from core.fix.docx_edit import edit_copy

        doc = edit_copy(result, data, decisions, typed, outcome)
    else:
        from core.fix.docx_build import build_from_report

        outcome.rebuilt = True
        rejected = [f for i, f in enumerate(result.findings)
                    if f.fix is not None and choices.get(i, choices.get(str(i))) is False]
        doc = build_from_report(result, decisions, typed, rejected, outcome)
    write_atomic(out, doc.save)
    return outcome


def read_input(path: str) -> bytes:
    """The input's bytes, read once and never written."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise Refusal("unsupported", messages.REFUSE_NOT_FOUND.format(path=path))
    except OSError as err:
        raise Refusal("corrupt", messages.REFUSE_UNREADABLE.format(
            detail=err.strerror or type(err).__name__))
