"""The bundled sample report (resources/samples/示例报告.docx) shows each of its nine injected
errors, found at its place, so `python main.py check --sample` demonstrates the program."""
from __future__ import annotations

from core.api import check
from core.resources import resource_path
from tools.make_sample import SAMPLE_ERRORS


def test_sample_shows_every_injected_error_at_its_place():
    result = check(resource_path("samples", "示例报告.docx"))
    assert result.status == "checked"
    assert result.info == {"agency": "示例市示例区人民政府", "year": 2023, "level": "人民政府",
                           "format": "2021"}
    # a cell finding is placed by its cell (a narrative one also quotes its sentence)
    found = {(f.rule, f.location.table, f.location.row, f.location.col,
              None if f.location.table else f.location.section) for f in result.findings}
    for err in SAMPLE_ERRORS:
        key = (err["rule"], err["table"], err["row"], err["col"],
               None if err["table"] else err["section"])
        assert key in found, (err["id"], err["description"])


def test_sample_has_no_finding_beyond_the_injected_ones_except_hints():
    result = check(resource_path("samples", "示例报告.docx"))
    expected_rules = {e["rule"] for e in SAMPLE_ERRORS}
    extra = [f"{f.rule}: {f.message}" for f in result.findings
             if f.severity != "info" and f.rule not in expected_rules]
    assert extra == []


def test_culprit_cell_gets_the_certain_fix():
    result = check(resource_path("samples", "示例报告.docx"))
    culprit = [f for f in result.findings if f.location.row == "r4_1"
               and f.location.col == "natural"]
    assert len(culprit) == 1 and culprit[0].fix.value == 13
    assert culprit[0].fix.certainty == "certain"
