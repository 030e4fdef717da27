"""Reports nobody has seen, in the forms real reports are found in (tests/degrade.py): crawler
text on one line with glued digits, tables one cell a line (three shapes, and cut off), markdown
with detached row labels, 表四 as three group tables, a PDF drawn directly (ruled cells, 表三 over
two pages), a saved web page; with the 2019 single row （六）其他处理, label typos and drifted
labels.

For each: the cells read equal the model's, the injected errors are found at their cells, and
nothing else is reported as an error (no row, table or section "missing"). The findings are also
compared with those of the same content as a clean markdown file, which the builder tests prove
right.
"""
from __future__ import annotations

import io
import os
import random
import re

import pytest

from core.api import check
from tests import degrade as d
from tests.builder import correct_content, recompute, sync_prose

SEEDS = (3, 7)
PDF = "pdf_wps"          # drawn and read through pdfplumber: slower, one seed a case
RUNON = "runon"
MISSING = {"T-ROW-MISSING", "TABLE-MISSING", "SEC-MISSING"}


def _seeds(cls):
    return SEEDS[:1] if cls == PDF else SEEDS


# ---------------------------------------------------------------------------------------------
# Cases: content changes and the error findings they must give, (rule, table, row, col)
# ---------------------------------------------------------------------------------------------

def _interior(content):
    """A nonzero interior cell of 表三 (an applicant column of a result row)."""
    v = content.values
    return next(("t3", r, c) for r in ("r1", "r4_1", "r5_1", "r2") for c in ("natural", "commercial")
                if v.get(("t3", r, c), "0") not in ("0", ""))


def case_correct(c):
    return set()


def case_one_cell(c):
    key = _interior(c)
    c.values[key] = str(int(c.values[key]) + 3)
    return {("T3-ROW-SUM", *key)}


def case_two_cells(c):
    key = _interior(c)
    c.values[key] = str(int(c.values[key]) + 3)
    c.values[("t4", "review", "total")] = str(int(c.values[("t4", "review", "total")]) + 1)
    return {("T3-ROW-SUM", *key), ("T4-GROUP-SUM", "t4", "review", "total")}


def case_total_pair(c):
    """Issue 15: （七）总计 printed 6 short in two columns (自然人 and 总计: its own row still adds
    up), so only the column relations show it."""
    for col in ("natural", "total"):
        key = ("t3", "total", col)
        c.values[key] = str(int(c.values[key]) - 6)
    return {("T3-COL-SUM", "t3", "total", "natural"), ("T3-COL-SUM", "t3", "total", "total")}


def case_blank_total(c):
    c.values[("t3", "r1", "total")] = ""
    return set()


def case_blank_row(c):
    row = "r6_2" if not d.is_single_r6(c) else "r3_1"
    assert all(c.values[("t3", row, col)] == "0" for col in d.b.T3_COLS)
    for col in d.b.T3_COLS:
        c.values[("t3", row, col)] = ""
    return set()


CASES = {"correct": case_correct, "one_cell": case_one_cell, "two_cells": case_two_cells,
         "total_pair": case_total_pair, "blank_total": case_blank_total,
         "blank_row": case_blank_row}
# What crawler text on one line cannot show: a blank cell leaves no trace among glued digits.
RUNON_CANNOT = {"blank_total", "blank_row"}


# ---------------------------------------------------------------------------------------------
# Known gaps: (class, case) -> reason. Each is an xfail(strict=True): fixing it turns it red.
# ---------------------------------------------------------------------------------------------

GAPS: dict[tuple, str] = {}     # every gap found so far is fixed (the lead, after this file)


def _param(cls, case, seed=None):
    reason = GAPS.get((cls, case, seed)) or GAPS.get((cls, case))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    values = (cls, case) if seed is None else (cls, case, seed)
    return pytest.param(*values, marks=marks, id="-".join(map(str, values)))


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _content(seed, single=False):
    c = correct_content(seed=seed)
    return d.single_r6(c) if single else c


def _run(content, cls, seed, folder, cut=None, stem="report"):
    if cls == PDF:
        from tests.pdf_draw import font_path
        if font_path() is None:
            if os.environ.get("NIANBAO_CI"):
                pytest.fail("no CJK font for the drawn PDF: install fonts-noto-cjk")
            pytest.skip("no CJK font for the drawn PDF: install fonts-noto-cjk")
    path = d.write(content, folder, cls, seed, cut=cut, stem=stem)
    result = check(path)
    assert result.status == "checked", (cls, result.refusal and result.refusal.message)
    return result


def _cells(result):
    return {(t, r, c): cell.value for t, data in result.report.tables.items()
            for (r, c), cell in data.cells.items()}


def _key(f):
    return (f.rule, f.location.table, f.location.row, f.location.col)


def _errors(result):
    return {_key(f) for f in result.findings if f.severity == "error"}


def _unreadable_rows(result):
    return {(f.location.table, f.location.row) for f in result.findings
            if f.rule == "T-GLUED-UNREADABLE"}


def _compositions(digits: str, parts: int) -> int:
    """How many ways glued digits split into ``parts`` numbers without leading zeros."""
    if parts == 1:
        return int(digits == "0" or (digits != "" and not digits.startswith("0")))
    if not digits:
        return 0
    if digits[0] == "0":
        return _compositions(digits[1:], parts - 1)
    return sum(_compositions(digits[k:], parts - 1) for k in range(1, len(digits)))


def _t2_ambiguous(content) -> set[tuple[str, str]]:
    """表二 rows whose glued digits have several splits (表二 has no relation to decide)."""
    out = set()
    for _, _, rows in d.t2_rows(content):
        if len(rows[0].values) > 1:
            for row in rows:
                if _compositions("".join(row.values), len(row.values)) > 1:
                    out.add(("t2", row.key))
    return out


def assert_cells(result, content, cls, unread=frozenset()):
    want = {k: (None if k[0] == "t3" and k[1] in unread else v)
            for k, v in d.expected_cells(content).items()}
    got = _cells(result)
    allowed = _t2_ambiguous(content) if cls == RUNON else set()
    unreadable = _unreadable_rows(result)
    wrong = []
    for key, value in want.items():
        if key[:2] in allowed and got.get(key, "absent") is None:
            assert key[:2] in unreadable, f"{key} left unread without saying so"
            continue
        if got.get(key, "absent") != value:
            wrong.append((key, value, got.get(key, "absent")))
    assert not wrong, wrong[:8]


def assert_findings(result, ref_errors, expected):
    """No row, table or section missing; the injected errors, found where the clean rendering
    finds them, and no other error."""
    errors = _errors(result)
    missing = [_key(f) for f in result.findings if f.rule in MISSING]
    assert not missing, missing
    assert expected <= ref_errors, ("the clean rendering does not give the injected errors",
                                    sorted(ref_errors))
    assert errors == ref_errors, (sorted(errors - ref_errors), sorted(ref_errors - errors))


# ---------------------------------------------------------------------------------------------
# Every class, every case
# ---------------------------------------------------------------------------------------------

_reference_cache: dict = {}


def reference(content, name, tmp_path_factory):
    """The same content as a clean markdown file (flat tables with full labels)."""
    if name not in _reference_cache:
        folder = tmp_path_factory.mktemp("ref")
        _reference_cache[name] = _run(content, "md_clean", 0, folder)
    return _reference_cache[name]


def _matrix():
    for cls in d.CLASSES:
        for case in CASES:
            if cls == RUNON and case in RUNON_CANNOT:
                continue
            for seed in _seeds(cls):
                yield _param(cls, case, seed)


def _glued_view(keys, content):
    """How crawler text shows a wrong interior cell: no split of its row's glued digits keeps
    the row's own total, so the row is not read (never guessed) and one error stands at the
    row, with the values the other relations give. (Seven one-digit numbers have one split:
    that row is read as written.)"""
    out, rows = set(), set()
    for k in keys:
        if k[0] == "T3-ROW-SUM" and any(len(content.values[("t3", k[2], c)]) > 1
                                        for c in d.b.T3_COLS):
            out.add(("T-GLUED-UNREADABLE", "t3", k[2], None))
            rows.add(k[2])
        else:
            out.add(k)
    return out, rows


def _check_case(content, expected, ref, cls, result):
    unread: set = set()
    ref_errors = _errors(ref)
    if cls == RUNON:
        expected, unread = _glued_view(expected, content)
        ref_errors, _ = _glued_view(ref_errors, content)
    assert_cells(result, content, cls, unread)
    assert_findings(result, ref_errors, expected)
    for row in unread:
        f = next(f for f in result.findings if _key(f) == ("T-GLUED-UNREADABLE", "t3", row, None))
        printed = [int(content.values[("t3", row, c)]) for c in d.b.T3_COLS]
        assert f.fix is not None and sum(a != b for a, b in zip(f.fix.value, printed)) == 1


@pytest.mark.parametrize("cls,case,seed", list(_matrix()))
def test_degraded_report_reads_like_the_clean_one(cls, case, seed, tmp_path, tmp_path_factory):
    content = _content(seed)
    expected = CASES[case](content)
    ref = reference(content, (seed, case, False), tmp_path_factory)
    result = _run(content, cls, seed, tmp_path)
    _check_case(content, expected, ref, cls, result)


def _single_matrix():
    for cls in d.CLASSES:
        for case in ("correct", "total_pair", "one_cell"):
            for seed in _seeds(cls):
                yield _param(cls, "single_r6+" + case, seed)


@pytest.mark.parametrize("cls,case,seed", list(_single_matrix()))
def test_single_r6_row_stands_for_its_three_and_never_masks_arithmetic(cls, case, seed, tmp_path,
                                                                        tmp_path_factory):
    """Issue 15: a 2023 report with the 2019 single row （六）其他处理: one warning, the row's
    values stand for the three in the relations, so a wrong （七）总计 is still an error."""
    content = _content(seed, single=True)
    expected = CASES[case.split("+")[1]](content)
    ref = reference(content, (seed, case, True), tmp_path_factory)
    result = _run(content, cls, seed, tmp_path)
    assert result.report.single_r6
    _check_case(content, expected, ref, cls, result)
    assert [f.severity for f in result.findings if f.rule == "T3-R6-SINGLE"] == ["warning"]


ISSUE_15_SEED = 2913      # （七）总计: 自然人 26, 总计 27


ISSUE_15_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("cls", [pytest.param(c, marks=pytest.mark.xfail(
    strict=True, reason=ISSUE_15_GAPS[c])) if c in ISSUE_15_GAPS else c for c in d.CLASSES])
def test_issue_15_single_r6_with_a_wrong_total_row_is_still_checked(cls, tmp_path):
    """The report of issue 15: 2023, the single row （六）其他处理, （七）总计 printed 20 and 21
    where the rows add to 26 and 27. Both wrong cells are errors, at their cells, with the
    right values; the single row is one warning; nothing else is an error."""
    content = _content(ISSUE_15_SEED, single=True)
    assert [content.values[("t3", "total", c)] for c in ("natural", "total")] == ["26", "27"]
    content.values[("t3", "total", "natural")] = "20"
    content.values[("t3", "total", "total")] = "21"
    result = _run(content, cls, ISSUE_15_SEED, tmp_path)
    assert_cells(result, content, cls)
    sums = {f.location.col: f for f in result.findings if f.rule == "T3-COL-SUM"}
    assert set(sums) == {"natural", "total"}
    assert all(f.severity == "error" and f.location.row == "total" for f in sums.values())
    assert (sums["natural"].fix.value, sums["total"].fix.value) == (26, 27)
    others = {e for e in _errors(result) if e[0] not in ("T3-COL-SUM", "T3-BALANCE")}
    assert not others, sorted(others)
    assert [f.severity for f in result.findings if f.rule == "T3-R6-SINGLE"] == ["warning"]


# False warnings on a correct report: 表四's group labels are there but are not seen.
WARNING_GAPS: dict[tuple, str] = {}


@pytest.mark.parametrize("cls,case,seed", [_param(c, None, s) if (c, None) not in WARNING_GAPS
                                           else pytest.param(c, None, s, marks=pytest.mark.xfail(
                                               strict=True, reason=WARNING_GAPS[(c, None)]),
                                               id=f"{c}-{s}")
                                           for c in d.CLASSES for s in _seeds(c)])
def test_no_warning_the_clean_rendering_does_not_give(cls, case, seed, tmp_path,
                                                      tmp_path_factory):
    content = _content(seed)
    ref = reference(content, (seed, "correct", False), tmp_path_factory)
    result = _run(content, cls, seed, tmp_path)

    def warnings(r):
        return {_key(f) for f in r.findings if f.severity == "warning"}

    extra = warnings(result) - warnings(ref)
    if cls == RUNON:                 # 表二's glued rows with several splits: said, not guessed
        extra -= {("T-GLUED-UNREADABLE", t, r, None) for t, r in _t2_ambiguous(content)}
    assert not extra, sorted(extra)
    assert not warnings(ref) - warnings(result)


@pytest.mark.parametrize("cls,case,seed", [_param(c, "typos", s) for c in d.CLASSES
                                           for s in _seeds(c)])
def test_label_typos_and_drifted_labels(cls, case, seed, tmp_path, tmp_path_factory):
    content = _content(seed)
    d.typo_labels(content, random.Random(seed))
    d.drift_labels(content)
    expected = case_one_cell(content)
    ref = reference(content, (seed, "typos"), tmp_path_factory)
    result = _run(content, cls, seed, tmp_path)
    _check_case(content, expected, ref, cls, result)
    drifted = {(f.location.table, f.location.row, f.location.col) for f in result.findings
               if f.rule == "T-LABEL"}
    assert ("t3", None, "social") in drifted and ("t2", "normative", None) in drifted


def _two_digit_t4(seed):
    """表四 with numbers of two digits (12 复议 upheld, 10 复议后起诉 other): on one line its 15
    numbers are more than 15 digits, and only the group sums can split them."""
    c = _content(seed)
    c.values[("t4", "review", "upheld")] = "12"
    c.values[("t4", "suit_after_review", "other")] = "10"
    c.values = recompute(c.values)
    return sync_prose(c)


def test_runon_table4_of_two_digit_numbers_is_split_by_its_group_sums(tmp_path):
    content = _two_digit_t4(7)
    result = _run(content, RUNON, 7, tmp_path)
    assert_cells(result, content, RUNON)
    assert not _errors(result)


def test_runon_table4_with_a_wrong_total_is_an_error_not_a_reading(tmp_path):
    """A wrong group total among glued 表四 digits: no split keeps every group sum, several keep
    all but one, so no number is read (never guessed) and the table's digits are an error."""
    content = _two_digit_t4(7)
    content.values[("t4", "review", "total")] = "13"
    result = _run(content, RUNON, 7, tmp_path)
    assert all(cell.value is None for cell in result.report.tables["t4"].cells.values())
    assert _errors(result) == {("T-GLUED-UNREADABLE", "t4", None, None)}


def test_prose_is_not_compared_with_table4_cells_that_were_not_read(tmp_path):
    content = _two_digit_t4(3)              # 1·2·1·11·15, 1·2·11·1·15, 12·1·1·1·15: unread
    result = _run(content, RUNON, 3, tmp_path)
    assert all(cell.value is None for cell in result.report.tables["t4"].cells.values())
    assert not [f.message for f in result.findings if f.rule == "N-T4"]


CUT_CLASSES = ("cells_bar", "cells_trailing", "cells_blank", "runon")
CUT_ROWS = ("r2", "r3_6", "carried_out")


def _cut_params():
    for cls in CUT_CLASSES:
        for row in CUT_ROWS:
            yield pytest.param(cls, row, id=f"{cls}-{row}")


@pytest.mark.parametrize("cls,row", list(_cut_params()))
def test_page_excerpt_cut_inside_table3(cls, row, tmp_path):
    """A page saved only up to a few characters into one of 表三's rows: what is visible is read
    and checked, the cut is said once, nothing after it is reported missing."""
    content = _content(3)
    result = _run(content, cls, 3, tmp_path, cut=row)
    rows = [s.key for s in d.t3_specs(content)]
    visible = set(rows[:rows.index(row)])
    want = {k: v for k, v in d.expected_cells(content).items()
            if k[0] == "t2" or (k[0] == "t3" and k[1] in visible)}
    got = _cells(result)
    # glued digits: without the rows after the cut, fewer relations choose between splits; a
    # row with several splits left is said to be unreadable, never guessed
    allowed = _unreadable_rows(result) if cls == RUNON else set()
    wrong = [(k, v, got.get(k, "absent")) for k, v in want.items()
             if got.get(k, "absent") != v and not (k[:2] in allowed and got.get(k) is None)]
    assert not wrong, wrong[:8]
    assert {e[0] for e in _errors(result)} == {"DOC-TRUNCATED"}, sorted(_errors(result))


@pytest.mark.parametrize("cls", ["cells_trailing", "runon"])
def test_excerpt_of_n_bytes_cut_inside_a_character(cls, tmp_path):
    content = _content(3)
    size = d.bytes_into(content, cls, 3, "r3_6")
    path = d.write(content, tmp_path, cls, 3, cut_bytes=size)
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = check(path)
    assert result.status == "checked", result.refusal and result.refusal.message
    assert {e[0] for e in _errors(result)} == {"DOC-TRUNCATED"}


# ---------------------------------------------------------------------------------------------
# The renderings themselves
# ---------------------------------------------------------------------------------------------

def test_runon_text_is_one_line_with_glued_digits_and_broken_labels():
    content = _content(3)
    text = d.render(content, RUNON, 3).decode("utf-8")
    head, body = text.split("==================== 正文 ====================\n")
    assert head.startswith("标题: ") and "原文链接: " in head
    assert body.count("\n") == 1
    new = "".join(content.values[("t3", "new", c)] for c in d.b.T3_COLS)
    assert re.search(r"一、本年新收政府信息公开申请数量\s?" + r"\s?".join(new), body)
    assert any(" " in w for w in re.findall(r"[\u4e00-\u9fff]+ [\u4e00-\u9fff]+", body))


def test_cell_shapes():
    content = _content(3)
    bar = d.render(content, "cells_bar", 3).decode()
    trailing = d.render(content, "cells_trailing", 3).decode()
    blank = d.render(content, "cells_blank", 3).decode()
    assert "\n|\n规章\n|\n" in bar.replace("信息内容\n|\n本年制发件数\n|\n本年废止件数\n|\n现行有效件数\n|\n", "\n|\n")
    assert "规章 |\n" in trailing and "\n||" in trailing
    assert "\n\n规章\n\n0\n\n0\n\n0\n\n" in blank


def test_pdf_is_drawn_with_ruled_cells_and_table3_over_two_pages():
    import pdfplumber

    content = _content(3)
    data = d.render(content, PDF, 3)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        rules = sum(len(p.lines) + len(p.rects) for p in pdf.pages)
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert rules > 300
    assert "NotoSansCJKsc-Regular" in fonts and len(fonts) == 2           # body and headings
    t3 = [i for i, t in enumerate(texts) if "予以公开" in t or "结转下年度继续办理" in t]
    assert len(t3) == 2 and t3[1] == t3[0] + 1                 # 表三 over two pages
    assert texts[t3[0]].count("申请人情况") == 1
    assert all(re.search(rf"(?<!\d){i + 1}(?!\d)", t.strip().splitlines()[-1])
               for i, t in enumerate(texts))                    # a page number on each page
    for raw in content.values.values():                         # every cell is drawn
        assert raw in "".join(texts)


def test_html_page_has_chrome_around_the_article():
    text = d.render(_content(3), "html_page", 3).decode()
    assert '<div class="article">' in text and "建议您使用以下浏览器版本" in text
    assert text.index("mainNav") < text.index('<div class="article">') < text.index("footer")
