"""Blank templates: the DOCX report skeleton and the XLSX data template with live formulas,
input validation and red highlighting of broken relations; the checker reads the XLSX back."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from core import messages
from core.api import check
from core.fix.layout import grids
from core.fix.templates import TOP, write_template
from core.fsutil import OutputError
from core.standard import load

ROOT = Path(__file__).resolve().parents[1]
STD = load()
SHEETS = messages.FIX_SHEETS
ARITHMETIC = {"T3-ROW-SUM", "T3-COL-SUM", "T3-BALANCE", "T4-GROUP-SUM"}


def xl_cell(ws, key):
    spec = grids()[key[0]].find_key(key)
    return ws.cell(TOP + spec.row, 1 + spec.col)


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def blank_docx(tmp_path_factory):
    out = tmp_path_factory.mktemp("tpl") / "年报模板.docx"
    assert write_template(out) == str(out)
    return docx.Document(out)


def test_the_docx_template_has_every_section_heading_with_guidance(blank_docx):
    texts = [p.text for p in blank_docx.paragraphs]
    headings = [p.text for p in blank_docx.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in STD.sections]
    assert texts[0] == messages.FIX_TEMPLATE_TITLE
    for key in ("S5", "S6"):
        i = texts.index(STD.section(key).heading)
        assert texts[i + 1] == messages.FIX_PLACEHOLDER.format(
            what=messages.FIX_SECTION_GUIDANCE[key])
    subheadings = [p.text for p in blank_docx.paragraphs if p.style.name == "Heading 2"]
    assert len(subheadings) == len(STD.topics)
    assert all(title in sub for (_, title, _), sub in zip(STD.topics, subheadings))
    assert sum(t.startswith("【待补充：") for t in texts) >= 8
    assert texts[-2:] == [messages.FIX_TEMPLATE_SIGN_AGENCY, messages.FIX_TEMPLATE_SIGN_DATE]


def test_the_docx_template_tables_are_in_the_official_layout_and_empty(blank_docx):
    t2, t3, t4 = blank_docx.tables
    assert t3.cell(0, 0).text == STD.t3_note and t3.cell(0, 0)._tc is t3.cell(2, 2)._tc
    assert t3.cell(5, 0).text == "三、本年度办理结果" and t3.cell(5, 0)._tc is t3.cell(26, 0)._tc
    assert t3.cell(1, 9).text == "总计"
    assert t2.cell(0, 0).text == STD.t2_captions[0]
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    for table, key in zip((t2, t3, t4), ("t2", "t3", "t4")):
        for spec in grids()[key].value_cells():
            assert table.cell(spec.row, spec.col).text == ""
    # the header rows of 表三 repeat on every page
    header = [tr for tr in t3._tbl.tr_lst[:3]]
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in header)


def blank_cells(result) -> set:
    """Every cell the T-BLANK findings name (a finding groups the blanks of one cause)."""
    out = set()
    for f in result.findings:
        if f.rule == "T-BLANK":
            for c in f.expected["cells"]:
                out.add((f.location.table, c["row"], c["col"]))
    return out


def test_the_docx_template_is_recognised_as_a_report_with_blank_cells(tmp_path):
    out = tmp_path / "t.docx"
    write_template(out)
    result = check(out)
    assert result.status == "checked"
    # every table is found, 表四's empty data row of 15 cells included
    assert all(result.report.tables[t].found for t in ("t2", "t3", "t4"))
    assert {s.key for s in result.report.sections} == {s.key for s in STD.sections}
    assert blank_cells(result) == {(t, r, c) for t in ("t2", "t3", "t4")
                                   for r, c in STD.cell_keys(t)}
    # one finding per cause, warnings: the whole empty rows of each table are one finding
    blanks = [f for f in result.findings if f.rule == "T-BLANK"]
    assert len(blanks) <= 4 and {f.severity for f in blanks} == {"warning"}
    found = {f.rule for f in result.findings}
    assert not found & (ARITHMETIC | {"TABLE-MISSING", "T-ROW-MISSING", "SEC-MISSING"}), found


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def blank_xlsx(tmp_path):
    out = tmp_path / "年报数据.xlsx"
    write_template(out)
    return out


def test_the_xlsx_template_has_three_named_sheets_with_official_labels(blank_xlsx):
    wb = load_workbook(blank_xlsx)
    assert wb.sheetnames == [SHEETS["t2"], SHEETS["t3"], SHEETS["t4"]]
    t3 = wb[SHEETS["t3"]]
    values = {c.value for row in t3.iter_rows() for c in row if isinstance(c.value, str)}
    assert {r.label for r in STD.t3_rows} <= values
    assert {c.label for c in STD.t3_cols} <= values
    assert STD.t3_note in values and "申请人情况" in values and "法人或其他组织" in values
    t4 = wb[SHEETS["t4"]]
    assert any(str(rng) == f"F{TOP}:O{TOP}" for rng in t4.merged_cells.ranges)      # 行政诉讼


def test_xlsx_totals_are_live_formulas(blank_xlsx):
    wb = load_workbook(blank_xlsx)
    t3, t4 = wb[SHEETS["t3"]], wb[SHEETS["t4"]]
    first, last = xl_cell(t3, ("t3", "new", "natural")), xl_cell(t3, ("t3", "new", "other"))
    assert xl_cell(t3, ("t3", "new", "total")).value == \
        f"=SUM({first.coordinate}:{last.coordinate})"
    top, bottom = xl_cell(t3, ("t3", "r1", "legal")), xl_cell(t3, ("t3", "r6_3", "legal"))
    assert bottom.row - top.row == 20                           # the 21 result rows
    assert xl_cell(t3, ("t3", "total", "legal")).value == \
        f"=SUM({top.coordinate}:{bottom.coordinate})"
    for group in ("review", "suit_direct", "suit_after_review"):
        a, d = xl_cell(t4, ("t4", group, "upheld")), xl_cell(t4, ("t4", group, "pending"))
        assert xl_cell(t4, ("t4", group, "total")).value == f"=SUM({a.coordinate}:{d.coordinate})"


def test_xlsx_value_cells_accept_only_non_negative_whole_numbers(blank_xlsx):
    wb = load_workbook(blank_xlsx)
    t3 = wb[SHEETS["t3"]]
    (rule,) = t3.data_validations.dataValidation
    assert rule.type == "whole" and rule.operator == "greaterThanOrEqual" and rule.formula1 == "0"
    assert rule.showErrorMessage and rule.errorTitle == messages.FIX_XL_ERROR_TITLE
    assert rule.error == messages.FIX_XL_ERROR_COUNT
    assert xl_cell(t3, ("t3", "r3_4", "research")).coordinate in rule.sqref
    assert xl_cell(t3, ("t3", "r3_4", "total")).coordinate not in rule.sqref      # a formula
    t2 = wb[SHEETS["t2"]]
    kinds = {dv.type: dv for dv in t2.data_validations.dataValidation}
    assert xl_cell(t2, ("t2", "fees", "amount")).coordinate in kinds["decimal"].sqref
    assert xl_cell(t2, ("t2", "normative", "valid")).coordinate in kinds["whole"].sqref


def test_xlsx_cells_of_a_broken_relation_turn_red(blank_xlsx):
    wb = load_workbook(blank_xlsx)
    t3 = wb[SHEETS["t3"]]
    cells = [xl_cell(t3, ("t3", row, "natural")).coordinate
             for row in ("new", "carried_in", "total", "carried_out")]
    balance = [(cf, rule) for cf in t3.conditional_formatting for rule in cf.rules
               if all(c in cf.sqref for c in cells)]
    assert balance, "no conditional format covers the 自然人 column balance"
    cf, rule = balance[0]
    assert rule.type == "expression" and "<>0" in rule.formula[0]
    assert all(c.replace("D", "$D$") in rule.formula[0] for c in cells)
    assert rule.dxf.fill.fgColor.rgb.endswith("FF9999") or rule.dxf.fill.bgColor.rgb.endswith(
        "FF9999")
    t4 = wb[SHEETS["t4"]]
    assert len(list(t4.conditional_formatting)) == len(STD.t4_groups)


def fill_template(path: Path, values: dict) -> None:
    """Fill every input cell with 0 except ``values``, as a person would, with openpyxl."""
    wb = load_workbook(path)
    for table, grid in grids().items():
        ws = wb[SHEETS[table]]
        for spec in grid.value_cells():
            cell = ws.cell(TOP + spec.row, 1 + spec.col)
            if cell.value is None:
                cell.value = values.get(spec.key, 0)
    wb.save(path)


def test_a_filled_xlsx_template_is_read_back_with_its_formulas_computed(blank_xlsx):
    fill_template(blank_xlsx, {("t3", "new", "natural"): 5, ("t3", "new", "legal"): 2,
                               ("t3", "r1", "natural"): 4, ("t3", "r4_1", "legal"): 2,
                               ("t3", "carried_out", "natural"): 1,
                               ("t4", "review", "upheld"): 2, ("t4", "review", "corrected"): 1,
                               ("t2", "fees", "amount"): 1.5})
    result = check(blank_xlsx)
    assert result.status == "checked"
    t3, t4 = result.report.tables["t3"], result.report.tables["t4"]
    assert t3.value("new", "total") == 7
    assert t3.value("total", "natural") == 4 and t3.value("total", "total") == 6
    assert t4.value("review", "total") == 3
    assert result.report.tables["t2"].value("fees", "amount") == 1.5
    found = {f.rule for f in result.findings}
    assert not found & (ARITHMETIC | {"T-BLANK", "T-NOT-NUMBER"}), found


def test_a_broken_relation_in_the_xlsx_is_found_by_the_checker(blank_xlsx):
    fill_template(blank_xlsx, {("t3", "new", "natural"): 5, ("t3", "r1", "natural"): 4,
                               ("t3", "carried_out", "natural"): 3})
    result = check(blank_xlsx)
    assert "T3-BALANCE" in {f.rule for f in result.findings}


# ---------------------------------------------------------------------------------------------
# Writing templates
# ---------------------------------------------------------------------------------------------

def test_templates_refuse_an_unknown_ending_and_an_existing_file(tmp_path):
    with pytest.raises(OutputError) as err:
        write_template(tmp_path / "t.pdf")
    assert err.value.code == "bad_suffix" and ".xlsx" in err.value.message
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"mine")
    with pytest.raises(OutputError):
        write_template(out)
    assert out.read_bytes() == b"mine"
    write_template(out, overwrite=True)
    assert load_workbook(out).sheetnames[0] == SHEETS["t2"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_cli_template_writes_both_kinds_and_exits_two_on_usage_problems(tmp_path):
    for name in ("年报模板.docx", "年报数据.xlsx"):
        proc = run("template", "-o", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
        assert "已生成空白模板" in proc.stdout and (tmp_path / name).exists()
    again = run("template", "-o", str(tmp_path / "年报模板.docx"))
    assert again.returncode == 2 and "已存在" in again.stderr
    assert run("template", "-o", str(tmp_path / "年报模板.docx"), "--overwrite").returncode == 0
    wrong = run("template", "-o", str(tmp_path / "x.txt"))
    assert wrong.returncode == 2 and ".docx" in wrong.stderr


def _calc_available(soffice: str, tmp_path: Path) -> bool:
    """LibreOffice may be installed without Calc (only Writer): try a trivial workbook."""
    from openpyxl import Workbook

    probe = tmp_path / "probe.xlsx"
    Workbook().save(probe)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(probe)],
                   capture_output=True, timeout=300)
    return (tmp_path / "probe.pdf").exists()


def test_libreoffice_opens_both_templates(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice is not installed; skipping the open-in-an-office-suite check")
        pytest.skip("LibreOffice (soffice) is not installed")
    files = [tmp_path / "年报模板.docx"]
    if _calc_available(soffice, tmp_path):
        files.append(tmp_path / "年报数据.xlsx")
    else:
        print("LibreOffice Calc is not installed; only the DOCX template is opened")
    for f in files:
        write_template(f)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, files)],
                   capture_output=True, timeout=600)
    for f in files:
        pdf = tmp_path / "pdf" / (f.stem + ".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), f


def test_the_blank_xlsx_template_is_checked_as_tables_only(blank_xlsx):
    result = check(blank_xlsx)
    assert result.status == "checked" and result.report.tables_only
    assert all(result.report.tables[t].found for t in ("t2", "t3", "t4"))
    rules = {f.rule for f in result.findings}
    # no section, title, period or prose findings for a file that has none of them
    assert not rules & {"SEC-MISSING", "M-TITLE", "M-PERIOD", "S6-FEE", "TABLE-MISSING",
                        "T-ROW-MISSING"}, rules
    assert [f.severity for f in result.findings if f.rule == "DOC-TABLES-ONLY"] == ["info"]
    # every input cell is blank, and said so; the formula totals read 0
    inputs = blank_cells(result)
    assert ("t3", "new", "natural") in inputs and ("t2", "fees", "amount") in inputs
    assert result.report.tables["t3"].value("new", "total") == 0


def test_a_filled_xlsx_template_with_a_wrong_cell_is_checked_as_tables(blank_xlsx):
    fill_template(blank_xlsx, {("t3", "new", "natural"): 5, ("t3", "r1", "natural"): 4,
                               ("t3", "carried_out", "natural"): 3})
    result = check(blank_xlsx)
    assert result.report.tables_only
    rules = {f.rule for f in result.findings}
    assert "T3-BALANCE" in rules and "DOC-TABLES-ONLY" in rules
    assert not rules & {"SEC-MISSING", "M-TITLE", "M-PERIOD"}
