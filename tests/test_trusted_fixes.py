"""Issue 16: fixes a person can trust.

- 表四 行政复议 10/1/0/0 总计 0 and 复议后起诉 5/0/0/0 总计 0 (a published report): two findings,
  each repaired at its own total (11 and 5), certain, never a repair that mixes the groups — read
  from a DOCX and from a PDF drawn the way WPS exports one.
- Several wrong cells at once are located exactly.
- A spreadsheet's formula cell is never proposed for a change.
- ``fix`` on every real published report: the corrected DOCX re-checks with no error the input
  did not have, and every certain fix is in it.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from core.api import CheckOptions, check, edit_cell, fix
from core.checking import check_report
from core.fix import correct
from tests.builder import _REVIEW_RE, correct_content, write

REAL = Path(__file__).parent / "fixtures" / "real"
ARITHMETIC = {"T3-ROW-SUM", "T3-COL-SUM", "T3-BALANCE", "T4-GROUP-SUM"}
T4_COLS = ("upheld", "corrected", "other", "pending", "total")


def two_group_content(seed: int = 3):
    """A correct report whose 表四 reads like the published one: both totals left 0. The prose
    states no count of its own, so only the table's evidence can decide."""
    c = correct_content(seed)
    for group, values in (("review", (10, 1, 0, 0, 0)), ("suit_direct", (0, 0, 0, 0, 0)),
                          ("suit_after_review", (5, 0, 0, 0, 0))):
        c.values.update({("t4", group, col): str(v) for col, v in zip(T4_COLS, values)})
    c.sections["S1"] = [_REVIEW_RE.sub("", p) for p in c.sections["S1"]]
    return c


def group_findings(result) -> dict:
    return {f.location.row: f for f in result.findings if f.rule == "T4-GROUP-SUM"}


def assert_each_group_repaired_at_its_own_total(result):
    found = group_findings(result)
    assert set(found) == {"review", "suit_after_review"}
    review, after = found["review"], found["suit_after_review"]
    assert (review.fix.table, review.fix.row, review.fix.col, review.fix.value) == \
        ("t4", "review", "total", 11)
    assert (after.fix.table, after.fix.row, after.fix.col, after.fix.value) == \
        ("t4", "suit_after_review", "total", 5)
    assert review.fix.certainty == after.fix.certainty == "certain"
    assert review.fix.evidence == "unique" and after.fix.evidence == "total_zero"
    for f in (review, after):           # alternatives stay inside the finding's own group
        for alternative in f.fix.alternatives:
            assert {change["row"] for change in alternative} == {f.location.row}
        assert all(f.location.row not in ("review",) or "复议后起诉" not in t
                   for t in f.fix.alternative_texts)
    assert after.fix.alternative_texts[0] == "把 复议后起诉·总计 改为 5"
    assert "把 复议后起诉·结果维持 改为 0" in after.fix.alternative_texts


def test_two_broken_groups_in_a_docx_are_fixed_at_their_own_totals(tmp_path):
    src = write(two_group_content(), tmp_path / "two_groups.docx", "docx", "merged")
    result = check(src)
    assert_each_group_repaired_at_its_own_total(result)
    out = tmp_path / "fixed.docx"
    fix(result, out)
    again = check(out)
    assert not {f.rule for f in again.findings} & ARITHMETIC
    t4 = again.report.tables["t4"]
    assert t4.value("review", "total") == 11 and t4.value("suit_after_review", "total") == 5
    assert t4.value("suit_after_review", "upheld") == 5


def test_two_broken_groups_in_a_wps_like_pdf_are_fixed_at_their_own_totals(tmp_path):
    pdf_draw = pytest.importorskip("tests.pdf_draw")
    if pdf_draw.font_path() is None:
        pytest.skip("no CJK font to draw the PDF with (fonts-noto-cjk)")
    src = tmp_path / "two_groups.pdf"
    src.write_bytes(pdf_draw.render_pdf(two_group_content(), random.Random(16)))
    result = check(src)
    assert result.status == "checked"
    assert_each_group_repaired_at_its_own_total(result)
    out = tmp_path / "rebuilt.docx"
    outcome = correct(result, out)
    assert outcome.rebuilt
    again = check(out)
    assert not {f.rule for f in again.findings} & ARITHMETIC
    t4 = again.report.tables["t4"]
    assert t4.value("review", "total") == 11 and t4.value("suit_after_review", "total") == 5
    assert _errors(again) <= _errors(result)


def test_accepting_an_alternative_changes_exactly_the_cells_it_names(tmp_path):
    src = write(two_group_content(), tmp_path / "two_groups.docx", "docx", "merged")
    result = check(src)
    i = next(n for n, f in enumerate(result.findings)
             if f.rule == "T4-GROUP-SUM" and f.location.row == "suit_after_review")
    other = result.findings[i].fix.alternatives[1]        # not the proposal
    out = tmp_path / "chosen.docx"
    fix(result, out, {i: other})
    again = check(out).report.tables["t4"]
    before = result.report.tables["t4"]
    named = {(c["row"], c["col"]): c["value"] for c in other}
    for (row, col), cell in before.cells.items():
        expected = named.get((row, col), 11 if (row, col) == ("review", "total") else cell.value)
        assert again.value(row, col) == expected, (row, col)


def test_a_what_if_edit_back_to_the_same_value_leaves_no_comment(tmp_path):
    src = write(two_group_content(), tmp_path / "two_groups.docx", "docx", "merged")
    result = check(src)
    report = edit_cell(result.report, "t4", "suit_direct", "total", "0")    # typed, unchanged
    report = edit_cell(report, "t4", "suit_after_review", "total", "5")      # typed, changed
    result.report, result.findings = report, check_report(report)
    out = tmp_path / "what_if.docx"
    fix(result, out)
    comments = [c.text for c in docx.Document(out).comments]
    assert not any("原为“0”，现为“0”" in c for c in comments), comments
    assert any("原为“0”，现为“5”" in c for c in comments)


def _errors(result) -> set:
    return {(f.rule, f.location.table, f.location.row, f.location.col)
            for f in result.findings if f.severity == "error"}


# --- several wrong cells, end to end ----------------------------------------------------------

@pytest.mark.parametrize("cells", [
    [("r1", "natural"), ("r5_2", "legal")],
    [("r3_4", "commercial"), ("r6_1", "total"), ("carried_out", "other")],
    [("r2", "research"), ("r4_3", "social"), ("r6_3", "other"), ("new", "legal")],
])
def test_several_wrong_cells_are_each_found_at_their_cell_and_fixed(tmp_path, cells):
    c = correct_content(9)
    truth = {}
    for row, col in cells:
        key = ("t3", row, col)
        truth[key] = int(c.values[key])
        c.values[key] = str(truth[key] + 6)
    src = write(c, tmp_path / "several.docx", "docx", "merged")
    result = check(src)
    fixes = {(f.fix.table, f.fix.row, f.fix.col): f.fix.value for f in result.findings
             if f.rule in ARITHMETIC and f.fix is not None}
    assert fixes == truth
    assert all(f.fix.certainty == "certain" for f in result.findings
               if f.rule in ARITHMETIC and f.fix is not None)
    out = tmp_path / "fixed.docx"
    fix(result, out)
    again = check(out)
    assert not {f.rule for f in again.findings} & ARITHMETIC


# --- every real report: fix, re-check, nothing worse ------------------------------------------

REAL_FILES = sorted(p for p in REAL.iterdir() if p.name not in ("README.md", "truth.json")) \
    if REAL.exists() else []


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_fixing_a_real_report_never_adds_an_error_and_applies_every_certain_fix(tmp_path, path):
    result = check(path)
    assert result.status == "checked"
    out = tmp_path / (path.stem + "（已修正）.docx")
    outcome = correct(result, out)
    assert not outcome.unplaced or all(d.finding.fix.certainty != "certain"
                                      for d in outcome.unplaced)
    again = check(out)
    assert again.status == "checked"
    new = _errors(again) - _errors(result)
    assert not new, sorted(new, key=str)
    for f in result.findings:           # every certain cell fix is in the output
        fx = f.fix
        if fx is None or fx.certainty != "certain" or fx.kind != "cell" or fx.col is None \
                or isinstance(fx.value, (list, dict)):
            continue
        cell = again.report.tables[fx.table].cells.get((fx.row, fx.col))
        assert cell is not None and cell.value == fx.value, (f.rule, fx.row, fx.col)
    assert not {f.rule for f in again.findings if f.severity == "error"} & ARITHMETIC


def test_the_real_reports_fixture_list_is_complete():
    names = {e["file"] for e in json.loads((REAL / "truth.json").read_text(encoding="utf-8"))}
    assert names == {p.name for p in REAL_FILES}


# --- a workbook whose totals are formulas ------------------------------------------------------

def test_a_formula_total_is_never_named_by_a_repair(tmp_path):
    """Our own XLSX template filled in, with a wrong 结转下年度 cell: every total is a formula
    (=SUM(...)) the person cannot type into, so every proposed repair names input cells only."""
    from core.fix.layout import grids
    from core.fix.templates import TOP, _formulas, template_workbook
    from core.standard import load

    std = load()
    values = correct_content(12).values
    wrong = ("t3", "carried_out", "natural")
    wb = template_workbook(std)
    formula_keys = set()
    for table, grid in grids(std).items():
        ws = wb[wb.sheetnames[["t2", "t3", "t4"].index(table)]]
        cells = {spec.key: ws.cell(TOP + spec.row, 1 + spec.col) for spec in grid.value_cells()}
        formulas = _formulas(std, table, cells)
        formula_keys |= set(formulas)
        for key, cell in cells.items():
            if key not in formulas:
                cell.value = int(values[key]) + (3 if key == wrong else 0)
    src = tmp_path / "filled.xlsx"
    wb.save(src)
    result = check(src)
    broken = [f for f in result.findings if f.rule in ARITHMETIC]
    assert broken and all(f.fix is not None for f in broken)
    named = set()
    for f in broken:
        named.add((f.fix.table, f.fix.row, f.fix.col))
        for alternative in f.fix.alternatives:
            named |= {(c["table"], c["row"], c["col"]) for c in alternative}
    assert wrong in named
    assert not named & formula_keys, sorted(named & formula_keys)


# --- the window: alternatives in words, evidence, the grid after a choice -----------------------

def test_the_details_say_each_alternative_in_words_with_its_evidence(tmp_path, qtbot):
    pytest.importorskip("PySide6")
    from gui.finding_details import FindingDetails
    from gui.session import Session

    src = write(two_group_content(), tmp_path / "two_groups.docx", "docx", "merged")
    s = Session(check(src))
    i = next(n for n, f in enumerate(s.findings)
             if f.rule == "T4-GROUP-SUM" and f.location.row == "suit_after_review")
    details = FindingDetails()
    qtbot.addWidget(details)
    details.show_finding(s, i)
    texts = details.texts()
    buttons = [details.choices.button(n).accessibleName() for n in range(len(s.options_for(i)) + 1)]
    assert buttons[0] == "采用：把 复议后起诉·总计 改为 5"
    assert "采用：把 复议后起诉·结果维持 改为 0" in buttons
    assert any(t.startswith("依据：") and "合计" in t for t in texts)
    shown = "\n".join(texts + buttons)
    assert "{" not in shown and "'table'" not in shown and "suit_after_review" not in shown
    # choose the other repair: exactly its cell changes in the grid, the total stays as written
    other = buttons.index("采用：把 复议后起诉·结果维持 改为 0")
    details.choose(other)
    assert s.cell("t4", "suit_after_review", "upheld").proposed == 0
    assert s.cell("t4", "suit_after_review", "total").proposed is None
    assert s.cell("t4", "review", "total").proposed == 11


def test_a_glued_digit_cell_shows_the_digits_as_written(tmp_path, qtbot):
    pytest.importorskip("PySide6")
    from gui.finding_details import FindingDetails
    from gui.session import Session

    s = Session(check(REAL / "25_pingtan_2021.txt"))
    i = next(n for n, f in enumerate(s.findings) if f.rule == "T-GLUED-UNREADABLE")
    details = FindingDetails()
    qtbot.addWidget(details)
    details.show_finding(s, i)
    assert any(t.startswith("原文 693665") for t in details.texts())


def test_too_many_wrong_cells_are_said_honestly_with_the_broken_relations(tmp_path):
    c = correct_content(9)
    for row, col in [("r1", "natural"), ("r2", "commercial"), ("r3_1", "research"),
                     ("r4_1", "social"), ("r5_1", "legal")]:
        c.values[("t3", row, col)] = str(int(c.values[("t3", row, col)]) + 4)
    result = check(write(c, tmp_path / "many.docx", "docx", "merged"))
    broken = [f for f in result.findings if f.rule in ARITHMETIC]
    # one cause, one finding: the group of ten broken relations, each named, none guessed
    [one] = broken
    assert one.fix is None and one.location.table == "t3" and one.location.row is None
    assert "不一致之处太多" in one.message and "超过4个单元格" in one.message
    assert "本组有10处勾稽关系不成立" in one.message
    assert "“自然人”列" in one.message and "“（一）予以公开”行" in one.message
    assert len(one.listed_cells()) == 10 and ("t3", "r1", "total") in one.listed_cells()


# --- the rebuilt report: what was read stays, lines become paragraphs again ------------------

def _rebuilt(tmp_path, src):
    result = check(src)
    out = tmp_path / "rebuilt.docx"
    assert correct(result, out).rebuilt
    return result, docx.Document(out), check(out)


def test_the_old_single_r6_row_becomes_the_three_official_rows_with_a_comment(tmp_path):
    from core.fix.layout import grids

    result, doc, again = _rebuilt(tmp_path, REAL / "02_hongzequ_2024.pdf")
    t3 = result.report.tables["t3"]
    assert ("r6", "total") in t3.cells and ("r6_3", "total") not in t3.cells
    grid = grids()["t3"]
    table = next(t for t in doc.tables if len(t.rows) == grid.nrows)

    def cell(row, col):
        spec = grid.find_key(("t3", row, col))
        return table.cell(spec.row, spec.col)
    for col in ("natural", "total"):
        assert cell("r6_3", col).text == t3.cells[("r6", col)].raw.strip()
        assert cell("r6_1", col).text == cell("r6_2", col).text == "0"
    comments = {c.comment_id: c.text for c in doc.comments}
    notes = [comments[int(e.get(qn("w:id")))]
             for r in ("r6_1", "r6_2", "r6_3")
             for e in cell(r, "natural")._tc.iter(qn("w:commentRangeStart"))]
    assert len(notes) == 3 and all("（六）其他处理" in n and "请作者核实" in n for n in notes)
    assert again.report.tables["t3"].value("r6_3", "total") == t3.value("r6", "total")


def test_a_pdfs_wrapped_lines_are_one_paragraph_again_without_page_numbers(tmp_path):
    _, doc, _ = _rebuilt(tmp_path, REAL / "02_hongzequ_2024.pdf")
    texts = [p.text for p in doc.paragraphs]
    management = next(t for t in texts if t.startswith("（三）政府信息管理情况"))
    assert "政务新媒体日常管理" in management and management.endswith("一律不准发布。")
    assert not any(re.fullmatch(r"[-\s]*\d+[-\s]*", t) for t in texts if t.strip())


def test_a_text_file_cut_off_inside_a_table_stays_cut_off_there(tmp_path):
    result, doc, again = _rebuilt(tmp_path, REAL / "07_xinghua_dayingzhen_2023.txt")
    assert "DOC-TRUNCATED" in {f.rule for f in result.findings}
    assert "DOC-TRUNCATED" in {f.rule for f in again.findings}
    assert doc.paragraphs[-1].text.startswith("【待补充：原文件在此中断")
    assert _errors(again) <= _errors(result)


def test_a_missing_table_is_not_replaced_by_an_empty_grid(tmp_path):
    c = correct_content(9)
    del c.sections["S4"]                # heading, prose and 表四 all absent
    src = write(c, tmp_path / "no_t4.txt", "txt", "tsv")
    result, doc, again = _rebuilt(tmp_path, src)
    assert "TABLE-MISSING" in {f.rule for f in result.findings}
    assert len(doc.tables) == 2
    assert not {f.rule for f in again.findings if f.severity == "error"} - {
        f.rule for f in result.findings if f.severity == "error"}


def test_last_years_report_decides_which_cells_are_wrong(tmp_path):
    from tests.builder import _REQUEST_RE

    c = correct_content(14)
    c.sections["S1"] = [_REQUEST_RE.sub("", p) for p in c.sections["S1"]]
    truth = {("t3", "carried_in", col): int(c.values[("t3", "carried_in", col)])
             for col in ("natural", "total")}
    for key in truth:
        c.values[key] = str(truth[key] + 2)
    prior = correct_content(15)
    for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        prior.values[("t3", "carried_out", col)] = c.values[("t3", "carried_in", col)]
    prior.values.update({("t3", "carried_out", col): str(v) for (_, _, col), v in truth.items()})
    src = write(c, tmp_path / "2023.docx", "docx", "merged")
    before = write(prior, tmp_path / "2022.docx", "docx", "merged")
    alone = [f for f in check(src).findings if f.rule in ARITHMETIC]
    # alone, 上年结转 is one of several equal repairs (a digit slip elsewhere may win)
    assert alone and {(f.fix.table, f.fix.row, f.fix.col): f.fix.value for f in alone} != truth
    assert any(set(truth) == {(c["table"], c["row"], c["col"]) for c in alt}
               for alt in alone[0].fix.alternatives)
    with_prior = [f for f in check(src, CheckOptions(prior=str(before))).findings
                  if f.rule in ARITHMETIC]
    assert {(f.fix.table, f.fix.row, f.fix.col): f.fix.value for f in with_prior} == truth
    assert all(f.fix.certainty == "certain" and f.fix.evidence == "prior" for f in with_prior)


def test_equally_small_repairs_of_a_group_are_one_finding_and_one_choice(tmp_path):
    """Three wrong cells whose group of four broken relations has three equally small repairs
    and nothing to decide between them: one finding names the four relations and offers the
    three repairs once (four findings offering the same choice could be answered differently)."""
    c = correct_content(seed=16)
    for (row, col), delta in ((("r3_3", "total"), 10), (("new", "research"), 3),
                              (("carried_out", "research"), 3)):
        c.values[("t3", row, col)] = str(int(c.values[("t3", row, col)]) + delta)
    result = check(write(c, tmp_path / "ambiguous.docx", "docx", "merged"))
    [one] = [f for f in result.findings if f.rule in ARITHMETIC]
    assert one.severity == "error" and one.fix.certainty == "confirm"
    assert "有4处勾稽关系不成立" in one.message and "有3种同样小的修正方式" in one.message
    assert len(one.fix.alternatives) == 3 and len(one.fix.alternative_texts) == 3
