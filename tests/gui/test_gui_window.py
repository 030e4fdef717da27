"""The main window, driven like a person would: drop a report, read the counts, click a
finding, type a value, correct the level, add last year's report, edit the file elsewhere."""
from __future__ import annotations

import os
import time

import pytest
from gui_helpers import CHECK_TIMEOUT_MS, click_cell, click_item, drop_and_wait, findings_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from core.api import CheckOptions, check
from gui import strings


def test_it_starts_on_the_drop_zone_with_open_and_sample_buttons(window):
    assert window.windowTitle() == strings.WINDOW_TITLE
    assert window.stack.currentWidget() is window.start
    drop = window.start.drop
    assert drop.title.text() == strings.DROP_TITLE
    assert drop.open_button.text() == strings.OPEN_FILE
    assert drop.sample_button.text() == strings.OPEN_SAMPLE
    assert not window.act_docx.isEnabled() and not window.act_xlsx.isEnabled()
    assert not window.windowIcon().isNull()


def test_a_dropped_report_is_checked_and_its_counts_and_metadata_are_shown(qtbot, window,
                                                                          seed_copy):
    path = seed_copy("000")
    expected = check(path)
    drop_and_wait(qtbot, window, path)
    assert window.stack.currentWidget() is window.report
    header = window.report.header
    assert header.agency.text() == expected.report.meta.agency
    assert str(expected.report.meta.year) in header.year.text()
    assert header.level.currentText() == expected.report.meta.level
    for sev, text in (("error", strings.COUNT_ERROR), ("warning", strings.COUNT_WARNING),
                      ("info", strings.COUNT_INFO)):
        assert header.badges[sev].text() == text.format(n=expected.count(sev))
    assert window.act_docx.isEnabled() and window.act_xlsx.isEnabled()
    # every finding is in the list, errors first
    panel = window.report.findings
    assert sorted(panel.visible_indices()) == list(range(len(expected.findings)))
    top = panel.tree.topLevelItem(0)
    assert top.text(0).startswith(strings.SEVERITY[expected.findings[0].severity])
    # and the file is remembered
    from gui.start_page import recent_files
    qtbot.waitUntil(lambda: recent_files()[:1] == [str(path)], timeout=3000)


def test_blank_cells_are_amber_and_show_the_proposed_value(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    view = window.report.table_tabs["t3"].view
    item = view.item_for("r1", "total")
    assert item.background().color().name().lower() == "#ffd58a"
    assert item.text() == strings.CELL_PROPOSED.format(old=strings.CELL_BLANK, new="0")
    # the blank 总计 cells of seed 000 are one finding (one cause) that names each of them
    blank = next(f for f in window.session.findings
                 if f.rule == "T-BLANK" and ("t3", "r1", "total") in f.listed_cells())
    assert blank.message in view.tooltip_for(item)
    assert view.item_for("r3_2", "total").background().color().name().lower() == "#ffd58a"
    clean = view.item_for("new", "natural")
    assert clean.background().color().name().lower() == "#ffffff"
    assert strings.CELL_TIP_NONE in view.tooltip_for(clean)


def test_clicking_a_finding_selects_its_cell_in_the_table(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    s = window.session
    i = next(i for i, f in enumerate(s.findings) if f.rule == "T-BLANK")
    f = s.findings[i]
    first = f.listed_cells()[0]           # a finding about several cells shows its first one
    assert first == ("t3", "r1", "total")
    window.report.tabs.setCurrentWidget(window.report.structure)
    panel = window.report.findings
    item = panel.item_for(i)
    panel.tree.expandAll()
    click_item(qtbot, panel.tree, item)
    tab = window.report.table_tabs[f.location.table]
    assert window.report.tabs.currentWidget() is tab
    assert tab.view.currentItem() is tab.view.item_for(first[1], first[2])
    assert f.message in panel.details.texts()


def test_clicking_a_narrative_finding_shows_its_sentence_in_the_original_text(qtbot, window,
                                                                             seed_copy):
    from gui.text_view import _folded

    drop_and_wait(qtbot, window, seed_copy("004"))
    s = window.session
    i = next(i for i, f in enumerate(s.findings) if f.rule == "N-T3-COUNT")
    panel = window.report.findings
    item = panel.item_for(i)
    click_item(qtbot, panel.tree, item)
    assert window.report.tabs.currentWidget() is window.report.text
    selected = window.report.text.selected_text()
    assert _folded(selected)[0] == _folded(s.findings[i].location.quote)[0]
    # the same finding's cell is one click away
    window.report.findings.details.goto.emit(i, "cell")
    tab = window.report.table_tabs["t3"]
    assert window.report.tabs.currentWidget() is tab
    assert tab.view.currentItem() is tab.view.item_for("new", "total")


def test_selecting_a_cell_shows_only_its_findings(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    window.report.tabs.setCurrentWidget(window.report.table_tabs["t3"])
    view = window.report.table_tabs["t3"].view
    click_cell(qtbot, view, view.item_for("r3_1", "total"))
    panel = window.report.findings
    assert panel.filtered and panel.filter_bar.isVisible()
    shown = [window.session.findings[i] for i in panel.visible_indices()]
    # the cell's own finding: the blank 总计 column of which it is one cell
    assert {f.rule for f in shown} == {"T-BLANK"}
    assert all(("t3", "r3_1", "total") in f.listed_cells() for f in shown)
    panel.show_all.click()
    assert not panel.filtered
    assert len(panel.visible_indices()) == len(window.session.findings)
    # a cell without findings keeps the whole list and says so
    click_cell(qtbot, view, view.item_for("new", "natural"))
    assert not panel.filtered and panel.filter_bar.isVisible()
    assert len(panel.visible_indices()) == len(window.session.findings)


def test_typing_a_value_rechecks_and_the_fixed_finding_disappears(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    before = len(window.session.findings)
    blank = [f for f in window.session.findings
             if f.rule == "T-BLANK" and ("t3", "r1", "total") in f.listed_cells()]
    assert blank and len(blank[0].listed_cells()) == 8
    window.report.tabs.setCurrentWidget(window.report.table_tabs["t3"])
    view = window.report.table_tabs["t3"].view
    item = view.item_for("r1", "total")
    view.setFocus()
    view.setCurrentItem(item)
    view.editItem(item)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.setText("0")
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        qtbot.keyClick(editor, Qt.Key_Return)
    after = window.session.findings
    # the typed cell leaves the finding; the other seven blank totals are still one finding
    left = [f for f in after if f.rule == "T-BLANK"]
    assert [len(f.listed_cells()) for f in left] == [7]
    assert ("t3", "r1", "total") not in left[0].listed_cells()
    assert len(after) == before
    assert window.session.edits == {("t3", "r1", "total"): "0"}
    assert view.item_for("r1", "total").text() == "0"


def test_a_wrong_value_turns_the_cell_red_with_the_sum_explained(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("003"))
    view = window.report.table_tabs["t3"].view
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        view.commit("r1", "natural", "5")
    item = view.item_for("r1", "natural")
    assert item.background().color().name().lower() == "#fde2e1"
    assert "→ 0" in item.text()
    import html
    sums = [f for f in window.session.findings if f.rule == "T3-ROW-SUM"]
    assert sums and html.escape(sums[0].message) in view.tooltip_for(item)
    # resting the mouse on the cell shows it
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip
    window.report.tabs.setCurrentWidget(window.report.table_tabs["t3"])
    view.scrollToItem(item)
    pos = view.visualItemRect(item).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QHelpEvent.ToolTip, pos,
                                                       view.viewport().mapToGlobal(pos)))
    assert sums[0].message in QToolTip.text()


def test_a_refused_file_shows_the_chinese_reason(qtbot, window, tmp_path):
    path = tmp_path / "报告.docx"
    path.write_bytes(os.urandom(4096))
    expected = check(path)
    assert expected.status == "refused"
    drop_and_wait(qtbot, window, path)
    assert window.banner.isVisible()
    assert expected.refusal.message in window.banner.text()
    assert strings.REFUSED_TITLE in window.banner.text()
    assert window.stack.currentWidget() is window.start
    assert window.session is None


def test_correcting_the_level_rechecks_with_the_new_level(qtbot, window, seed_copy):
    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    combo = window.report.header.level
    target = strings.LEVELS.index("人民政府")
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        combo.activated.emit(target)
    assert window.session.report.meta.level == "人民政府"
    assert window.session.base.report.meta.level == "部门"       # the original is untouched
    assert combo.currentText() == "人民政府"
    rules = {f.rule for f in window.session.findings}
    # a people's government must report 工作考核、社会评议和责任追究结果
    expected = check(path).report
    expected.meta.level = "人民政府"
    from core.api import check_report
    assert rules == {f.rule for f in check_report(expected)}


def test_correcting_the_year_and_the_agency_rechecks_with_them(qtbot, window, seed_copy,
                                                               monkeypatch):
    from core.api import check_report

    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    original = check(path).report
    spin = window.report.header.year
    assert spin.value() == original.meta.year
    before = {f.rule for f in window.session.findings}
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        spin.setValue(2010)              # as typed and confirmed (no keyboard tracking)
    assert window.session.report.meta.year == 2010
    assert window.session.base.report.meta.year == original.meta.year
    expected = check(path).report
    expected.meta.year = 2010
    rules = {f.rule for f in window.session.findings}
    assert rules == {f.rule for f in check_report(expected)} and rules != before
    # the agency, through its dialog
    monkeypatch.setattr(window, "ask_agency", lambda current: "示例市示例区人民政府办公室")
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        qtbot.mouseClick(window.report.header.agency_button, Qt.LeftButton)
    assert window.report.header.agency.text() == "示例市示例区人民政府办公室"
    assert window.session.report.meta.agency == "示例市示例区人民政府办公室"
    assert window.session.report.meta.year == 2010          # the earlier correction stays
    expected.meta.agency = "示例市示例区人民政府办公室"
    assert {f.rule for f in window.session.findings} == {f.rule for f in check_report(expected)}
    # both survive 重新检查 (the file is read again)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.act_recheck.trigger()
    assert (window.session.report.meta.year, window.session.report.meta.agency) == (
        2010, "示例市示例区人民政府办公室")
    assert spin.text() == "2010" + strings.YEAR_SUFFIX


def test_adding_last_years_report_rechecks_with_it(qtbot, window, seed_copy):
    path = seed_copy("000")
    prior = seed_copy("002", "prior.txt")
    drop_and_wait(qtbot, window, path)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.set_prior(str(prior))
    assert window.session.prior_path == str(prior)
    assert window.session.base.prior is not None
    expected = check(path, CheckOptions(prior=str(prior)))
    assert len(window.session.findings) == len(expected.findings)
    assert "prior.txt" in window.report.header.prior.text()
    assert window.act_prior_remove.isEnabled()
    remove = window.report.header.remove_prior
    assert remove.isVisible()
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        qtbot.mouseClick(remove, Qt.LeftButton)
    assert window.session.prior_path is None and not remove.isVisible()
    assert len(window.session.findings) == len(check(path).findings)


def _wait_for_external_recheck(qtbot, window):
    qtbot.waitUntil(lambda: window.banner.isVisible()
                    and strings.NOTICE_EXTERNAL in window.banner.text(), timeout=CHECK_TIMEOUT_MS)


def test_a_file_changed_on_disk_is_rechecked_with_a_notice(qtbot, window, seed_copy):
    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    window.banner.hide()
    before = len(window.session.findings)
    text = path.read_text(encoding="utf-8")
    time.sleep(0.05)
    path.write_text(text.replace("社会组织", "社会公益组织"), encoding="utf-8")
    _wait_for_external_recheck(qtbot, window)
    assert len(window.session.findings) == before - 1        # the label finding is gone
    assert not findings_of(window, "T-LABEL")


def test_a_file_replaced_by_an_editor_is_still_watched(qtbot, window, seed_copy, tmp_path):
    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    for round_ in range(2):
        window.banner.hide()
        replacement = tmp_path / f"save{round_}.tmp"
        replacement.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.replace(replacement, path)
        _wait_for_external_recheck(qtbot, window)
        assert str(path) in window.watcher.files()


def test_a_long_check_can_be_cancelled_and_its_result_is_ignored(qtbot, window, seed_copy,
                                                                monkeypatch):
    import gui.session as session_module
    real = session_module.open_report

    def slow(path, *args, **hooks):
        time.sleep(1.0)
        return real(path, *args, **hooks)

    monkeypatch.setattr(session_module, "open_report", slow)
    from gui_helpers import drop_files
    drop_files(window, seed_copy("000"))
    assert window.stack.currentWidget() is window.busy
    qtbot.mouseClick(window.busy.cancel, Qt.LeftButton)
    assert window.stack.currentWidget() is window.start
    qtbot.wait(1500)
    assert window.session is None
    assert window.stack.currentWidget() is window.start


def test_an_unexpected_error_in_the_worker_shows_a_dialog_and_is_logged(qtbot, window, seed_copy,
                                                                       monkeypatch):
    import gui.session as session_module
    from gui import errors

    def broken(path, *args, **hooks):
        raise RuntimeError("boom in worker")

    monkeypatch.setattr(session_module, "open_report", broken)
    drop_and_wait(qtbot, window, seed_copy("000"))
    dialog = errors._open_dialog
    assert dialog is not None and dialog.isVisible()
    assert "boom in worker" in dialog.details
    dialog.copy.click()
    assert "boom in worker" in QApplication.clipboard().text()
    assert "boom in worker" in errors.log_path().read_text(encoding="utf-8")
    dialog.accept()
    # the window keeps working
    monkeypatch.undo()
    drop_and_wait(qtbot, window, seed_copy("000"))
    assert window.stack.currentWidget() is window.report


def test_an_exception_in_a_slot_reaches_the_excepthook_dialog(qtbot, window):
    import sys

    from gui import errors
    try:
        raise ValueError("slot exploded")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    dialog = errors._open_dialog
    assert dialog is not None and "slot exploded" in dialog.details
    dialog.accept()


def test_a_pdf_with_a_password_asks_for_it_and_opens(qtbot, window, tmp_path, seed_copy,
                                                     monkeypatch):
    import gui.session as session_module
    from core.api import CheckResult, Refusal

    pdf = tmp_path / "加密.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% encrypted stand-in\n")
    text = seed_copy("003")
    tries = []

    def fake(path, prior=None, password=None, **hooks):
        tries.append(password)
        if password != "123":
            return CheckResult(str(path), "refused", Refusal("encrypted", "PDF 文件设有密码"))
        return check(text)

    answers = iter(["wrong", "123"])
    monkeypatch.setattr(session_module, "open_report", fake)
    monkeypatch.setattr(window, "ask_password", lambda name, retry: next(answers))
    from gui_helpers import drop_files
    drop_files(window, pdf)
    qtbot.waitUntil(lambda: window.session is not None, timeout=CHECK_TIMEOUT_MS)
    assert tries == [None, "wrong", "123"]
    assert window.session.password == "123"
    assert window.session.options.password == "123"


def test_a_file_path_on_the_command_line_is_opened(qtbot, gui_app, seed_copy, monkeypatch):
    import gui.app as app_module
    path = seed_copy("003")
    opened = {}

    def fake_exec():
        w = opened["window"]
        qtbot.waitUntil(lambda: w.session is not None, timeout=CHECK_TIMEOUT_MS)
        w.close()
        return 0

    real_create = app_module.create_window

    def create():
        w = real_create()
        opened["window"] = w
        return w

    monkeypatch.setattr(app_module, "create_window", create)
    monkeypatch.setattr(gui_app, "exec", fake_exec)
    assert app_module.run_gui([str(path)]) == 0
    assert opened["window"].session.path == str(path)


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_other_seeds_open_without_error(qtbot, window, seed_copy, prefix):
    drop_and_wait(qtbot, window, seed_copy(prefix))
    assert window.stack.currentWidget() is window.report
    assert len(window.report.findings.visible_indices()) == len(window.session.findings)


def test_ctrl_plus_and_minus_zoom_the_tables_and_the_zoom_is_remembered(qtbot, window, seed_copy):
    from gui.app import create_window

    drop_and_wait(qtbot, window, seed_copy("000"))
    view = window.report.table_tabs["t3"].view
    item = next(iter(view._items.values()))
    before, width = item.font().pointSizeF(), view.columnWidth(3)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_Plus, Qt.ControlModifier)
    if view.zoom == 1.0:                         # no active window offscreen: the action itself
        window.act_zoom_in.trigger()
    assert view.zoom > 1.0
    assert item.font().pointSizeF() > before and view.columnWidth(3) > width
    window.act_zoom_out.trigger()
    window.act_zoom_out.trigger()
    assert view.zoom < 1.0 and item.font().pointSizeF() < before
    zoom = view.zoom
    window.close()
    again = create_window()
    qtbot.addWidget(again)
    assert again.report.table_tabs["t3"].view.zoom == zoom
    again.act_zoom_reset.trigger()
    assert again.report.table_tabs["t3"].view.zoom == 1.0


def test_the_window_size_and_the_last_folder_are_remembered(qtbot, window, seed_copy):
    from gui.app import create_window

    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    from gui.main_window import FOLDER_KEY, GEOMETRY_KEY
    from gui.start_page import settings

    qtbot.waitUntil(lambda: settings().value(FOLDER_KEY) == str(path.parent), timeout=3000)
    window.resize(1200, 800)
    geometry = window.saveGeometry()
    window.close()
    assert settings().value(GEOMETRY_KEY) == geometry
    again = create_window()          # restores it (offscreen, clamped to the 800 x 800 screen)
    qtbot.addWidget(again)
    assert again.last_folder() == str(path.parent)


def test_a_long_pdf_shows_its_pages_and_cancel_stops_the_reading(qtbot, window, long_pdf,
                                                                  monkeypatch):
    import pdfplumber

    import core.readers.pdf_reader as pdf_reader

    with pdfplumber.open(long_pdf) as doc:
        total = len(doc.pages)
    read: list[int] = []
    real = pdf_reader.read_page

    def observed(page, number, *args):      # the real reader, slowed to a page per 0.2 s
        read.append(number)
        time.sleep(0.2)
        return real(page, number, *args)

    monkeypatch.setattr(pdf_reader, "read_page", observed)
    from gui_helpers import drop_files
    drop_files(window, long_pdf)
    assert window.stack.currentWidget() is window.busy
    qtbot.waitUntil(lambda: window.busy.bar.value() >= 2, timeout=CHECK_TIMEOUT_MS)
    assert window.busy.bar.maximum() == total
    assert f"/ {total} 页" in window.busy.elapsed.text()
    worker = window.worker
    qtbot.mouseClick(window.busy.cancel, Qt.LeftButton)
    assert window.stack.currentWidget() is window.start
    qtbot.waitUntil(worker.done.is_set, timeout=CHECK_TIMEOUT_MS)
    assert len(read) <= window.busy.bar.value() + 2 < total     # stopped between two pages
    qtbot.wait(300)
    assert window.session is None and window.stack.currentWidget() is window.start


def test_cancelling_a_second_file_returns_to_the_first_report(qtbot, window, long_pdf, seed_copy,
                                                               monkeypatch):
    import core.readers.pdf_reader as pdf_reader

    first = seed_copy("000")
    drop_and_wait(qtbot, window, first)
    assert window.act_docx.isEnabled()
    real = pdf_reader.read_page

    def slowed(page, number, *args):
        time.sleep(0.2)
        return real(page, number, *args)

    monkeypatch.setattr(pdf_reader, "read_page", slowed)
    from gui_helpers import drop_files
    drop_files(window, long_pdf)
    qtbot.waitUntil(lambda: window.busy.bar.value() >= 1, timeout=CHECK_TIMEOUT_MS)
    assert not window.act_docx.isEnabled() and not window.act_recheck.isEnabled()
    worker = window.worker
    qtbot.mouseClick(window.busy.cancel, Qt.LeftButton)
    qtbot.waitUntil(worker.done.is_set, timeout=CHECK_TIMEOUT_MS)
    qtbot.wait(300)
    assert window.stack.currentWidget() is window.report
    assert window.session.path == str(first) and window.act_docx.isEnabled()
    # 返回首页 while a file is read stops the reading too
    drop_files(window, long_pdf)
    qtbot.waitUntil(lambda: window.busy.bar.value() >= 1, timeout=CHECK_TIMEOUT_MS)
    worker = window.worker
    window.act_home.trigger()
    assert window.stack.currentWidget() is window.start
    qtbot.waitUntil(worker.done.is_set, timeout=CHECK_TIMEOUT_MS)
    qtbot.wait(300)
    assert window.stack.currentWidget() is window.start


def test_the_busy_page_counts_the_seconds(qtbot, window):
    window.busy.start("报告.pdf")
    window.stack.setCurrentWidget(window.busy)
    qtbot.waitUntil(lambda: "1 秒" in window.busy.elapsed.text(), timeout=3000)


def test_the_findings_can_be_walked_with_the_arrow_keys(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    panel = window.report.findings
    panel.tree.expandAll()
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    s = window.session
    for _ in range(12):                       # down past the group headings to a cell finding
        qtbot.keyClick(panel.tree, Qt.Key_Down)
        i = next((i for i in range(len(s.findings)) if panel.item_for(i) is
                  panel.tree.currentItem()), None)
        if i is not None and s.findings[i].location.table and (
                s.findings[i].listed_cells() or s.findings[i].location.row):
            break
    f = s.findings[i]
    table, row, col = (f.listed_cells() or [(f.location.table, f.location.row,
                                             f.location.col)])[0]
    tab = window.report.table_tabs[table]
    assert window.report.tabs.currentWidget() is tab
    assert tab.view.currentItem() is tab.view.item_for(row, col)


def test_cyclic_garbage_is_collected_in_the_gui_thread_only(qtbot, window):
    import gc
    import weakref

    class Node:
        pass

    assert not gc.isenabled()           # a worker's allocation never starts a collection
    refs = []
    for _ in range(2000):
        a, b = Node(), Node()
        a.other, b.other = b, a          # a cycle: only the collector frees it
        refs.append(weakref.ref(a))
        del a, b
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=3000)
