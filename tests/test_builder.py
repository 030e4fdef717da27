"""Round-trip sanity of tests/builder.py, without the checker: open each generated file with
python-docx / openpyxl / plain decoding and find the official labels and values where they belong."""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.builder import (APPLICANTS, EXTRA_LAYOUTS, LAYOUTS, RESULT_ROWS, STD, T3_COLS,
                           T4_COLS, T4_GROUPS, ReportContent, all_cell_keys, as_int,
                           broken_relations, correct_content, file_name, recompute,
                           relations_of, render_txt, sync_prose, undecidable_relations, write,
                           write_all)

HEADINGS = [s.heading for s in STD.sections]
T3_ROW_LABEL = {r.key: r.label for r in STD.t3_rows}
T3_COL_LABEL = {c.key: c.label for c in STD.t3_cols}


@pytest.fixture(scope="module")
def content() -> ReportContent:
    c = correct_content(seed=0)
    # make sure some distinctive numbers are present, then restore every relation
    c.values[("t3", "r4_1", "natural")] = "17"
    c.values[("t3", "new", "natural")] = str(as_int(c.values[("t3", "new", "natural")]) + 20)
    c.values[("t4", "review", "upheld")] = "2"
    c.values[("t4", "review", "corrected")] = "1"
    c.values = recompute(c.values, balance=True)
    sync_prose(c)
    return c


@pytest.fixture(scope="module")
def files(content, tmp_path_factory):
    return write_all(content, tmp_path_factory.mktemp("layouts"), LAYOUTS + EXTRA_LAYOUTS)


def v(content, table, row, col) -> str:
    return content.values[(table, row, col)]


# ------------------------------------------------------------------------------ content & numbers

@pytest.mark.parametrize("seed", range(40))
def test_correct_content_satisfies_every_relation(seed):
    c = correct_content(seed=seed)
    assert set(c.values) == set(all_cell_keys())
    assert len([k for k in c.values if k[0] == "t2"]) == 10
    assert len([k for k in c.values if k[0] == "t3"]) == 25 * 7
    assert len([k for k in c.values if k[0] == "t4"]) == 15
    assert broken_relations(c.values) == set()
    assert undecidable_relations(c.values) == set()
    assert all(as_int(x) is not None or re.fullmatch(r"\d+\.\d\d", x) for x in c.values.values())


def test_correct_content_is_deterministic_and_varied():
    assert correct_content(seed=5) == correct_content(seed=5)
    assert correct_content(seed=5).values != correct_content(seed=6).values
    t3 = [as_int(correct_content(seed=s).values[("t3", r, c)])
          for s in range(20) for r in RESULT_ROWS for c in APPLICANTS]
    assert t3.count(0) > len(t3) // 2 and max(t3) > 3
    reviews = {as_int(correct_content(seed=s).values[("t4", "review", "total")]) for s in range(20)}
    assert 0 in reviews and len(reviews) > 1


def test_correct_content_prose_matches_tables():
    for seed in range(20):
        c = correct_content(seed=seed)
        s1 = "".join(c.sections["S1"])
        total = {row: v(c, "t3", row, "total") for row in ("new", "carried_in", "total", "carried_out")}
        assert (f"全年新收政府信息公开申请{total['new']}件，上年结转{total['carried_in']}件，"
                f"办结{total['total']}件，结转下年度{total['carried_out']}件。") in s1
        if all(v(c, "t4", g, "total") == "0" for g in T4_GROUPS):
            assert "本年度未发生政府信息公开行政复议、行政诉讼案件。" in s1
        else:
            assert f"行政复议{v(c, 't4', 'review', 'total')}件" in s1 or \
                   v(c, "t4", "review", "total") == "0"
        assert "本年度未收取信息处理费。" in c.sections["S6"]
        for topic in ("（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况",
                      "（四）政府信息公开平台建设情况", "（五）监督保障情况"):
            assert topic in c.sections["S1"]


def test_zero_content():
    c = correct_content(zero=True)
    assert set(c.values.values()) == {"0"}
    assert "未收到政府信息公开申请" in "".join(c.sections["S1"])
    assert broken_relations(c.values) == set()


def test_defaults_title_intro_signature():
    c = correct_content()
    assert c.title == "示例市示例区人民政府办公室2023年政府信息公开工作年度报告"
    assert "报告数据统计期限为2023年1月1日至2023年12月31日。" in c.intro
    assert (c.signature_agency, c.signature_date) == (c.agency, "2024年1月20日")
    gov = correct_content(agency="示例市示例区人民政府", level="人民政府")
    assert "工作考核、社会评议和责任追究结果情况" in "".join(gov.sections["S1"])
    assert "我区" in "".join(gov.sections["S1"])


def test_mutation_breaks_exactly_the_relations_of_the_cell():
    c = correct_content(seed=3)
    key = ("t3", "r4_1", "natural")
    values = dict(c.values)
    values[key] = str(as_int(values[key]) + 5)
    assert broken_relations(values) == {"t3.row.r4_1", "t3.col.natural"}
    assert relations_of(*key) == {"t3.row.r4_1", "t3.col.natural"}
    fixed = recompute(values)
    assert broken_relations(fixed) == {"t3.balance.natural", "t3.balance.total"}
    with pytest.raises(ValueError):                      # carried_out would go negative
        recompute(values, balance=True)
    values[("t3", "new", "natural")] = str(as_int(values[("t3", "new", "natural")]) + 5)
    assert broken_relations(recompute(values, balance=True)) == set()
    values[("t4", "review", "upheld")] = "9"
    assert "t4.group.review" in broken_relations(values)


def test_blank_cell_makes_relations_undecidable_not_broken():
    c = correct_content(seed=1)
    c.values[("t3", "carried_in", "legal")] = ""
    assert undecidable_relations(c.values) == relations_of("t3", "carried_in", "legal")
    assert broken_relations(c.values) == set()


def test_sync_prose_follows_values():
    c = correct_content(seed=2)
    c.values[("t3", "new", "natural")] = str(as_int(v(c, "t3", "new", "natural")) + 7)
    c.values = recompute(c.values, balance=True)
    sync_prose(c)
    assert f"新收政府信息公开申请{v(c, 't3', 'new', 'total')}件" in "".join(c.sections["S1"])


# ------------------------------------------------------------------------------ DOCX

def body_texts(doc) -> list[str]:
    """Paragraph texts and table cell texts in reading order."""
    out = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            out += ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in child.iter(qn("w:tc"))]
    return out


def assert_in_order(texts: list[str], wanted: list[str]) -> None:
    pos = -1
    for w in wanted:
        idx = [i for i, t in enumerate(texts) if t == w and i > pos]
        assert idx, f"{w!r} missing or out of order"
        pos = idx[0]


def row_values(table, label: str) -> list[str]:
    """The distinct cell texts right of the label cell in the row holding `label`."""
    for row in table.rows:
        cells = row.cells
        texts = [c.text for c in cells]
        if label in texts:
            i = len(texts) - 1 - texts[::-1].index(label)
            out, seen = [], set()
            for cell in cells[i + 1:]:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    out.append(cell.text)
            return out
    raise AssertionError(f"no row labelled {label!r}")


def test_docx_merged_structure(files, content):
    doc = Document(str(files[("docx", "merged")]))
    assert len(doc.tables) == 3
    assert doc.paragraphs[0].text == content.title
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == HEADINGS
    assert_in_order(body_texts(doc), [content.title, HEADINGS[0], "（一）主动公开情况", HEADINGS[1],
                                      "第二十条第（一）项", HEADINGS[2], STD.t3_note, HEADINGS[3],
                                      "行政复议", HEADINGS[4], HEADINGS[5], content.signature_agency,
                                      content.signature_date])
    t2, t3, t4 = doc.tables
    # 表三 header: the note over 3x3, 申请人情况 over 7, 法人或其他组织 over 5
    assert t3.cell(0, 0).text == STD.t3_note
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc
    assert t3.cell(0, 3).text == "申请人情况" and t3.cell(0, 3)._tc is t3.cell(0, 9)._tc
    assert t3.cell(1, 4).text == "法人或其他组织"
    assert t3.cell(1, 4)._tc is t3.cell(1, 8)._tc and t3.cell(1, 4)._tc is not t3.cell(1, 9)._tc
    assert [t3.cell(2, 4 + i).text for i in range(5)] == [T3_COL_LABEL[k] for k in APPLICANTS[1:]]
    # 三、本年度办理结果: one cell vertically merged over 22 rows (rows 5..26)
    top = t3.cell(5, 0)._tc
    assert t3.cell(5, 0).text == "三、本年度办理结果"
    assert all(t3.cell(r, 0)._tc is top for r in range(5, 27))
    assert t3.cell(4, 0)._tc is not top and t3.cell(27, 0)._tc is not top
    assert top.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    # （三）不予公开 over its 8 sub-rows, （四）..（六） over theirs
    for label, first, n in (("（三）不予公开", 7, 8), ("（四）无法提供", 15, 3),
                            ("（五）不予处理", 18, 5), ("（六）其他处理", 23, 3)):
        assert t3.cell(first, 1).text == label
        assert all(t3.cell(first + i, 1)._tc is t3.cell(first, 1)._tc for i in range(n))
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    # values
    for row in ("new", "r4_1", "total", "carried_out"):
        assert row_values(t3, T3_ROW_LABEL[row]) == [v(content, "t3", row, c) for c in T3_COLS]
    assert row_values(t2, "行政规范性文件") == [v(content, "t2", "normative", c)
                                          for c in ("made", "repealed", "valid")]
    assert row_values(t2, "行政许可") == [v(content, "t2", "licensing", "count")]
    assert t2.cell(0, 0)._tc is t2.cell(0, 3)._tc and t2.cell(0, 0).text == STD.t2_captions[0]
    # 表四: merged headers, one data row of 15
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(0, 0)._tc is t4.cell(0, 4)._tc
    assert t4.cell(0, 5).text == "行政诉讼" and t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert t4.cell(1, 5).text == "未经复议直接起诉" and t4.cell(1, 10).text == "复议后起诉"
    assert t4.cell(1, 0)._tc is t4.cell(2, 0)._tc
    assert [c.text for c in t4.rows[3].cells] == [v(content, "t4", g, c)
                                                 for g in T4_GROUPS for c in T4_COLS]
    assert [c.text for c in t4.rows[3].cells][:5] == ["2", "1", "0", "0", "3"]


def test_docx_flat_has_no_merges(files, content):
    doc = Document(str(files[("docx", "flat")]))
    xml = doc.element.xml
    assert "w:vMerge" not in xml and "w:gridSpan" not in xml
    t2, t3, t4 = doc.tables
    assert [c.text for c in t3.rows[0].cells] == [""] + [c.label for c in STD.t3_cols]
    assert [r.cells[0].text for r in t3.rows[1:]] == [r.label for r in STD.t3_rows]
    assert [c.text for c in t3.rows[13].cells] == (
        ["1.本机关不掌握相关政府信息"] + [v(content, "t3", "r4_1", c) for c in T3_COLS])
    assert [r.cells[0].text for r in t4.rows[1:]] == [g.label for g in STD.t4_groups]
    assert [c.text for c in t4.rows[1].cells[1:]] == [v(content, "t4", "review", c) for c in T4_COLS]
    heads = [p for p in doc.paragraphs if p.text in HEADINGS]
    assert len(heads) == 6 and all(p.runs[0].bold for p in heads)
    assert all(p.style.name == "Normal" for p in heads)


@pytest.mark.parametrize("layout, second_first", [("split", "1.本机关不掌握相关政府信息"),
                                                  ("split_repeat", STD.t3_note)])
def test_docx_split_has_two_tables_for_t3(files, content, layout, second_first):
    doc = Document(str(files[("docx", layout)]))
    assert len(doc.tables) == 4
    part1, part2 = doc.tables[1], doc.tables[2]
    assert part1.cell(0, 0).text == STD.t3_note
    assert part1.rows[-1].cells[2].text == "8.属于行政查询事项"
    assert second_first in [c.text for c in part2.rows[0].cells]
    assert part2.rows[-1].cells[0].text == "四、结转下年度继续办理"
    body = list(doc.element.body.iterchildren())
    i = body.index(part1._tbl)
    assert body[i + 1].tag == qn("w:p") and body[i + 2] is part2._tbl
    assert "".join(t.text for t in body[i + 1].iter(qn("w:t"))) == ""
    assert row_values(part2, "1.本机关不掌握相关政府信息") == [v(content, "t3", "r4_1", c)
                                                          for c in T3_COLS]
    heads = [p for p in doc.paragraphs if p.text in HEADINGS]
    assert len(heads) == 6 and all(p.style.name == "Normal" and not p.runs[0].bold for p in heads)
    assert doc.paragraphs[0].text == content.agency
    assert doc.paragraphs[1].text == "2023年政府信息公开工作年度报告"


# ------------------------------------------------------------------------------ TXT

def test_txt_tsv(files, content):
    text = files[("txt", "tsv")].read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == content.title
    assert_in_order(lines, HEADINGS)
    assert "规章\t" + "\t".join(v(content, "t2", "regulations", c)
                              for c in ("made", "repealed", "valid")) in lines
    assert "\t（四）无法提供\t1.本机关不掌握相关政府信息\t" + "\t".join(
        v(content, "t3", "r4_1", c) for c in T3_COLS) in lines
    assert "三、本年度办理结果\t（一）予以公开\t" + "\t".join(
        v(content, "t3", "r1", c) for c in T3_COLS) in lines
    assert "\t".join(v(content, "t4", g, c) for g in T4_GROUPS for c in T4_COLS) in lines
    assert STD.t3_note + "\t申请人情况" in lines


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_txt_encodings(content, tmp_path, encoding):
    path = write(content, tmp_path / "r.txt", "txt", "tsv", encoding=encoding)
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode(encoding) == render_txt(content, "tsv")
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def test_txt_oneperline(files, content):
    text = files[("txt", "oneperline")].read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    row = "\n".join("\t" + x for x in ["", "（四）无法提供", "1.本机关不掌握相关政府信息"]
                    + [v(content, "t3", "r4_1", c) for c in T3_COLS])
    assert row in blocks
    assert "\t规章\n" + "\n".join("\t" + v(content, "t2", "regulations", c)
                                  for c in ("made", "repealed", "valid")) in blocks
    assert_in_order(text.split("\n"), HEADINGS)


def test_txt_markdown(files, content):
    text = files[("txt", "markdown")].read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "# " + content.title
    assert_in_order(lines, ["## " + h for h in HEADINGS])
    assert "### （一）主动公开情况" in lines
    assert ("|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | "
            + " | ".join(v(content, "t3", "r4_1", c) for c in T3_COLS) + " |") in lines
    assert any(re.fullmatch(r"\|(---\|)+", x) for x in lines)


def test_txt_glued(files, content):
    lines = files[("txt", "glued")].read_text(encoding="utf-8").split("\n")
    assert "（四）无法提供1.本机关不掌握相关政府信息" + "".join(
        v(content, "t3", "r4_1", c) for c in T3_COLS) in lines
    assert "2.重复申请" + "".join(v(content, "t3", "r5_2", c) for c in T3_COLS) in lines
    assert "".join(v(content, "t4", g, c) for g in T4_GROUPS for c in T4_COLS) in lines
    assert_in_order(lines, HEADINGS)


# ------------------------------------------------------------------------------ XLSX

def test_xlsx_sheets(files, content):
    wb = load_workbook(files[("xlsx", "sheets")])
    assert wb.sheetnames == ["正文", "表二", "表三", "表四"]
    prose = [r[0] for r in wb["正文"].iter_rows(values_only=True)]
    assert prose[0] == content.title and prose[1] == content.intro
    assert_in_order(prose, HEADINGS + [content.signature_date])
    ws = wb["表三"]
    assert ws["A1"].value == STD.t3_note and ws["D1"].value == "申请人情况"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:C3", "D1:J1", "E2:I2", "A6:A27", "B8:B15"} <= merged
    assert ws["A6"].value == "三、本年度办理结果"
    r4_1 = [c.value for c in ws[16]]
    assert r4_1 == [None, "（四）无法提供", "1.本机关不掌握相关政府信息"] + [int(v(content, "t3", "r4_1", c))
                                                           for c in T3_COLS]
    t4 = wb["表四"]
    assert [c.value for c in t4[4]] == [int(v(content, "t4", g, c)) for g in T4_GROUPS for c in T4_COLS]
    assert {"A1:E1", "F1:O1", "F2:J2", "K2:O2", "A2:A3"} <= {str(r) for r in t4.merged_cells.ranges}


def test_xlsx_onesheet(files, content):
    wb = load_workbook(files[("xlsx", "onesheet")])
    assert len(wb.sheetnames) == 1
    col_a = [r[0] for r in wb.active.iter_rows(values_only=True)]
    assert_in_order(col_a, [content.title, HEADINGS[0], HEADINGS[1], "第二十条第（一）项", HEADINGS[2],
                            STD.t3_note, "四、结转下年度继续办理", HEADINGS[3], "行政复议", HEADINGS[4],
                            HEADINGS[5], content.signature_date])


# ------------------------------------------------------------------------------ HTML

class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.paragraphs, self.meta, self._in, self._attrs = [], [], {}, None, {}

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.meta.update(dict(attrs))
        if tag in ("td", "p"):
            self._in, self._attrs, self._text = tag, dict(attrs), ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.cells if tag == "td" else self.paragraphs).append((self._text, self._attrs))
            self._in = None


def test_html_rowspan(files, content):
    raw = files[("html", "rowspan")].read_bytes()
    page = _Cells()
    page.feed(raw.decode("utf-8"))
    assert page.meta.get("charset") == "utf-8"
    cells = {text: attrs for text, attrs in page.cells}
    assert cells["三、本年度办理结果"].get("rowspan") == "22"
    assert cells["（三）不予公开"].get("rowspan") == "8"
    assert cells["申请人情况"].get("colspan") == "7"
    assert cells["法人或其他组织"].get("colspan") == "5"
    assert cells["行政诉讼"].get("colspan") == "10"
    paragraphs = [t for t, _ in page.paragraphs]
    assert paragraphs[0] == content.title
    assert_in_order(paragraphs, HEADINGS)
    assert raw.count(b"<table") == 4                     # layout table + three tables
    texts = [t for t, _ in page.cells]
    i = texts.index("1.本机关不掌握相关政府信息")
    assert texts[i + 1:i + 8] == [v(content, "t3", "r4_1", c) for c in T3_COLS]


# ------------------------------------------------------------------------------ all layouts

def test_section_options_reach_every_layout(tmp_path):
    c = correct_content(seed=4)
    del c.sections["S5"]
    c.headings["S6"] = "六、其他需要说明的事项"
    c.relabel["社会公益组织"] = "社会组织"
    c.values[("t2", "regulations", "made")] = "/"
    c.values[("t3", "carried_in", "legal")] = ""
    for fmt, layout in LAYOUTS + EXTRA_LAYOUTS:
        path = write(c, tmp_path / file_name(fmt, layout), fmt, layout)
        text = all_text(path, fmt)
        assert HEADINGS[4] not in text and "六、其他需要说明的事项" in text, (fmt, layout)
        assert "社会组织" in text and "社会公益组织" not in text, (fmt, layout)
        assert "/" in text


def all_text(path, fmt) -> str:
    if fmt == "docx":
        return "\n".join(body_texts(Document(str(path))))
    if fmt == "xlsx":
        wb = load_workbook(path)
        return "\n".join(str(x) for ws in wb for row in ws.iter_rows(values_only=True)
                         for x in row if x is not None)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt, layout", LAYOUTS + EXTRA_LAYOUTS)
def test_every_layout_has_every_heading_and_label(files, fmt, layout):
    text = all_text(files[(fmt, layout)], fmt)
    for label in HEADINGS + [r.label for r in STD.t3_rows] + [r.label for r in STD.t2_rows] + \
            [g.label for g in STD.t4_groups] + list(STD.t2_captions):
        assert label in text, (fmt, layout, label)


@pytest.mark.parametrize("fmt, layout", LAYOUTS + EXTRA_LAYOUTS)
def test_builder_is_deterministic(content, tmp_path, fmt, layout):
    a = write(content, tmp_path / ("a_" + file_name(fmt, layout)), fmt, layout)
    b = write(content.copy(), tmp_path / ("b_" + file_name(fmt, layout)), fmt, layout)
    assert a.read_bytes() == b.read_bytes()


# ------------------------------------------------------------------------------ the sample report

def test_sample_errors_match_the_sample_content():
    from tools.make_sample import SAMPLE_ERRORS, build_sample_content

    base, sample = build_sample_content(inject=False), build_sample_content()
    assert broken_relations(base.values) == set() and undecidable_relations(base.values) == set()
    assert broken_relations(sample.values) == {"t3.row.r4_1", "t3.col.natural", "t4.group.review"}
    for err in SAMPLE_ERRORS:
        if err["table"] and err["row"] and err["col"] and err["section"] != "S1":
            key = (err["table"], err["row"], err["col"])
            assert sample.values[key] == err["found"] and base.values[key] == err["expected"], err
    assert "S5" not in sample.sections and sample.heading("S6") == "六、其他需要说明的事项"
    assert "2023年1月1日至2023年11月30日" in sample.intro
    assert "新收政府信息公开申请59件" in "".join(sample.sections["S1"])
    assert base.values[("t3", "new", "total")] == "61"
    s1 = "".join(p for p in sample.sections["S1"])
    assert 600 <= len(s1) <= 1200 and "工作考核、社会评议和责任追究结果情况" in s1
    assert sample.title == "示例市示例区人民政府2023年政府信息公开工作年度报告"


def test_committed_sample_docx_is_up_to_date(tmp_path):
    from tools.make_sample import OUTPUT, main

    assert OUTPUT.exists(), "run: python tools/make_sample.py"
    fresh = main(tmp_path / "示例报告.docx")
    assert fresh.read_bytes() == OUTPUT.read_bytes(), "re-run: python tools/make_sample.py"
    doc = Document(str(OUTPUT))
    assert "社会组织" in [c.text for c in doc.tables[1].rows[2].cells]
