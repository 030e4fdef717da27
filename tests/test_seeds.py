"""The five real published reports in tests/fixtures/seeds (copied from the team's shared folder), read as they are.

Each test asserts what a careful human reviewer finds in that report.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.api import check

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.fail(f"seed {prefix} missing in {SEEDS}")
    return found[0]


def by_rule(result, rule):
    return [f for f in result.findings if f.rule == rule]


def cells(result, rule):
    """Every cell the rule's findings name: one cell, or the cells a grouped finding lists."""
    out = set()
    for f in by_rule(result, rule):
        listed = f.expected.get("cells") if isinstance(f.expected, dict) else None
        if listed:
            out |= {(f.location.table, c["row"], c["col"]) for c in listed}
        else:
            out.add((f.location.table, f.location.row, f.location.col))
    return out


def fill_values(result, rule) -> set:
    """The values the rule's fixes fill in (a grouped fix lists one per cell)."""
    out = set()
    for f in by_rule(result, rule):
        value = f.fix.value
        out |= {v["value"] for v in value} if isinstance(value, list) else {value}
    return out


def arithmetic(result):
    return [f for f in result.findings
            if f.rule in ("T3-ROW-SUM", "T3-COL-SUM", "T3-BALANCE", "T4-GROUP-SUM")]


def test_seed_000_district_office_blank_totals_and_drifted_label():
    r = check(seed("000"))
    assert r.status == "checked"
    assert r.info == {"agency": "阜新市太平区人民政府办公室", "year": 2023, "level": "部门",
                      "format": "2021"}
    assert not by_rule(r, "SEC-MISSING") and not by_rule(r, "TABLE-MISSING")
    # rows copied with six values and a trailing empty cell: the 总计 cells are blank
    blank_totals = {("t3", row, "total") for row in
                    ("r1", "r2", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6")}
    assert cells(r, "T-BLANK") == blank_totals
    # one cause (the 总计 column left empty), one finding, a warning; the relations fill in 0s
    assert [(f.severity, f.fix.certainty) for f in by_rule(r, "T-BLANK")] == [("warning", "certain")]
    assert fill_values(r, "T-BLANK") == {0}
    assert len(by_rule(r, "T-SHORT-ROW")) == 1
    labels = by_rule(r, "T-LABEL")
    assert [(f.location.col, f.found, f.expected) for f in labels] == \
        [("social", "社会组织", "社会公益组织")]
    assert not arithmetic(r)


def test_seed_001_duplicate_glued_digits_and_the_row_that_cannot_be_split():
    r = check(seed("001"))
    assert r.info["agency"] == "鞍山市人民政府办公室" and r.info["year"] == 2023
    assert len(by_rule(r, "DOC-DUPLICATE")) == 1
    t3 = r.report.tables["t3"]
    cols = ["natural", "commercial", "research", "social", "legal", "other", "total"]
    assert [t3.cells[("new", c)].value for c in cols] == [120, 7, 0, 1, 0, 0, 128]
    assert [t3.cells[("total", c)].value for c in cols] == [120, 7, 0, 1, 0, 0, 128]
    t4 = r.report.tables["t4"]
    assert [t4.cells[("review", c)].value for c in ("upheld", "corrected", "other", "pending",
                                                     "total")] == [3, 0, 0, 0, 3]
    assert t4.cells[("suit_after_review", "total")].value == 1
    unreadable = {(f.location.table, f.location.row): f for f in by_rule(r, "T-GLUED-UNREADABLE")}
    assert set(unreadable) == {("t2", "regulations"), ("t2", "normative"), ("t3", "r4_1")}
    # 规章1056 may be 1·0·56 or 10·5·6: listed, not guessed
    reg = unreadable[("t2", "regulations")]
    assert reg.fix.certainty == "confirm" and "1、0、56" in reg.message and "10、5、6" in reg.message
    # （四）1 '11700100125' has no split with a consistent row total; the columns determine it
    row = unreadable[("t3", "r4_1")]
    assert row.fix.value == [117, 7, 0, 1, 0, 0, 125]
    assert "11770100125" in row.message
    assert r.report.meta.signed == (2024, 1, 30)
    assert not by_rule(r, "N-T3-COUNT")      # "共受理…128件次" matches the table
    assert not by_rule(r, "T-LABEL")


def test_seed_002_bureau_blank_cells_and_drifted_label():
    r = check(seed("002"))
    assert r.info["level"] == "部门"
    assert ("t3", "r1", "total") in cells(r, "T-BLANK")
    assert fill_values(r, "T-BLANK") == {0}
    assert all(f.severity in ("warning", "info") for f in by_rule(r, "T-BLANK"))
    assert [f.found for f in by_rule(r, "T-LABEL")] == ["社会组织"]
    assert not arithmetic(r)
    assert not by_rule(r, "N-T3-COUNT") and not by_rule(r, "N-T4")


def test_seed_003_township_markdown_without_statistics_period():
    r = check(seed("003"))
    assert r.info["level"] == "乡镇街道" and r.info["agency"] == "卫滨区平原镇"
    assert [s.key for s in r.report.sections] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert [f.severity for f in by_rule(r, "M-PERIOD")] == ["info"]
    assert [f.found for f in by_rule(r, "P-LATIN")] == [["and"]]
    assert not by_rule(r, "S6-FEE")          # "不存在收费情况" states the fee
    assert r.count("error") == 0


def test_seed_004_text_says_three_applications_table_says_none():
    r = check(seed("004"))
    assert r.info["agency"] == "尖山区人民政府办公室"
    narrative = by_rule(r, "N-T3-COUNT")
    # "受理依申请公开3件，本年度新收3件" says one number twice: one finding quoting both
    [one] = narrative
    assert (one.found, one.expected) == (3, 0)
    assert "“受理依申请公开3件”“本年度新收3件”" in one.message
    assert all(f.location.quote and f.location.row == "new" for f in narrative)
    assert {("t2", "regulations", c) for c in ("made", "repealed", "valid")} <= cells(r, "T-BLANK")
    assert len([c for c in cells(r, "T-BLANK") if c[0] == "t3"]) == 150
    # the 150 blank cells of 表三 and the 3 of 表二 are two findings (whole rows left empty)
    assert len(by_rule(r, "T-BLANK")) == 2
    assert narrative[0].severity == "error"
    assert len(by_rule(r, "S6-FEE")) == 1        # 六 says only "无"
    assert [f.found for f in by_rule(r, "P-REPEAT")] == ["联系联系"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_reading_a_seed_never_writes_it(prefix):
    path = seed(prefix)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    check(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
