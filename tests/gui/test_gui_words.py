"""Chinese everywhere a person looks, and one count per file everywhere.

Every string the window shows after opening real files (labels, buttons, tooltips, tab texts,
tree and table items with their tooltips, the details of every finding, the banner after
clicking every header and value cell, menus, the batch table) and every cell of a batch's audit
workbook is searched for an internal key of the format (``suit_after_review``, ``r6_2``,
``regulations`` …); a file's 错误 / 警告 / 提示 are the same in the batch table, the workbook and
the main window when the row is opened."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from gui_helpers import CHECK_TIMEOUT_MS, drop_and_wait
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItemIterator,
    QWidget,
)

from core.api import resource_path, standard
from gui import strings
from tests.batch_fixtures import batch_folder

BATCH_TIMEOUT_MS = 180_000
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def spec_keys() -> set[str]:
    std = standard()
    keys = {r.key for r in std.t2_rows} | {c for r in std.t2_rows for c in r.cols}
    keys |= {r.key for r in std.t3_rows} | {c.key for c in std.t3_cols}
    keys |= {g.key for g in std.t4_groups} | {c.key for c in std.t4_cols}
    keys |= {s.key for s in std.sections}
    keys |= {"t2", "t3", "t4"}
    return keys


def keys_in(texts, strip: list[str]) -> set[str]:
    keys = spec_keys()
    found = set()
    for text in texts:
        text = str(text or "")
        for prefix in strip:                      # file paths are the person's own words
            text = text.replace(prefix, "")
        found |= {t for t in TOKEN.findall(text) if t in keys}
    return found


def test_the_key_list_holds_the_keys_the_issue_names():
    assert {"suit_after_review", "r6_2", "regulations", "review", "made"} <= spec_keys()
    assert keys_in(["所选单元格没有问题：表四“review”列"], []) == {"review"}
    assert keys_in(["表三 “（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”行"], []) == set()


def widget_texts(window) -> list[str]:
    out = [window.windowTitle(), window.statusBar().currentMessage()]
    for w in window.findChildren(QWidget):
        out += [w.toolTip(), w.statusTip(), w.windowTitle(), w.accessibleName()]
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())] + [w.placeholderText()]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())] + \
                [w.tabToolTip(i) for i in range(w.count())]
        if isinstance(w, QTextBrowser):
            out.append(w.toPlainText())
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            out += [header.text(c) for c in range(w.columnCount())]
            it = QTreeWidgetItemIterator(w)
            while it.value():
                item = it.value()
                out += [item.text(c) for c in range(w.columnCount())]
                out += [item.toolTip(c) for c in range(w.columnCount())]
                it += 1
        if isinstance(w, QTableWidget):
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    if item is not None:
                        out += [item.text(), item.toolTip()]
                        if hasattr(w, "tooltip_for"):
                            out.append(w.tooltip_for(item))
    for action in window.findChildren(type(window.act_open)):
        out += [action.text(), action.toolTip(), action.statusTip()]
    return out


def every_cell_and_finding(window) -> list[str]:
    """Click every cell of the three tables (the filter banner names it) and select every
    finding (the details pane describes it)."""
    out = []
    page = window.report
    for tab in page.table_tabs.values():
        page.tabs.setCurrentWidget(tab)
        view = tab.view
        for r in range(view.rowCount()):
            for c in range(view.columnCount()):
                if view.item(r, c) is not None:
                    view.setCurrentCell(r, c)
                    out.append(page.findings.filter_label.text())
                    out += page.findings.details.texts()
    panel = page.findings
    panel.clear_filter()
    for i in panel.visible_indices():
        panel.select(i)
        out += panel.details.texts()
    return out


@pytest.mark.parametrize("name", ["sample", "000", "004", "002"])
def test_no_internal_key_anywhere_in_the_window(qtbot, window, seed_copy, tmp_path, name):
    if name == "sample":
        path = tmp_path / "报告.docx"
        shutil.copyfile(resource_path("samples", strings.SAMPLE_FILE), path)
    else:
        path = seed_copy(name)
    drop_and_wait(qtbot, window, path)
    texts = widget_texts(window) + every_cell_and_finding(window)
    assert len(texts) > 500
    assert keys_in(texts, [str(tmp_path)]) == set()


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory, gui_app):
    """The batch of a supervisor's folder (last year's report of one agency, wrong sums, the
    sample, a notice that is not a report) and its workbook."""
    root = tmp_path_factory.mktemp("words")
    folder = batch_folder(root, str(resource_path("samples", strings.SAMPLE_FILE)))
    shutil.copyfile(folder / "示例县民政局2023年年报.xlsx", folder / "示例县民政局2023年年报（副本）.xlsx")
    return folder


def test_counts_are_one_per_file_in_the_batch_the_workbook_and_the_window(qtbot, window,
                                                                          batch_run, tmp_path):
    from gui.batch_window import ERROR, FILE, INFO, PATH_ROLE, SIMILAR, WARNING

    window.show_batch()
    batch = window.batch_window
    with qtbot.waitSignal(batch.finished, timeout=BATCH_TIMEOUT_MS):
        batch.start([str(batch_run)])
    # rows in file-name order, sortable by any column
    names = [batch.proxy.index(r, FILE).data() for r in range(batch.proxy.rowCount())]
    assert names == sorted(names, key=str.lower)
    assert batch.view.isSortingEnabled()
    shown = {}
    for r in range(batch.proxy.rowCount()):
        path = batch.proxy.index(r, FILE).data(PATH_ROLE)
        shown[path] = tuple(batch.proxy.index(r, c).data() for c in (ERROR, WARNING, INFO))
        shown[path + "#similar"] = batch.proxy.index(r, SIMILAR).data()
    out = tmp_path / "汇总.xlsx"
    with qtbot.waitSignal(batch.exported, timeout=CHECK_TIMEOUT_MS):
        batch.export(str(out))
    wb = openpyxl.load_workbook(out)
    sheet = wb["汇总"]
    header = [c.value for c in sheet[1]]
    book = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        r = dict(zip(header, row))
        book[r["文件"]] = r
    copies = [p for p in book if "副本" in p]
    assert copies and "%" in (book[copies[0]]["内容雷同"] or "")       # its own column...
    assert shown[copies[0] + "#similar"] == book[copies[0]]["内容雷同"]
    assert not [r for r in wb["问题明细"].iter_rows(min_row=2, values_only=True)
                if r[2] == "BATCH-SIMILAR"]                             # ...not per-file warnings
    assert "内容雷同" in wb.sheetnames
    for path, r in book.items():
        if r["状态"].startswith("已检查"):
            assert shown[path] == tuple(str(r[k]) for k in ("错误", "警告", "提示")), path
        texts = [v for v in r.values()]
        assert keys_in(texts, [str(batch_run)]) == set(), path
    for ws in wb.worksheets:                                             # every cell, every sheet
        for row in ws.iter_rows(values_only=True):
            assert keys_in(row, [str(batch_run)]) == set(), (ws.title, row)
    # the paired report, opened from the batch, shows the batch's counts
    paired = next(p for p, r in book.items() if r["对比上年度报告"])
    r = next(r for r in range(batch.proxy.rowCount())
             if batch.proxy.index(r, FILE).data(PATH_ROLE) == paired)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        batch.view.doubleClicked.emit(batch.proxy.index(r, FILE))
    counts = window.session.counts()
    assert window.session.prior_path == book[paired]["对比上年度报告"]
    assert (counts["error"], counts["warning"], counts["info"]) == \
        tuple(book[paired][k] for k in ("错误", "警告", "提示"))
    # and the batch table's words
    table_texts = [batch.model.item(r, c).text() for r in range(batch.model.rowCount())
                   for c in range(batch.model.columnCount())]
    table_texts += [batch.model.headerData(c, Qt.Horizontal) for c in range(batch.model.columnCount())]
    assert keys_in(table_texts, [str(batch_run)]) == set()
    assert Path(paired).exists()
