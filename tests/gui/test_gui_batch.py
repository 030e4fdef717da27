"""批量检查 in the window: a generated folder of small reports, rows filling in, filtering,
sorting, cancel, double-click to open, export of the audit workbook."""
from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tests.builder import correct_content, write
from gui_helpers import CHECK_TIMEOUT_MS, drop_files

BATCH_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """Four files in a folder with a subfolder: two clean reports, one with a wrong sum in
    表三, one that is not a readable DOCX."""
    d = tmp_path_factory.mktemp("batch")
    (d / "下级").mkdir()
    write(correct_content(seed=31, agency="甲县教育局"), d / "甲县教育局.docx", "docx", "merged")
    write(correct_content(seed=32, agency="丙镇人民政府", level="乡镇街道"), d / "下级" / "丙镇.txt",
          "txt", "tsv")
    broken = correct_content(seed=33, agency="乙县民政局")
    broken.values[("t3", "r1", "natural")] = str(int(broken.values[("t3", "r1", "natural")]) + 5)
    write(broken, d / "下级" / "乙县民政局.docx", "docx", "merged")
    (d / "损坏.docx").write_bytes(b"PK\x03\x04" + os.urandom(300))
    return d


def run_batch_in(qtbot, window, paths):
    """Open the batch window, check ``paths`` and wait for the end."""
    window.show_batch()
    batch = window.batch_window
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        batch.start([str(p) for p in paths])
    return batch


def rows(batch) -> dict[str, list[str]]:
    """file name -> the texts of its row, as shown (after filtering and sorting)."""
    out = {}
    for r in range(batch.proxy.rowCount()):
        texts = [batch.proxy.index(r, c).data() for c in range(batch.proxy.columnCount())]
        out[texts[0]] = texts
    return out


def test_a_folder_fills_the_table_one_row_per_file_with_counts_and_problems(qtbot, window, reports):
    window.show_batch()
    batch = window.batch_window
    arrived = []
    batch.signals.row.connect(lambda i, row: arrived.append(row.path), Qt.QueuedConnection)
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        batch.start([str(reports)])
    assert sorted(arrived) == sorted(batch.files)        # one progress signal per file
    assert len(batch.files) == 4                          # the subfolder is included
    shown = rows(batch)
    assert set(shown) == {"甲县教育局.docx", "丙镇.txt", "乙县民政局.docx", "损坏.docx"}
    bad = shown["乙县民政局.docx"]
    assert bad[1] == "乙县民政局" and bad[2] == "2023" and bad[4] == "已检查"
    assert int(bad[5]) >= 1 and bad[8] and bad[8] != "未发现问题"
    assert shown["丙镇.txt"][3] == "乡镇街道" and shown["丙镇.txt"][5] == "0"
    assert shown["损坏.docx"][4] == "无法读取" and shown["损坏.docx"][5] == ""
    assert shown["损坏.docx"][8]                        # the reason, in words
    assert batch.bar.value() == batch.bar.maximum() == 4
    assert "4 个文件" in batch.state.text()
    assert batch.export_button.isEnabled() and not batch.cancel_button.isVisible()


def test_filtering_and_sorting_the_rows(qtbot, window, reports):
    batch = run_batch_in(qtbot, window, [reports])
    batch.kind.setCurrentIndex(batch.kind.findData("error"))
    assert list(rows(batch)) == ["乙县民政局.docx"]
    batch.kind.setCurrentIndex(0)
    batch.search.setText("丙镇")
    assert list(rows(batch)) == ["丙镇.txt"]
    assert "1 / 4" in batch.shown.text()
    batch.search.clear()
    batch.view.sortByColumn(5, Qt.DescendingOrder)          # 错误, most first
    assert batch.proxy.index(0, 0).data() == "乙县民政局.docx"
    batch.view.sortByColumn(0, Qt.AscendingOrder)
    names = [batch.proxy.index(r, 0).data() for r in range(batch.proxy.rowCount())]
    assert names == sorted(names, key=str.lower)


def test_double_clicking_a_row_opens_the_report_in_the_main_window(qtbot, window, reports):
    batch = run_batch_in(qtbot, window, [reports])
    batch.search.setText("乙县")
    index = batch.proxy.index(0, 1)
    rect = batch.view.visualRect(index)
    qtbot.waitExposed(batch)
    qtbot.mouseClick(batch.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        qtbot.mouseDClick(batch.view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert Path(window.session.path).name == "乙县民政局.docx"
    assert window.stack.currentWidget() is window.report
    assert window.session.counts()["error"] >= 1


def test_cancel_stops_the_batch_and_keeps_the_window_usable(qtbot, window, reports):
    window.show_batch()
    batch = window.batch_window
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        batch.start([str(reports)])
        qtbot.waitUntil(lambda: bool(batch.files), timeout=10_000)
        batch.cancel_button.click()
    assert "已取消" in batch.state.text()
    assert batch.model.rowCount() < 4
    assert not batch.running and batch.folder_button.isEnabled()
    # and a new batch runs to its end
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        batch.start([str(reports / "下级")])
    assert set(rows(batch)) == {"丙镇.txt", "乙县民政局.docx"}


def test_dropping_a_folder_on_the_main_window_starts_a_batch(qtbot, window, reports):
    window.show_batch()             # created hidden-first so the test can wait on its signal
    with qtbot.waitSignal(window.batch_window.finished, timeout=BATCH_TIMEOUT_MS):
        drop_files(window, reports / "下级")
    assert set(rows(window.batch_window)) == {"丙镇.txt", "乙县民政局.docx"}
    assert window.session is None                   # nothing opened in the main window


def test_dropping_several_files_on_the_batch_window_checks_them(qtbot, window, reports):
    window.show_batch()
    batch = window.batch_window
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        drop_files(batch, reports / "甲县教育局.docx", reports / "损坏.docx")
    assert set(rows(batch)) == {"甲县教育局.docx", "损坏.docx"}


def test_exporting_the_workbook_asks_before_replacing_and_never_writes_over_an_input(
        qtbot, window, reports, tmp_path, monkeypatch):
    batch = run_batch_in(qtbot, window, [reports])
    out = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(batch, "ask_save_path", lambda *a: str(out))
    with qtbot.waitSignal(batch.exported, timeout=CHECK_TIMEOUT_MS) as sig:
        batch.export_button.click()
    assert sig.args == [str(out)] and out.exists()
    ws = openpyxl.load_workbook(out)["汇总"]
    assert ws.max_row == 1 + 4
    # an existing file: replaced only after confirmation
    qtbot.waitUntil(batch.export_button.isEnabled)
    before = out.stat().st_mtime_ns
    asked = []
    monkeypatch.setattr(batch, "confirm_replace", lambda p: asked.append(p) or False)
    batch.export_button.click()
    qtbot.wait(300)
    assert asked == [str(out)] and out.stat().st_mtime_ns == before
    # one of the checked files is never a target
    monkeypatch.setattr(batch, "ask_save_path", lambda *a: str(reports / "甲县教育局.docx"))
    batch.export_button.click()
    assert batch.banner.isVisible() and "不能保存为被检查的文件" in batch.banner.text()


def test_closing_the_main_window_stops_a_running_batch(qtbot, window, reports):
    window.show_batch()
    batch = window.batch_window
    batch.start([str(reports)])
    qtbot.waitUntil(lambda: bool(batch.files), timeout=10_000)
    worker = batch.worker
    window.close()
    assert worker.done.is_set()                # the worker ended before the window went away
