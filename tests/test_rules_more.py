"""Rules that need a particular kind of report rather than a one-cell mutation: each fires on
the report built for it and stays silent on the correct one."""
from __future__ import annotations

from core.api import CheckOptions, check
from tests.builder import correct_content, write, write_txt


def rules_of(result, rule):
    return [f for f in result.findings if f.rule == rule]


def checked(tmp_path, content, name="r.docx", fmt="docx", layout="merged", **kw):
    path = tmp_path / name
    write(content, path, fmt, layout)
    return check(path, CheckOptions(**kw))


def test_government_report_must_state_assessment_results(tmp_path):
    gov = correct_content(seed=2, agency="示例市示例区人民政府", level="人民政府")
    assert not rules_of(checked(tmp_path, gov, "ok.docx"), "S1-ASSESSMENT")
    for key, paras in gov.sections.items():
        gov.sections[key] = [p for p in paras if not any(w in p for w in ("考核", "评议", "追究"))]
    result = checked(tmp_path, gov, "no.docx")
    assert [f.location.section for f in rules_of(result, "S1-ASSESSMENT")] == ["S1"]
    dept = correct_content(seed=2)
    for key, paras in dept.sections.items():
        dept.sections[key] = [p for p in paras if not any(w in p for w in ("考核", "评议", "追究"))]
    assert not rules_of(checked(tmp_path, dept, "dept.docx"), "S1-ASSESSMENT")


def test_valid_documents_roll_forward_from_last_year(tmp_path):
    prior = correct_content(seed=3, year=2022)
    current = correct_content(seed=3)
    made = int(current.values[("t2", "normative", "made")])
    repealed = int(current.values[("t2", "normative", "repealed")])
    prior_valid = int(prior.values[("t2", "normative", "valid")])
    current.values[("t2", "normative", "valid")] = str(prior_valid + made - repealed)
    write(prior, tmp_path / "2022.docx", "docx", "merged")
    ok = checked(tmp_path, current, "2023.docx", prior=str(tmp_path / "2022.docx"))
    assert not rules_of(ok, "X-VALID")
    current.values[("t2", "normative", "valid")] = str(prior_valid + made - repealed + 4)
    bad = checked(tmp_path, current, "2023b.docx", prior=str(tmp_path / "2022.docx"))
    [finding] = rules_of(bad, "X-VALID")
    assert (finding.location.row, finding.location.col) == ("normative", "valid")
    assert finding.expected == prior_valid + made - repealed


def test_unreadable_prior_is_a_warning_not_a_failure(tmp_path):
    bad = tmp_path / "2022.docx"
    bad.write_bytes(b"\x00\x01garbage")
    result = checked(tmp_path, correct_content(seed=3), prior=str(bad))
    assert result.status == "checked"
    assert [f.severity for f in rules_of(result, "PRIOR-UNREADABLE")] == ["warning"]


def test_old_2019_table_shape_in_a_2023_report_is_an_error(tmp_path):
    content = correct_content(seed=5)
    path = tmp_path / "old.txt"
    write_txt(content, path, "tsv")
    text = path.read_text(encoding="utf-8").replace("本年制发件数", "本年新制作数量")
    path.write_text(text, encoding="utf-8")
    result = check(path)
    assert result.info["format"] == "2019"
    assert [f.severity for f in rules_of(result, "M-FORMAT-2019")] == ["error"]


def test_signature_after_the_deadline_is_only_a_hint(tmp_path):
    content = correct_content(seed=5)
    content.signature_date = "2024年2月20日"      # a department: due by 1月31日
    [finding] = rules_of(checked(tmp_path, content), "M-DEADLINE")
    assert finding.severity == "info"
    content.signature_date = "2024年1月20日"
    assert not rules_of(checked(tmp_path, content, "ok.docx"), "M-DEADLINE")


def test_county_level_regulations_get_a_hint(tmp_path):
    content = correct_content(seed=5)
    content.values[("t2", "regulations", "made")] = "2"
    content.values[("t2", "regulations", "valid")] = "2"
    hits = rules_of(checked(tmp_path, content), "T2-REGULATIONS")
    assert [(f.location.row, f.location.col, f.severity) for f in hits] == \
        [("regulations", "made", "info")]


def test_report_pasted_twice_is_checked_once(tmp_path):
    content = correct_content(seed=6)
    path = tmp_path / "twice.txt"
    write_txt(content, path, "tsv")
    once = path.read_text(encoding="utf-8")
    path.write_text(once + "\n\n" + once, encoding="utf-8")
    result = check(path)
    assert len(rules_of(result, "DOC-DUPLICATE")) == 1
    assert result.count("error") == 0


def test_full_width_digits_and_units_are_read_and_flagged_as_hints(tmp_path):
    content = correct_content(seed=6)
    content.values[("t2", "licensing", "count")] = "１２"
    content.values[("t2", "punishment", "count")] = "3件"
    result = checked(tmp_path, content)
    hits = {(f.location.row, f.expected) for f in rules_of(result, "T-RAW-FORMAT")}
    assert hits == {("licensing", "12"), ("punishment", "3")}
    assert result.report.tables["t2"].cells[("licensing", "count")].value == 12


def test_unpaid_fee_notices_need_a_fee_statement(tmp_path):
    content = correct_content(seed=7)
    from tests.builder import recompute
    content.values[("t3", "r6_2", "natural")] = "1"          # one more application concluded
    content.values[("t3", "new", "natural")] = str(int(content.values[("t3", "new", "natural")]) + 1)
    content.values = recompute(content.values)
    content.values[("t3", "new", "total")] = str(sum(
        int(content.values[("t3", "new", c)]) for c in
        ("natural", "commercial", "research", "social", "legal", "other")))
    content.sections["S6"] = ["本年度无其他需要报告的事项，特此说明。"]
    result = checked(tmp_path, content)
    assert [f.location.row for f in rules_of(result, "S6-FEE-NOTICE")] == ["r6_2"]


INTRO_NAMING_THE_REPORT = ("根据《中华人民共和国政府信息公开条例》的要求，本机关编制了2023年度政务公开工作报告，"
                           "报告全文包括总体情况等六部分。本年度报告中所列数据的统计期限为2023年1月1日至"
                           "2023年12月31日。")


def test_a_title_written_year_first_over_two_lines_is_found_with_its_agency(tmp_path):
    """As a converted page prints it: "2024 年上海市科委政府信息公开工作" / "年度报告", and an
    introduction that itself names a "2024年度政务公开工作报告" (never the title)."""
    c = correct_content(seed=5, agency="上海市科委")
    c.title = "2023年上海市科委政府信息公开工作\n年度报告"
    c.intro = INTRO_NAMING_THE_REPORT
    result = checked(tmp_path, c, "r.txt", fmt="txt", layout="tsv")
    meta = result.report.meta
    assert (meta.agency, meta.year) == ("上海市科委", 2023)
    assert meta.title == "2023年上海市科委政府信息公开工作年度报告"
    [title] = rules_of(result, "M-TITLE")
    assert title.severity == "warning"
    assert title.expected == "上海市科委2023年政府信息公开工作年度报告"


def test_an_introduction_naming_the_report_is_never_taken_for_the_title(tmp_path):
    c = correct_content(seed=5)
    c.intro = INTRO_NAMING_THE_REPORT
    result = checked(tmp_path, c, "r.txt", fmt="txt", layout="tsv")
    assert result.report.meta.title == c.title
    assert result.report.meta.agency == c.agency
    assert not rules_of(result, "M-TITLE")


def test_a_title_beginning_with_guanyu_names_no_agency(tmp_path):
    c = correct_content(seed=5)
    c.title = "关于2023年度政府信息公开情况的报告"
    result = checked(tmp_path, c, "r.txt", fmt="txt", layout="tsv")
    assert result.report.meta.agency in ("", None)
    [title] = rules_of(result, "M-TITLE")
    assert title.expected is None and title.fix is None
    assert "应为“机关名称＋2023年政府信息公开工作年度报告”" in title.message


def test_without_a_title_the_year_is_the_statistics_periods_and_no_title_year_is_claimed(tmp_path):
    c = correct_content(seed=5)
    c.title = "正文"                       # what a crawler keeps of the page's heading
    result = checked(tmp_path, c, "r.txt", fmt="txt", layout="tsv")
    meta = result.report.meta
    assert (meta.year, meta.year_from) == (c.year, "period")
    assert rules_of(result, "M-TITLE")[0].message.startswith("没有找到报告标题")
    assert not rules_of(result, "M-YEAR")  # "标题年份为……" needs a year in a title


def test_the_topics_missing_from_the_overview_are_one_finding(tmp_path):
    c = correct_content(seed=5)
    c.sections["S1"] = ["本机关认真做好依申请公开工作，加强政府信息管理和政务公开平台建设。"]
    [topics] = rules_of(checked(tmp_path, c), "S1-TOPICS")
    assert topics.severity == "warning" and topics.expected == ["主动公开", "监督保障"]
    assert "“主动公开”“监督保障”方面的内容" in topics.message
    assert not rules_of(checked(tmp_path, correct_content(seed=5), "ok.docx"), "S1-TOPICS")


def test_header_labels_lost_in_copied_text_are_a_hint_and_in_a_docx_a_warning(tmp_path):
    """Text copied from a page or converted from a PDF keeps only the first line of a wrapped
    header cell (the real 06 report reads “商业企”): the original is most likely right."""
    c = correct_content(seed=5)
    c.relabel = {"商业企业": "", "科研机构": ""}
    for name, fmt, layout, severity, why in (("r.docx", "docx", "merged", "warning", "表头缺字或残缺"),
                                            ("r.txt", "txt", "tsv", "info", "请对照原件核对")):
        [label] = rules_of(checked(tmp_path, c, name, fmt=fmt, layout=layout), "T-LABEL")
        assert label.severity == severity and why in label.message
        assert label.expected == ["商业企业", "科研机构"]


def test_what_the_reader_noticed_reaches_the_person_once_as_a_hint(tmp_path):
    """A formula the reader cannot compute is read as blank and noted: the note is a 提示."""
    import openpyxl

    path = tmp_path / "r.xlsx"
    write(correct_content(seed=5), path, "xlsx", "onesheet")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    note_cell = ws.cell(row=ws.max_row + 2, column=1)
    note_cell.value = '=INDIRECT("A1")'
    wb.save(path)
    result = check(path)
    notes = [f for f in result.findings if f.rule == "DOC-READ-NOTE"]
    assert result.status == "checked"
    assert [(f.severity, f.message) for f in notes] == \
        [("info", m) for m in result.report.document.notes]
    assert len(notes) == 1 and note_cell.coordinate in notes[0].message


def test_rows_missing_from_one_table_are_one_finding(tmp_path):
    path = tmp_path / "r.txt"
    write(correct_content(seed=5), path, "txt", "tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    gone = ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "行政处罚\t")
    path.write_text("\n".join(line for line in lines if not any(g in line for g in gone)),
                    encoding="utf-8")
    result = check(path)
    missing = {f.location.table: f for f in rules_of(result, "T-ROW-MISSING")}
    assert set(missing) == {"t2", "t3"}
    assert missing["t3"].location.row is None and missing["t3"].expected == [
        "1.属于国家秘密", "2.其他法律行政法规禁止公开"]
    assert missing["t3"].message.startswith("表三缺少2行：")
    assert (missing["t2"].location.row, missing["t2"].expected) == ("punishment", "行政处罚")


def test_the_fee_statement_is_required_from_the_2021_reports_on(tmp_path):
    """国办函〔2020〕109号 (信息处理费) applies from 1 January 2021: a 2020 report need not say."""
    for year, expected in ((2020, 0), (2021, 1)):
        c = correct_content(seed=5, year=year)
        c.sections["S6"] = ["本机关无其他需要报告的事项。"]
        assert len(rules_of(checked(tmp_path, c, f"{year}.docx"), "S6-FEE")) == expected, year


def test_a_label_that_differs_only_in_punctuation_and_spacing_is_the_label(tmp_path):
    official = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    c = correct_content(seed=5)
    c.relabel = {official: "1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请"}
    assert not rules_of(checked(tmp_path, c, "p.docx"), "T-LABEL")
    c.relabel = {official: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请书"}
    [typo] = rules_of(checked(tmp_path, c, "w.docx"), "T-LABEL")       # a word is a slip
    assert typo.severity == "info" and typo.expected == official
