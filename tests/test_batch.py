"""Batch checking of a generated folder of mixed files, asserted row by row in the workbook."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import core.batch as batch
from core.batch_workbook import write_workbook
from core.fsutil import OutputError
from tests.builder import correct_content, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("reports")
    (d / "区县").mkdir()
    good = correct_content(seed=21, agency="甲县教育局")
    write(good, d / "甲县教育局2023.docx", "docx", "merged")
    last_year = correct_content(seed=21, agency="甲县教育局", year=2022)
    for col in ("natural", "commercial", "research", "social", "legal", "other", "total"):
        last_year.values[("t3", "carried_out", col)] = good.values[("t3", "carried_in", col)]
    write(last_year, d / "甲县教育局2022.txt", "txt", "tsv")
    broken = correct_content(seed=22, agency="乙县民政局")
    broken.values[("t3", "r1", "natural")] = str(int(broken.values[("t3", "r1", "natural")]) + 5)
    write(broken, d / "区县" / "乙县民政局.xlsx", "xlsx", "sheets")
    write(correct_content(seed=23, agency="丙镇人民政府", level="乡镇街道"),
          d / "区县" / "丙镇.html", "html", "rowspan")
    copied = correct_content(seed=22, agency="丁县民政局")      # prose of 乙县 with a new name
    copied.sections = {k: [p.replace("乙县民政局", "丁县民政局") for p in v]
                       for k, v in correct_content(seed=22, agency="乙县民政局").sections.items()}
    write(copied, d / "区县" / "丁县民政局.docx", "docx", "flat")
    (d / "通知.txt").write_text("关于召开全县安全生产会议的通知\n各单位：定于下周一召开会议。", encoding="utf-8")
    (d / "损坏.docx").write_bytes(b"PK\x03\x04" + os.urandom(300))
    return d


@pytest.fixture(scope="module")
def workbook(folder, tmp_path_factory):
    result = batch.run_batch([str(folder)], jobs=2)
    out = tmp_path_factory.mktemp("out") / "检查汇总.xlsx"
    write_workbook(result, out)
    return result, openpyxl.load_workbook(out)


def rows_by_name(wb):
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    return {Path(r[1]).name: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


def test_every_file_has_one_summary_row_with_its_status(workbook):
    _, wb = workbook
    rows = rows_by_name(wb)
    assert set(rows) == {"甲县教育局2023.docx", "甲县教育局2022.txt", "乙县民政局.xlsx", "丙镇.html",
                         "丁县民政局.docx", "通知.txt", "损坏.docx"}
    assert rows["通知.txt"]["状态"].startswith("非年度报告")
    assert rows["通知.txt"]["错误"] == 0
    assert rows["损坏.docx"]["状态"].startswith("无法读取")
    assert rows["丙镇.html"]["层级"] == "乡镇街道" and rows["丙镇.html"]["错误"] == 0
    assert rows["乙县民政局.xlsx"]["错误"] == 1
    assert "自然人" in rows["乙县民政局.xlsx"]["主要问题"]
    assert rows["甲县教育局2023.docx"]["对比上年度报告"].endswith("甲县教育局2022.txt")
    assert rows["甲县教育局2023.docx"]["机关"] == "甲县教育局"


def test_detail_sheet_has_one_row_per_finding_with_the_cell(workbook):
    result, wb = workbook
    ws = wb["问题明细"]
    header = [c.value for c in ws[1]]
    detail = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    wrong = [d for d in detail if d["文件"].endswith("乙县民政局.xlsx") and d["严重程度"] == "错误"]
    assert [(d["规则"], d["表格"], d["行"], d["列"]) for d in wrong] == \
        [("T3-ROW-SUM", "表三", "r1", "natural")]
    total_findings = sum(len(r.findings) for r in result.rows) + 2 * len(result.similar)
    assert len(detail) == total_findings
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_consecutive_years_are_paired_for_cross_year_checks(workbook):
    result, _ = workbook
    row = next(r for r in result.rows if r.path.endswith("甲县教育局2023.docx"))
    assert row.prior and row.prior.endswith("甲县教育局2022.txt")
    assert not [f for f in row.findings if f["rule"] == "X-CARRIED"]


def test_copied_prose_is_reported_with_its_share(workbook):
    result, wb = workbook
    names = {frozenset((Path(s.a).name, Path(s.b).name)): s for s in result.similar}
    pair = names.get(frozenset(("乙县民政局.xlsx", "丁县民政局.docx")))
    assert pair is not None and pair.share > 0.9 and not pair.same_agency
    same = names.get(frozenset(("甲县教育局2023.docx", "甲县教育局2022.txt")))
    assert same is not None and same.same_agency
    assert wb["内容雷同"].max_row == 1 + len(result.similar)


def test_an_existing_workbook_is_not_replaced_without_overwrite(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")
    result = batch.BatchResult([], [], 0.0)
    with pytest.raises(OutputError):
        write_workbook(result, out)
    assert out.read_bytes() == b"old"
    write_workbook(result, out, overwrite=True)
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "问题明细", "内容雷同"]


def test_cli_batch_writes_the_workbook_and_refuses_to_replace_it(folder, tmp_path):
    out = tmp_path / "检查汇总.xlsx"
    cmd = [sys.executable, "main.py", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3, proc.stderr          # 损坏.docx could not be read
    assert out.exists() and "汇总表已保存" in proc.stdout
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "已存在" in again.stderr
