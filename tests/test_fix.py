"""The fixer: a corrected copy of a DOCX, a rebuilt report for every other input, and safe output.

Each test builds real files (tests/builder.py, python-docx), checks them with ``core.api.check``,
fixes them with ``core.api.fix`` and opens the result with python-docx to look at exactly the
cells and paragraphs that must (and must not) have changed. Re-checking the output proves the
fixed findings are gone.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from builder import correct_content, write
from core import messages
from core.api import check, check_report, edit_cell, fix
from core.fix import correct
from core.fix.layout import grids
from core.fsutil import OutputError
from core.standard import load

STD = load()

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "samples" / "示例报告.docx"
ARITHMETIC = {"T3-ROW-SUM", "T3-COL-SUM", "T3-BALANCE", "T4-GROUP-SUM"}
MUST_BE_GONE = ARITHMETIC | {"T-BLANK", "SEC-MISSING"}
BROKEN_FINDS = {"T3-ROW-SUM", "T4-GROUP-SUM", "T-BLANK", "SEC-MISSING", "T-PLACEHOLDER",
                "T-LABEL", "SEC-TITLE"}
FILL = "FFFF99"
SLASH = ("t3", "r5_3", "commercial")      # a "/" the relations determine (表二 has none)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def broken_content(seed: int = 5):
    """A consistent report with one error of each fixable kind, each with a unique repair:
    a wrong part cell (row and column sums meet in it), a blank, a "/", a wrong 表四 total,
    a missing section 五, a renamed 六, a drifted column label."""
    c = correct_content(seed)
    n = int(c.values[("t3", "r4_1", "natural")])
    c.values[("t3", "r4_1", "natural")] = str(n + 7)
    c.values[("t3", "carried_in", "legal")] = ""
    c.values[SLASH] = "/"
    c.values.update({("t4", "review", "upheld"): "2", ("t4", "review", "corrected"): "1",
                     ("t4", "review", "other"): "0", ("t4", "review", "pending"): "0",
                     ("t4", "review", "total"): "0"})
    del c.sections["S5"]
    c.headings["S6"] = "六、其他需要说明的事项"
    c.relabel = {"社会公益组织": "社会组织"}
    return c, n


def built(tmp_path: Path, content, fmt: str = "docx", layout: str = "merged",
          name: str = "report") -> Path:
    ext = {"docx": ".docx", "txt": ".txt", "xlsx": ".xlsx", "html": ".html"}[fmt]
    return write(content, tmp_path / f"{name}_{layout}{ext}", fmt, layout)


def docx_cell(doc, source):
    return doc.tables[source.table].cell(source.row, source.col)


def source_of(result, table, row, col):
    return result.report.tables[table].cells[(row, col)].source


def fill_of(element) -> str | None:
    shd = element.find(f".//{qn('w:shd')}")
    return shd.get(qn("w:fill")) if shd is not None else None


def comment_ids(element) -> list[str]:
    return [e.get(qn("w:id")) for e in element.iter(qn("w:commentRangeStart"))]


def comments_by_id(doc) -> dict[str, str]:
    return {str(c.comment_id): c.text for c in doc.comments}


def comment_on(doc, element) -> str:
    texts = comments_by_id(doc)
    return "\n".join(texts[i] for i in comment_ids(element))


def rules(result) -> set[str]:
    return {f.rule for f in result.findings}


def errors(result) -> set[str]:
    return {f.rule for f in result.findings if f.severity == "error"}


def index_of(result, rule: str, **where) -> int:
    for i, f in enumerate(result.findings):
        if f.rule == rule and all(getattr(f.location, k) == v for k, v in where.items()):
            return i
    raise AssertionError(f"no {rule} {where}")


# ---------------------------------------------------------------------------------------------
# DOCX input: a corrected copy
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def fixed_docx(tmp_path):
    content, n = broken_content()
    src = built(tmp_path, content)
    before = sha(src)
    result = check(src)
    out = tmp_path / "报告（已修正）.docx"
    assert fix(result, out) == str(out)
    return src, before, result, out, n


def test_every_certain_fix_is_written_into_its_exact_cell(fixed_docx):
    src, _, result, out, n = fixed_docx
    doc = docx.Document(out)
    assert docx_cell(doc, source_of(result, "t3", "r4_1", "natural")).text == str(n)
    assert docx_cell(doc, source_of(result, "t3", "carried_in", "legal")).text == "0"
    assert docx_cell(doc, source_of(result, *SLASH)).text == correct_content(5).values[SLASH]
    assert docx_cell(doc, source_of(result, "t4", "review", "total")).text == "3"
    label = next(d for d in result.report.labels if d.col == "social")
    assert docx_cell(doc, label.source).text == "社会公益组织"
    texts = [p.text for p in doc.paragraphs]
    assert "六、其他需要报告的事项" in texts and "六、其他需要说明的事项" not in texts


def test_each_change_is_shaded_and_commented_with_old_new_and_rule(fixed_docx):
    _, _, result, out, n = fixed_docx
    doc = docx.Document(out)
    expectations = [(("t3", "r4_1", "natural"), str(n + 7), str(n), "T3-ROW-SUM"),
                    (("t3", "carried_in", "legal"), messages.FIX_BLANK, "0", "T-BLANK"),
                    (SLASH, "/", correct_content(5).values[SLASH], "T-PLACEHOLDER"),
                    (("t4", "review", "total"), "0", "3", "T4-GROUP-SUM")]
    for key, old, new, rule in expectations:
        cell = docx_cell(doc, source_of(result, *key))
        assert fill_of(cell._tc.tcPr) == FILL, key
        note = comment_on(doc, cell._tc)
        assert f"原为“{old}”" in note and f"现为“{new}”" in note and rule in note, note
    heading = next(p for p in doc.paragraphs if p.text == "六、其他需要报告的事项")
    assert fill_of(heading._p.pPr) == FILL
    note = comment_on(doc, heading._p)
    assert "六、其他需要说明的事项" in note and "SEC-TITLE" in note
    assert all(c.author == messages.FIX_AUTHOR and c.initials == "NB" for c in doc.comments)


def test_the_missing_section_is_inserted_before_the_next_heading_with_a_placeholder(fixed_docx):
    _, _, _, out, _ = fixed_docx
    doc = docx.Document(out)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("五、存在的主要问题及改进情况")
    assert texts[i + 1] == messages.FIX_PLACEHOLDER.format(
        what=messages.FIX_SECTION_GUIDANCE["S5"])
    assert texts[i + 2] == "六、其他需要报告的事项"
    assert texts.index("四、政府信息公开行政复议、行政诉讼情况") < i
    inserted, model = doc.paragraphs[i], doc.paragraphs[texts.index("一、总体情况")]
    assert inserted.style.name == model.style.name == "Heading 1"
    assert "SEC-MISSING" in comment_on(doc, inserted._p)
    assert fill_of(inserted._p.pPr) == fill_of(doc.paragraphs[i + 1]._p.pPr) == FILL


def test_recheck_finds_no_arithmetic_error_blank_or_missing_section(fixed_docx):
    _, _, result, out, _ = fixed_docx
    assert BROKEN_FINDS <= rules(result)
    again = check(out)
    assert again.status == "checked"
    assert not rules(again) & (MUST_BE_GONE | {"T-PLACEHOLDER", "T-LABEL", "SEC-TITLE"})


def test_the_input_file_is_never_written(fixed_docx):
    src, before, _, _, _ = fixed_docx
    assert sha(src) == before


def test_untouched_paragraphs_cells_and_section_properties_are_identical(fixed_docx):
    src, _, result, out, _ = fixed_docx
    old, new = docx.Document(src), docx.Document(out)
    inserted = {"五、存在的主要问题及改进情况",
                messages.FIX_PLACEHOLDER.format(what=messages.FIX_SECTION_GUIDANCE["S5"])}
    kept = [p for p in new.paragraphs if p.text not in inserted]
    assert len(kept) == len(old.paragraphs)
    changed = 0
    for a, b in zip(old.paragraphs, kept):
        if comment_ids(b._p):
            changed += 1
            continue
        assert etree.tostring(a._p) == etree.tostring(b._p)
    assert changed == 1                                  # the renamed heading of 六
    edited = {(s.table, s.row, s.col) for s in (
        source_of(result, "t3", "r4_1", "natural"), source_of(result, "t3", "carried_in", "legal"),
        source_of(result, *SLASH), source_of(result, "t4", "review", "total"),
        next(d for d in result.report.labels if d.col == "social").source)}
    differing = set()
    for t, (ta, tb) in enumerate(zip(old.tables, new.tables)):
        rows_a, rows_b = ta._tbl.tr_lst, tb._tbl.tr_lst
        assert len(rows_a) == len(rows_b)
        for r, (ra, rb) in enumerate(zip(rows_a, rows_b)):
            col = 0
            for ca, cb in zip(ra.tc_lst, rb.tc_lst):
                if etree.tostring(ca) != etree.tostring(cb):
                    differing.add((t, r, col))
                col += ca.grid_span
    assert differing == edited
    assert etree.tostring(old.element.body.sectPr) == etree.tostring(new.element.body.sectPr)


def test_headers_footers_styles_and_every_other_part_are_unchanged(tmp_path):
    from pdf_fixtures import add_page_furniture

    content, _ = broken_content(7)
    src = add_page_furniture(built(tmp_path, content), tmp_path / "with_header.docx")
    out = tmp_path / "fixed.docx"
    fix(check(src), out)
    a, b = zipfile.ZipFile(src), zipfile.ZipFile(out)
    assert any(n.startswith("word/header") for n in a.namelist())
    assert any(n.startswith("word/footer") for n in a.namelist())
    rewritten = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    for name in a.namelist():
        if name in rewritten:
            continue
        assert a.read(name) == b.read(name), name
    assert set(b.namelist()) - set(a.namelist()) == {"word/comments.xml"}


def test_a_corrected_cell_keeps_its_run_formatting_and_an_empty_cell_gets_the_mark_format(
        tmp_path):
    content, n = broken_content(3)
    src = built(tmp_path, content)
    result = check(src)
    doc = docx.Document(src)
    wrong = docx_cell(doc, source_of(result, "t3", "r4_1", "natural"))
    text = wrong.text
    p = wrong.paragraphs[0]
    p.runs[0].text = text[:1]
    p.runs[0].font.size = docx.shared.Pt(9)
    p.runs[0].font.bold = True
    second = p.add_run(text[1:])                  # the number split over two runs
    second.font.italic = True
    blank = docx_cell(doc, source_of(result, "t3", "carried_in", "legal"))
    bp = blank.paragraphs[0]
    for r in list(bp._p.r_lst):
        bp._p.remove(r)
    mark = etree.SubElement(bp._p.get_or_add_pPr(), qn("w:rPr"))     # the paragraph mark
    etree.SubElement(mark, qn("w:sz")).set(qn("w:val"), "17")
    doc.save(src)
    result = check(src)
    out = tmp_path / "out.docx"
    fix(result, out)
    new = docx.Document(out)
    cell = docx_cell(new, source_of(result, "t3", "r4_1", "natural"))
    runs = [r for r in cell.paragraphs[0].runs]
    assert cell.text == str(n)
    assert runs[0].text == str(n) and runs[0].font.size == docx.shared.Pt(9) and runs[0].font.bold
    assert all(r.text == "" for r in runs[1:])
    filled = docx_cell(new, source_of(result, "t3", "carried_in", "legal"))
    run = filled.paragraphs[0].runs[0]
    assert run.text == "0" and run.font.size == docx.shared.Pt(8.5)


def ambiguous_content():
    """表四 行政复议 2+0+0+0 with 总计 3: the total or any one part may be wrong, and nothing
    decides (the prose states no count, no digit slip explains it)."""
    from builder import _REVIEW_RE

    c = correct_content(4)
    c.values.update({("t4", "review", "upheld"): "2", ("t4", "review", "corrected"): "0",
                     ("t4", "review", "other"): "0", ("t4", "review", "pending"): "0",
                     ("t4", "review", "total"): "3"})
    c.sections["S1"] = [_REVIEW_RE.sub("", p) for p in c.sections["S1"]]
    return c


def test_an_ambiguous_fix_is_not_applied_but_commented_with_every_alternative(tmp_path):
    src = built(tmp_path, ambiguous_content())
    result = check(src)
    f = result.findings[index_of(result, "T4-GROUP-SUM")]
    assert f.fix.certainty == "confirm" and len(f.fix.alternatives) >= 2
    out = tmp_path / "out.docx"
    outcome = correct(result, out)
    assert not outcome.applied and len(outcome.commented) == 1
    doc = docx.Document(out)
    total = docx_cell(doc, source_of(result, "t4", "review", "total"))
    assert total.text == "3" and fill_of(total._tc) is None
    note = comment_on(doc, total._tc)
    assert messages.FIX_NOTE_OPTIONS in note and "T4-GROUP-SUM" in note
    assert note.count("改为") >= len(f.fix.alternatives)
    assert "T4-GROUP-SUM" in rules(check(out))          # still there: nobody chose


def test_choices_reject_apply_a_value_or_accept_an_alternative(tmp_path):
    src = built(tmp_path, ambiguous_content())
    result = check(src)
    i = index_of(result, "T4-GROUP-SUM")
    alternative = result.findings[i].fix.alternatives[0]
    out = tmp_path / "chosen.docx"
    fix(result, out, {i: alternative})
    doc = docx.Document(out)
    for change in alternative:
        cell = docx_cell(doc, source_of(result, change["table"], change["row"], change["col"]))
        assert cell.text == str(change["value"]) and fill_of(cell._tc) == FILL
    assert not rules(check(out)) & ARITHMETIC

    content, n = broken_content(6)
    src2 = built(tmp_path, content, name="broken")
    result2 = check(src2)
    blank = index_of(result2, "T-BLANK")
    label = index_of(result2, "T-LABEL")
    wrong = index_of(result2, "T3-ROW-SUM")
    out2 = tmp_path / "rejected.docx"
    fix(result2, out2, {blank: False, label: False, wrong: 99})
    doc2 = docx.Document(out2)
    kept = docx_cell(doc2, source_of(result2, "t3", "carried_in", "legal"))
    assert kept.text == "" and fill_of(kept._tc) is None and not comment_ids(kept._tc)
    social = docx_cell(doc2, next(d for d in result2.report.labels if d.col == "social").source)
    assert social.text == "社会组织" and not comment_ids(social._tc)
    assert docx_cell(doc2, source_of(result2, "t3", "r4_1", "natural")).text == "99"


def test_hints_are_commented_and_applied_only_when_chosen(tmp_path):
    c = correct_content(8)
    c.sections["S6"] = ["全年承办人大代表建议5件、政协提案3件，办理复文已按规定公开。"]
    src = built(tmp_path, c)
    result = check(src)
    i = index_of(result, "S6-FEE")
    out = tmp_path / "hint.docx"
    fix(result, out)
    doc = docx.Document(out)
    heading = next(p for p in doc.paragraphs if p.text == "六、其他需要报告的事项")
    assert "S6-FEE" in comment_on(doc, heading._p) and fill_of(heading._p) is None
    assert "本年度未收取信息处理费。" not in [p.text for p in doc.paragraphs]
    out2 = tmp_path / "hint_applied.docx"
    fix(result, out2, {i: True})
    texts = [p.text for p in docx.Document(out2).paragraphs]
    at = texts.index("本年度未收取信息处理费。")
    assert texts[at - 1] == c.sections["S6"][0] and texts[at + 1] == c.signature_agency
    assert "S6-FEE" not in rules(check(out2))


@pytest.mark.parametrize("fmt, layout", [("docx", "split"), ("txt", "tsv")])
def test_a_chosen_title_fix_replaces_the_title_even_on_two_lines(tmp_path, fmt, layout):
    c = correct_content(3)
    c.title = c.agency + "2023年政府信息公开工作报告"
    result = check(built(tmp_path, c, fmt, layout))
    i = index_of(result, "M-TITLE")
    assert result.findings[i].fix.certainty == "confirm"
    out = tmp_path / "title.docx"
    fix(result, out)
    assert docx.Document(out).paragraphs[0].text != result.findings[i].fix.value
    out2 = tmp_path / "title_chosen.docx"
    fix(result, out2, {i: True})
    doc = docx.Document(out2)
    title = doc.paragraphs[0]
    assert title.text == c.agency + "2023年政府信息公开工作年度报告"
    assert fill_of(title._p) == FILL and "M-TITLE" in comment_on(doc, title._p)
    assert "M-TITLE" not in rules(check(out2))


@pytest.mark.parametrize("drop", ["S1", "S6"])
def test_missing_first_and_last_sections_go_to_their_official_places(tmp_path, drop):
    c = correct_content(9)
    del c.sections[drop]
    src = built(tmp_path, c)
    out = tmp_path / "out.docx"
    fix(check(src), out)
    texts = [p.text for p in docx.Document(out).paragraphs]
    i = texts.index(STD.section(drop).heading)
    assert texts[i + 1] == messages.FIX_PLACEHOLDER.format(
        what=messages.FIX_SECTION_GUIDANCE[drop])
    if drop == "S1":                       # before the next section's heading
        assert texts[i - 1] == c.intro and texts[i + 2] == STD.section("S2").heading
    else:                                  # at the end of the body, before the signature
        assert texts[i - 1] == c.sections["S5"][-1]
        assert texts[i + 2:] == [c.signature_agency, c.signature_date]
    assert "SEC-MISSING" not in rules(check(out))


def test_a_misnumbered_and_a_renamed_heading_get_the_official_wording(tmp_path):
    c = correct_content(2)
    c.headings["S4"] = "四、因政府信息公开工作被申请行政复议、行政诉讼情况"
    c.headings["S5"] = "六、存在的主要问题及改进情况"
    src = built(tmp_path, c)
    result = check(src)
    assert {"SEC-TITLE", "SEC-NUMBER"} <= rules(result)
    out = tmp_path / "out.docx"
    fix(result, out)
    doc = docx.Document(out)
    texts = [p.text for p in doc.paragraphs]
    assert "四、政府信息公开行政复议、行政诉讼情况" in texts
    assert "五、存在的主要问题及改进情况" in texts
    assert not rules(check(out)) & {"SEC-TITLE", "SEC-NUMBER"}


def test_values_typed_in_the_gui_are_written_and_marked(tmp_path):
    c = correct_content(10)
    src = built(tmp_path, c)
    base = check(src)
    old = c.values[("t2", "licensing", "count")]
    report = edit_cell(base.report, "t2", "licensing", "count", "777")
    edited = type(base)(base.path, "checked", None, check_report(report), report)
    out = tmp_path / "typed.docx"
    fix(edited, out)
    doc = docx.Document(out)
    cell = docx_cell(doc, source_of(base, "t2", "licensing", "count"))
    assert cell.text == "777" and fill_of(cell._tc) == FILL
    note = comment_on(doc, cell._tc)
    assert f"原为“{old}”" in note and messages.FIX_NOTE_TYPED in note


def test_the_sample_report_end_to_end(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("resources/samples/示例报告.docx has not been generated")
    before = sha(SAMPLE)
    result = check(SAMPLE)
    out = tmp_path / "示例报告（已修正）.docx"
    outcome = correct(result, out)
    assert not outcome.unplaced
    doc = docx.Document(out)
    assert docx_cell(doc, source_of(result, "t3", "r4_1", "natural")).text == "13"
    assert docx_cell(doc, source_of(result, "t4", "review", "total")).text == "3"
    again = check(out)
    # the fixed kinds are gone; what remains (the prose's own count) was in the input already
    assert not rules(again) & MUST_BE_GONE and errors(again) <= errors(result)
    assert sha(SAMPLE) == before


# ---------------------------------------------------------------------------------------------
# Other inputs: a complete new report in the official style
# ---------------------------------------------------------------------------------------------

REBUILT = [("txt", "tsv"), ("txt", "markdown"), ("txt", "oneperline"), ("xlsx", "sheets"),
           ("html", "rowspan")]


def rebuilt_cell(doc, key):
    table = {"t2": 0, "t3": 1, "t4": 2}[key[0]]
    spec = grids()[key[0]].find_key(key)
    return doc.tables[table].cell(spec.row, spec.col)


@pytest.mark.parametrize("fmt, layout", REBUILT)
def test_other_inputs_are_rebuilt_with_the_fixes_applied(tmp_path, fmt, layout):
    content, n = broken_content()
    src = built(tmp_path, content, fmt, layout)
    before = sha(src)
    result = check(src)
    assert BROKEN_FINDS <= rules(result)
    out = tmp_path / "rebuilt.docx"
    outcome = correct(result, out)
    assert outcome.rebuilt and not outcome.unplaced
    doc = docx.Document(out)
    assert rebuilt_cell(doc, ("t3", "r4_1", "natural")).text == str(n)
    assert rebuilt_cell(doc, ("t3", "carried_in", "legal")).text == "0"
    assert rebuilt_cell(doc, SLASH).text == correct_content(5).values[SLASH]
    assert rebuilt_cell(doc, ("t4", "review", "total")).text == "3"
    for key in [("t3", "new", c) for c in ("natural", "commercial", "total")]:
        assert rebuilt_cell(doc, key).text == content.values[key]
    changed = rebuilt_cell(doc, ("t3", "r4_1", "natural"))
    assert fill_of(changed._tc) == FILL and "T3-ROW-SUM" in comment_on(doc, changed._tc)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == content.title
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == \
        [s.heading for s in STD.sections]
    for paragraph in content.sections["S1"] + content.sections["S6"]:
        assert paragraph in texts
    assert texts[-2:] == [content.signature_agency, content.signature_date]
    again = check(out)
    assert not rules(again) & (MUST_BE_GONE | {"T-PLACEHOLDER", "T-LABEL", "SEC-TITLE"})
    assert sha(src) == before


def test_the_rebuilt_report_has_the_official_layout_and_document_style(tmp_path):
    content, _ = broken_content(11)
    out = tmp_path / "rebuilt.docx"
    fix(check(built(tmp_path, content, "txt", "tsv")), out)
    doc = docx.Document(out)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    styles = doc.styles

    def east_asia(style):
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia(styles["Report Title"]) == "方正小标宋简体"
    assert styles["Report Title"].font.size.pt == 22
    assert east_asia(styles["Heading 1"]) == "黑体" and styles["Heading 1"].font.size.pt == 16
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    normal = styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312" and normal.font.size.pt == 16
    assert normal.font.name == "Times New Roman"
    assert round(normal.paragraph_format.line_spacing.pt, 2) == 28.95
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert doc.paragraphs[0].style.name == "Report Title"
    centre = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert styles["Report Title"].paragraph_format.alignment == centre
    assert any(p.style.name == "Heading 2" and p.text.startswith("（一）") for p in doc.paragraphs)
    t3 = doc.tables[1]
    assert t3.cell(0, 0).text == STD.t3_note
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc                    # 3 x 3 corner
    assert t3.cell(0, 3).text == "申请人情况" and t3.cell(0, 3)._tc is t3.cell(0, 9)._tc
    assert t3.cell(1, 4).text == "法人或其他组织" and t3.cell(1, 4)._tc is t3.cell(1, 8)._tc
    top = t3.cell(5, 0)
    assert top.text == "三、本年度办理结果" and top._tc is t3.cell(26, 0)._tc   # 22 rows
    assert t3.cell(27, 0).text == "四、结转下年度继续办理"
    withheld = t3.cell(7, 1)
    assert withheld.text == "（三）不予公开" and withheld._tc is t3.cell(14, 1)._tc
    t4 = doc.tables[2]
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(0, 0)._tc is t4.cell(0, 4)._tc
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert t4.cell(1, 5).text == "未经复议直接起诉" and t4.cell(1, 10).text == "复议后起诉"


def test_a_pdf_input_is_rebuilt(tmp_path):
    from pdf_fixtures import convert, soffice

    if not soffice():
        pytest.skip("LibreOffice (soffice) is not installed: no PDF fixture can be made")
    content, n = broken_content(12)
    pdf = convert([built(tmp_path, content)], tmp_path / "cache")[0]
    result = check(pdf)
    out = tmp_path / "from_pdf.docx"
    fix(result, out)
    doc = docx.Document(out)
    assert rebuilt_cell(doc, ("t3", "r4_1", "natural")).text == str(n)
    assert not rules(check(out)) & MUST_BE_GONE


# ---------------------------------------------------------------------------------------------
# Output safety
# ---------------------------------------------------------------------------------------------

def test_the_output_may_not_be_the_input(tmp_path):
    src = built(tmp_path, correct_content(1))
    result = check(src)
    before = sha(src)
    for same in (src, tmp_path / "." / src.name, Path(os.path.relpath(src))):
        with pytest.raises(OutputError) as err:
            fix(result, same, overwrite=True)
        assert err.value.code == "same_as_input" and "原文件" in err.value.message
    assert sha(src) == before


def test_an_existing_output_is_replaced_only_with_overwrite(tmp_path):
    src = built(tmp_path, correct_content(1))
    result = check(src)
    out = tmp_path / "out.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError) as err:
        fix(result, out)
    assert err.value.code == "exists" and "已存在" in err.value.message
    assert out.read_bytes() == b"keep me"
    fix(result, out, overwrite=True)
    assert docx.Document(out).paragraphs[0].text


def test_a_missing_folder_is_explained(tmp_path):
    result = check(built(tmp_path, correct_content(1)))
    with pytest.raises(OutputError) as err:
        fix(result, tmp_path / "no" / "such" / "out.docx")
    assert err.value.code == "no_folder" and "不存在" in err.value.message


@pytest.mark.parametrize("error, code, words", [
    (OSError(errno.ENOSPC, "No space left on device"), "disk_full", "磁盘空间不足"),
    (PermissionError(errno.EACCES, "Permission denied"), "permission", "正被其他程序"),
])
def test_a_failed_write_leaves_no_partial_or_temporary_file(tmp_path, monkeypatch, error, code,
                                                             words):
    result = check(built(tmp_path, correct_content(1)))
    folder = tmp_path / "out"
    folder.mkdir()
    listing = sorted(folder.iterdir())

    def failing_replace(a, b):
        raise error

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError) as err:
        fix(result, folder / "out.docx")
    assert err.value.code == code and words in err.value.message
    assert isinstance(err.value, OSError)                 # the GUI explains OSError already
    assert sorted(folder.iterdir()) == listing


def test_an_existing_output_survives_a_failed_overwrite(tmp_path, monkeypatch):
    result = check(built(tmp_path, correct_content(1)))
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous version")

    def failing_save(self, target):
        target.write(b"half a docx")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", failing_save)
    with pytest.raises(OutputError):
        fix(result, out, overwrite=True)
    assert out.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_cli_fix_writes_the_corrected_copy_and_refuses_bad_outputs(tmp_path):
    content, n = broken_content(13)
    src = built(tmp_path, content, name="报告")
    out = tmp_path / "报告（已修正）.docx"
    proc = run("fix", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stdout and "已修改" in proc.stdout
    result = check(src)
    assert docx_cell(docx.Document(out), source_of(result, "t3", "r4_1", "natural")).text == str(n)
    again = run("fix", str(src), "-o", str(out))
    assert again.returncode == 2 and "已存在" in again.stderr
    assert run("fix", str(src), "-o", str(out), "--overwrite").returncode == 0
    same = run("fix", str(src), "-o", str(src))
    assert same.returncode == 2 and "原文件" in same.stderr


def test_cli_fix_rebuilds_text_input_and_reports_unreadable_input(tmp_path):
    content, _ = broken_content(14)
    src = built(tmp_path, content, "txt", "tsv")
    out = tmp_path / "out.docx"
    proc = run("fix", str(src), "-o", str(out))
    assert proc.returncode == 0 and "重新生成" in proc.stdout
    bad = tmp_path / "损坏.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip at all")
    proc = run("fix", str(bad), "-o", str(tmp_path / "x.docx"))
    assert proc.returncode == 3 and "损坏" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.docx").exists()


def test_libreoffice_opens_the_corrected_and_the_rebuilt_documents(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice is not installed; skipping the open-in-an-office-suite check")
        pytest.skip("LibreOffice (soffice) is not installed")
    content, _ = broken_content(15)
    outs = []
    for fmt, layout in (("docx", "merged"), ("txt", "tsv")):
        out = tmp_path / f"fixed_{fmt}.docx"
        fix(check(built(tmp_path, content, fmt, layout)), out)
        outs.append(out)
    profile = tmp_path / "lo_profile"
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                           *map(str, outs)], capture_output=True, text=True, timeout=600)
    for out in outs:
        pdf = tmp_path / "pdf" / (out.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 5000, proc.stdout + proc.stderr
        assert pdf.read_bytes().startswith(b"%PDF")


def test_no_temporary_file_is_left_after_a_successful_write(tmp_path):
    src = built(tmp_path, correct_content(1))
    folder = tmp_path / "o"
    folder.mkdir()
    fix(check(src), folder / "a.docx")
    assert [p.name for p in folder.iterdir()] == ["a.docx"]
    umask = os.umask(0o022)
    os.umask(umask)
    assert (folder / "a.docx").stat().st_mode & 0o777 == 0o666 & ~umask
