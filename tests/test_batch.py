"""Batch checking of a generated folder of mixed files, asserted row by row in the workbook."""
from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from core import messages
from core.batch import run as batch
from core.batch.export import FILLS
from core.batch.workbook import write_workbook
from core.fsutil import OutputError
from tests.builder import correct_content, recompute, sync_prose, write

ROOT = Path(__file__).resolve().parents[1]


POOL = ("规范制度流程台账督查整改培训考核平台网站栏目专区意见建议服务群众企业办理答复审查保密解读"
        "政策文件目录更新维护数据开放基层试点标准统筹协调联络机制宣传热线窗口档案归集")


def own_prose(content, seed: int):
    """Give a builder report prose of its own: the builder's prose is one template for every
    agency, which 内容雷同 rightly reports as copied. Random text from a fixed pool replaces the
    free paragraphs; the sentences that carry figures (and the fee statement) stay."""
    rng = random.Random(seed)

    def text(n):
        chars = [rng.choice(POOL)]
        while len(chars) < n:            # no character twice in a row (that is P-REPEAT)
            c = rng.choice(POOL)
            if c != chars[-1]:
                chars.append(c)
        return "".join(chars) + "。"

    s1 = content.sections["S1"]
    for i in (5, 7, 9):                  # 管理, 平台, 监督保障 paragraphs
        s1[i] = text(160)
    content.sections["S5"] = ["（一）存在的主要问题", text(150), "（二）改进情况", text(150)]
    content.sections["S6"] = [content.sections["S6"][0], text(60)]
    return content


def last_year_of(this):
    """The same agency's report for the year before, consistent with ``this`` across years:
    its 结转下年度 is this year's 上年结转 and its 现行有效 rolls forward to this year's."""
    last = correct_content(seed=121, agency=this.agency, year=this.year - 1)
    last.sections = {k: list(v) for k, v in this.sections.items()}     # copied but for the year
    v = last.values
    for col in ("natural", "commercial", "research", "social", "legal", "other"):
        out = int(this.values[("t3", "carried_in", col)])
        finished = int(v[("t3", "total", col)])
        v[("t3", "carried_out", col)] = str(out)
        v[("t3", "new", col)] = str(finished + out - int(v[("t3", "carried_in", col)]))
        if int(v[("t3", "new", col)]) < 0:
            v[("t3", "carried_in", col)] = str(finished + out)
            v[("t3", "new", col)] = "0"
    for col in ("carried_in", "new", "carried_out"):
        v[("t3", col, "total")] = str(sum(int(v[("t3", col, c)]) for c in (
            "natural", "commercial", "research", "social", "legal", "other")))
    for row in ("regulations", "normative"):
        t = this.values
        v[("t2", row, "valid")] = str(int(t[("t2", row, "valid")]) - int(t[("t2", row, "made")])
                                      + int(t[("t2", row, "repealed")]))
    last.values = recompute(v)
    return sync_prose(last)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("reports")
    (d / "区县").mkdir()
    good = own_prose(correct_content(seed=21, agency="甲县教育局"), 1)
    write(good, d / "甲县教育局2023.docx", "docx", "merged")
    write(last_year_of(good), d / "甲县教育局2022.txt", "txt", "tsv")
    broken = own_prose(correct_content(seed=22, agency="乙县民政局"), 2)
    broken.values[("t3", "r1", "natural")] = str(int(broken.values[("t3", "r1", "natural")]) + 5)
    write(broken, d / "区县" / "乙县民政局.xlsx", "xlsx", "sheets")
    town = own_prose(correct_content(seed=23, agency="丙镇人民政府", level="乡镇街道"), 3)
    write(town, d / "区县" / "丙镇.html", "html", "rowspan")
    copied = own_prose(correct_content(seed=22, agency="丁县民政局"), 4)   # prose of 乙县
    copied.sections = {k: [p.replace("乙县民政局", "丁县民政局") for p in v]
                       for k, v in broken.sections.items()}
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


# name -> 机关, 年度, 层级, 状态 (start), 错误, 警告, 提示, 对比上年度报告 (file name)
EXPECTED_SUMMARY = {
    "丁县民政局.docx": ("丁县民政局", 2023, "部门", "已检查", 0, 0, 0, None),
    "丙镇.html": ("丙镇人民政府", 2023, "乡镇街道", "已检查", 0, 0, 0, None),
    "乙县民政局.xlsx": ("乙县民政局", 2023, "部门", "已检查", 1, 0, 0, None),
    "损坏.docx": (None, None, None, "无法读取：文件已损坏", 0, 0, 0, None),
    "甲县教育局2022.txt": ("甲县教育局", 2022, "部门", "已检查", 0, 0, 0, None),
    "甲县教育局2023.docx": ("甲县教育局", 2023, "部门", "已检查", 0, 0, 0, "甲县教育局2022.txt"),
    "通知.txt": (None, None, None, "非年度报告：", 0, 0, 0, None),
}
# every row of 问题明细: file, rule, severity, table, row, column, found, expected, proposed fix
# (rows and columns by the format's labels; 内容雷同 is not a finding of one file)
EXPECTED_DETAIL = [
    ("乙县民政局.xlsx", "T3-ROW-SUM", "错误", "表三", "（一）予以公开", "自然人", "8", "3", "3"),
]
# name -> the files named in its 内容雷同 cell
EXPECTED_SIMILAR = {
    "丁县民政局.docx": {"乙县民政局.xlsx"}, "乙县民政局.xlsx": {"丁县民政局.docx"},
    "甲县教育局2022.txt": {"甲县教育局2023.docx"}, "甲县教育局2023.docx": {"甲县教育局2022.txt"},
}


def sheet_rows(wb, name):
    ws = wb[name]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_every_summary_row_is_as_expected(workbook, folder):
    _, wb = workbook
    rows = sheet_rows(wb, "汇总")
    assert [r["序号"] for r in rows] == list(range(1, len(EXPECTED_SUMMARY) + 1))
    assert sorted(Path(r["文件"]).name for r in rows) == sorted(EXPECTED_SUMMARY)
    for r in rows:
        name = Path(r["文件"]).name
        agency, year, level, status, errors, warnings, infos, prior = EXPECTED_SUMMARY[name]
        assert Path(r["文件"]).is_file() and Path(r["文件"]).is_relative_to(folder), name
        assert (r["机关"], r["年度"], r["层级"]) == (agency, year, level), name
        assert r["状态"].startswith(status), (name, r["状态"])
        assert (r["错误"], r["警告"], r["提示"]) == (errors, warnings, infos), name
        assert (Path(r["对比上年度报告"]).name if r["对比上年度报告"] else None) == prior, name
        has = bool(errors + warnings + infos)
        assert (r["明细"] == "查看") == has, name
        assert bool(r["主要问题"]) == has, name
    by_name = {Path(r["文件"]).name: r for r in rows}
    assert "自然人" in by_name["乙县民政局.xlsx"]["主要问题"]
    for name, r in by_name.items():
        others = EXPECTED_SIMILAR.get(name, set())
        named = {n for n in EXPECTED_SUMMARY if n in (r["内容雷同"] or "")}
        assert named == others, name
        assert "%" in r["内容雷同"] if others else not r["内容雷同"], name
    assert "年份以外几乎照抄" in by_name["甲县教育局2023.docx"]["内容雷同"]
    assert "请重新下载" in by_name["损坏.docx"]["状态"]


def test_summary_links_point_at_the_files_first_detail_row(workbook):
    _, wb = workbook
    summary, detail = wb["汇总"], wb["问题明细"]
    linked = 0
    for row in summary.iter_rows(min_row=2):
        link = row[-1].hyperlink
        if link is None:
            continue
        linked += 1
        sheet, cell = link.location.split("!")
        assert sheet == "'问题明细'"
        target = int(cell[1:])
        assert detail.cell(target, 1).value == row[1].value
        assert target == 2 or detail.cell(target - 1, 1).value != row[1].value
    assert linked == sum(1 for v in EXPECTED_SUMMARY.values() if sum(v[4:7]))


def test_every_detail_row_is_as_expected(workbook):
    _, wb = workbook
    detail = sheet_rows(wb, "问题明细")
    got = [(Path(d["文件"]).name, d["规则"], d["严重程度"], d["表格"], d["行"], d["列"],
            d["原值"], d["应为"], d["建议修正"]) for d in detail]
    assert got == EXPECTED_DETAIL
    for d in detail:
        assert d["机关"] and d["问题说明"]
    ws = wb["问题明细"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    assert ws.cell(2, 4).font.bold and ws.cell(2, 4).fill.fgColor.rgb.endswith(FILLS["error"])


def test_summary_sheet_is_formatted_for_reading(workbook):
    _, wb = workbook
    ws = wb["汇总"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    assert ws.column_dimensions["B"].width >= 30 and ws.column_dimensions["J"].width >= 50
    assert all(c.font.bold for c in ws[1])
    fill = {Path(r[1].value).name: r[5].fill.fgColor.rgb for r in ws.iter_rows(min_row=2)}
    assert fill["乙县民政局.xlsx"] != fill["丙镇.html"]            # a report with an error stands out
    assert fill["损坏.docx"].endswith("D9D9D9")


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
    shares = [r[2] for r in wb["内容雷同"].iter_rows(min_row=2, values_only=True)]
    assert all(v.endswith("%") and int(v[:-1]) >= batch.SIMILAR_MIN * 100 for v in shares)


def test_an_existing_workbook_is_not_replaced_without_overwrite(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"old")
    result = batch.BatchResult([], [], 0.0)
    with pytest.raises(OutputError):
        write_workbook(result, out)
    assert out.read_bytes() == b"old"
    write_workbook(result, out, overwrite=True)
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "问题明细", "内容雷同", "数据汇总"]


def test_cli_batch_writes_the_workbook_and_refuses_to_replace_it(folder, tmp_path):
    out = tmp_path / "检查汇总.xlsx"
    cmd = [sys.executable, "main.py", "batch", str(folder), "-o", str(out), "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3, proc.stderr          # 损坏.docx could not be read
    assert out.exists() and "汇总表已保存" in proc.stdout
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "已存在" in again.stderr


@pytest.fixture(scope="module")
def faulty_folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("faulty")
    for i, name in enumerate(("a好.txt", "b卡住.txt", "c崩溃.txt", "d异常.txt", "e好.txt")):
        write(own_prose(correct_content(seed=40 + i, agency=f"{name[0]}县审计局"), 40 + i),
              d / name, "txt", "tsv")
    return d


def test_a_hanging_or_crashing_file_becomes_a_row_and_the_batch_goes_on(faulty_folder):
    from tests.batch_faults import faulty_checker

    seen = []
    start = time.monotonic()
    result = batch.run_batch([str(faulty_folder)], jobs=2, time_limit=3.0,
                             checker=faulty_checker, progress=lambda i, row: seen.append(i))
    elapsed = time.monotonic() - start
    status = {Path(r.path).name: r.status for r in result.rows}
    assert status == {"a好.txt": "checked", "b卡住.txt": "timeout", "c崩溃.txt": "crashed",
                      "d异常.txt": "crashed", "e好.txt": "checked"}
    rows = {Path(r.path).name: r for r in result.rows}
    assert "超过 3 秒" in rows["b卡住.txt"].refusal["message"]
    assert "MemoryError" in rows["d异常.txt"].refusal["message"]
    assert "进程意外退出" in rows["c崩溃.txt"].refusal["message"]
    assert sorted(seen) == [0, 1, 2, 3, 4]
    assert elapsed < 30, elapsed        # the hung worker was killed, not waited for


def test_a_long_file_that_progresses_is_not_cut_off_and_a_worker_shares_the_cores(tmp_path):
    """A scan read by OCR takes seconds a page: the time limit counts from the last page read,
    and only a file that goes on past TOTAL_FACTOR limits in all is stopped."""
    from core.batch.run import TOTAL_FACTOR, Pool
    from core.readers.ocr_engine import THREADS_ENV
    from tests.batch_faults import progressing_checker

    tasks = [(str(tmp_path / name), None) for name in ("快.pdf", "慢.pdf", "不停.pdf")]
    start = time.monotonic()
    with Pool(2, progressing_checker, time_limit=0.5) as pool:
        rows = {Path(r.path).name: r for r in pool.run(tasks)}
    elapsed = time.monotonic() - start
    assert rows["快.pdf"].status == "checked"
    assert rows["慢.pdf"].status == "checked"          # 1.8 s in all, progress every 0.3 s
    assert rows["不停.pdf"].status == "timeout"
    assert rows["不停.pdf"].refusal["message"] == messages.BATCH_TIMEOUT_TOTAL.format(
        minutes=round(0.5 * TOTAL_FACTOR / 60))
    assert 0.5 * TOTAL_FACTOR <= elapsed < 0.5 * TOTAL_FACTOR + 20
    cores = os.environ.get(THREADS_ENV) or str(max(1, (os.cpu_count() or 1) // 2))
    assert rows["快.pdf"].report["threads"] == rows["慢.pdf"].report["threads"] == cores


def test_cancel_stops_the_batch_and_keeps_the_finished_rows(faulty_folder, tmp_path):
    from tests.batch_faults import slow_checker

    for i in range(6):
        (tmp_path / f"{i}.txt").write_bytes((faulty_folder / "a好.txt").read_bytes())
    done = []
    result = batch.run_batch([str(tmp_path)], jobs=1, checker=slow_checker,
                             progress=lambda i, row: done.append(i),
                             cancelled=lambda: len(done) >= 2)
    assert len(result.rows) == 2 and all(r.status == "checked" for r in result.rows)


# --- at scale: the numbers compiled, LSH against the exact method, the journal, sheet limits ---

@pytest.fixture(scope="module")
def data_batch(tmp_path_factory):
    """Two reports whose every cell is known (one with a blank and a "/" cell) and a notice."""
    d = tmp_path_factory.mktemp("data")
    whole = own_prose(correct_content(seed=31, agency="戊县财政局"), 31)
    write(whole, d / "a戊县财政局.txt", "txt", "tsv")
    holes = own_prose(correct_content(seed=32, agency="己县水利局"), 32)
    holes.values[("t3", "r1", "natural")] = ""
    holes.values[("t4", "suit_after_review", "pending")] = "/"
    write(holes, d / "b己县水利局.docx", "docx", "merged")
    (d / "c通知.txt").write_text("关于报送年报的通知\n各单位：请按时报送。", encoding="utf-8")
    result = batch.run_batch([str(d)], jobs=1, journal=tmp_path_factory.mktemp("j") / "r.jsonl")
    expected = {}
    for name, content in (("a戊县财政局.txt", whole), ("b己县水利局.docx", holes)):
        expected[name] = [int(v) if v.isdigit() else None for v in
                          (content.values[k] for k in cell_keys())]
    return d, result, expected


def cell_keys():
    from core.batch.data import cell_keys as keys

    return keys()


def test_the_data_sheet_holds_every_cell_of_every_report_and_a_totals_row(data_batch, tmp_path):
    from core.batch.data import ID_HEADERS, UNREAD_COUNT, UNREAD_FILL, headers

    _, result, expected = data_batch
    out = write_workbook(result, tmp_path / "审核.xlsx")
    ws = openpyxl.load_workbook(out)["数据汇总"]
    rows = list(ws.iter_rows(values_only=True))
    names = list(headers())
    assert list(rows[0][:4]) == list(ID_HEADERS) and list(rows[0][4:204]) == names
    assert "表三·（一）予以公开·自然人" in names and "表二·规章·本年制发件数" in names
    body = {Path(r[3]).name: r for r in rows[1:3]}
    assert sorted(body) == sorted(expected)                  # the notice has no row
    assert body["a戊县财政局.txt"][:3] == ("戊县财政局", "部门", 2023)
    for name, values in expected.items():
        assert list(body[name][4:204]) == values, name
    blank = names.index("表三·（一）予以公开·自然人")
    slash = names.index("表四·复议后起诉·尚未审结") if "表四·复议后起诉·尚未审结" in names else None
    holes = body["b己县水利局.docx"]
    assert holes[4 + blank] is None and holes[rows[0].index(UNREAD_COUNT)] == 2
    assert "表三·（一）予以公开·自然人" in holes[-1]
    sheet_row = 2 + sorted(expected).index("b己县水利局.docx")
    assert ws.cell(sheet_row, 5 + blank).fill.fgColor.rgb.endswith(UNREAD_FILL)   # marked
    assert ws.cell(sheet_row, 5).fill.fgColor.rgb != ws.cell(sheet_row, 5 + blank).fill.fgColor.rgb
    if slash is not None:
        assert holes[4 + slash] is None
    totals = rows[3]
    assert totals[0] == "合计"
    for i in range(200):
        assert totals[4 + i] == sum(v[i] or 0 for v in expected.values()), names[i]


def test_batch_data_alone_as_csv_and_xlsx_from_the_command_line(data_batch, tmp_path):
    import csv

    folder, _, expected = data_batch
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"数据{suffix}"
        proc = subprocess.run([sys.executable, "main.py", "batch", str(folder), "--data", str(out),
                               "--jobs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
        assert "数据汇总已保存" in proc.stdout and (tmp_path / "数据.jsonl").exists()
        (tmp_path / "数据.jsonl").unlink()
        if suffix == ".csv":
            with open(out, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            got = {Path(r[3]).name: [int(v) if v else None for v in r[4:204]] for r in rows[1:3]}
        else:
            rows = list(openpyxl.load_workbook(out)["数据汇总"].iter_rows(values_only=True))
            got = {Path(r[3]).name: list(r[4:204]) for r in rows[1:3]}
        assert got == expected, suffix


def test_lsh_finds_the_pairs_the_exact_method_finds(tmp_path):
    from core.batch import similar as sim
    from tests.batch_fixtures import graded_proses

    proses = graded_proses(300, seed=3)
    items = [(f"r{i}", None, p, sim.sketch(p)) for i, p in enumerate(proses)]
    exact = {(s.a, s.b): s.share for s in sim.similar_pairs(items, exhaustive=True)}
    lsh = {(s.a, s.b): s.share for s in sim.similar_pairs(items)}
    assert 40 <= len(exact) < 200            # copies on both sides of the threshold exist
    assert set(lsh) <= set(exact) and all(lsh[k] == exact[k] for k in lsh)
    assert len(lsh) >= 0.95 * len(exact)
    missed = [exact[k] for k in set(exact) - set(lsh)]
    assert all(share < 0.8 for share in missed), missed      # a true copy is never missed
    candidates = sim.candidates([it[3] for it in items])
    assert len(candidates) < 0.01 * len(items) * (len(items) - 1) / 2


def test_a_similar_pair_is_reported_once_with_the_passages_it_shares():
    from core.batch import similar as sim
    from tests.batch_fixtures import graded_proses

    a, b, c = graded_proses(3, seed=5)
    copied = a[300:900]
    b = b[:600] + copied
    items = [(n, "同一局" if n != "c" else "另一局", p, sim.sketch(p))
             for n, p in (("a", a), ("b", b), ("c", c))]
    pairs = sim.similar_pairs(items, threshold=0.4)
    assert [(s.a, s.b) for s in pairs] == [("a", "b")] and pairs[0].same_agency
    assert any(p.rstrip("…") in copied for p in pairs[0].passages)
    assert max(len(p) for p in pairs[0].passages) > 60


def test_the_journal_keeps_every_result_when_the_workbook_cannot_be_written(data_batch, tmp_path):
    import argparse
    import io

    from core.batch.command import Progress, write_outputs

    folder = data_batch[0]
    journal = tmp_path / "结果.jsonl"
    result = batch.run_batch([str(folder)], jobs=1, journal=journal)
    gone = tmp_path / "已删除的文件夹"
    args = argparse.Namespace(output=str(gone / "汇总.xlsx"), data=None, overwrite=False,
                              json=False)
    import contextlib

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = write_outputs(result, args, [], journal, Progress(3, io.StringIO()))
    assert code == 2 and str(journal) in err.getvalue() and "Traceback" not in err.getvalue()
    kept = batch.read_journal(journal)
    assert sorted(Path(f["path"]).name for f in kept["files"]) == sorted(
        p.name for p in folder.iterdir())
    assert all(f["status"] for f in kept["files"])
    with open(journal, "a", encoding="utf-8") as f:
        f.write('{"file": {"path": "cut')                  # a line cut short by a crash
    assert len(batch.read_journal(journal)["files"]) == len(kept["files"])


def test_problem_rows_continue_on_further_sheets_and_links_follow(workbook, tmp_path):
    real, _ = workbook
    finding = next(f for r in real.rows for f in r.findings)
    files = [batch.FileRow(f"/报告/{i}.docx", "checked", report={"agency": f"第{i}局"},
                           findings=[finding] * (i % 4)) for i in range(9)]
    result = batch.BatchResult(files, [], 0.0)
    out = write_workbook(result, tmp_path / "分页.xlsx", max_rows=3)
    wb = openpyxl.load_workbook(out)
    details = [n for n in wb.sheetnames if n.startswith("问题明细")]
    rows = [r for n in details for r in wb[n].iter_rows(min_row=2, values_only=True)]
    assert len(details) == 6 and details[1] == "问题明细（2）"     # 12 rows, 2 a sheet
    assert all(wb[n].max_row <= 3 for n in details) and wb["汇总"].max_row == 3
    assert [n for n in wb.sheetnames if n.startswith("汇总")] == ["汇总", "汇总（2）", "汇总（3）",
                                                                  "汇总（4）", "汇总（5）"]
    assert len(rows) == sum(len(r.findings) for r in result.rows)
    linked = 0
    for name in [n for n in wb.sheetnames if n.startswith("汇总")]:
        for row in wb[name].iter_rows(min_row=2):
            link = row[-1].hyperlink
            if link is not None:
                linked += 1
                sheet, cell = link.location.split("!")
                assert wb[sheet.strip("'")].cell(int(cell[1:]), 1).value == row[1].value
    assert linked == sum(1 for r in files if r.findings)


def test_the_workbook_opens_in_libreoffice(data_batch, tmp_path):
    from tests.pdf_fixtures import require_soffice

    exe = require_soffice()
    _, result, _ = data_batch
    out = write_workbook(result, tmp_path / "审核.xlsx", max_rows=2)
    # every sheet to its own CSV (LibreOffice 7.2+: the last token -1)
    spec = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    proc = subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                           "--headless", "--norestore", "--convert-to", spec, "--outdir",
                           str(tmp_path / "csv"), str(out)], capture_output=True, text=True,
                          timeout=300)
    made = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "csv").glob("*.csv")}
    if not made and not os.environ.get("NIANBAO_CI"):
        pytest.skip(f"LibreOffice Calc could not convert the workbook: {proc.stderr[-300:]}")
    data = next(text for name, text in made.items() if "数据汇总" in name)
    assert "表三·（一）予以公开·自然人" in data and "戊县财政局" in data and "合计" in data
    assert any("问题明细（2）" in name for name in made)


def test_years_are_paired_at_scale():
    rows = []
    for i in range(3000):
        for year in (2021, 2022, 2023):
            if (i + year) % 4:                     # some agencies miss a year
                rows.append(batch.FileRow(f"/r/{i}_{year}.docx", "checked",
                                          report={"agency": f"第{i}局", "year": year}))
    rows.append(batch.FileRow("/r/x.docx", "refused", report={"agency": "第1局", "year": 2023}))
    pairs = batch.pair_years(rows)
    have = {(r.report["agency"], r.report["year"]) for r in rows if r.status == "checked"}
    assert len(pairs) == sum(1 for a, y in have if (a, y - 1) in have)
    for this, prior in pairs.items():
        i, year = Path(this).stem.split("_")
        assert prior == f"/r/{i}_{int(year) - 1}.docx"


def test_the_console_shows_files_done_rate_and_time_left():
    import io

    from core.batch.command import Progress, duration

    out = io.StringIO()
    bar = Progress(3, out, every=0.0)
    for name in ("a", "b"):
        bar.step(batch.FileRow(f"/r/{name}.docx", "checked"))
    bar.step(batch.FileRow("/r/坏.docx", "refused"))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("已完成 1/3 个文件") and "每秒" in lines[0] and "预计还需" in lines[0]
    assert any("无法读取" in line and "/r/坏.docx" in line for line in lines)
    assert lines[-1].startswith("已完成 3/3 个文件") and lines[-1].endswith("预计还需 0 秒")
    assert duration(754) == "12 分 34 秒" and duration(9.6) == "10 秒"


def test_batch_without_an_output_says_what_to_give(tmp_path, capsys):
    import argparse

    from core.batch.command import cmd_batch

    args = argparse.Namespace(folder=str(tmp_path), output=None, data=None, jobs=1, json=False,
                              overwrite=False)
    assert cmd_batch(args) == 2
    assert "--data" in capsys.readouterr().err
