"""Decisions and typed values are a document: undo / redo, the question before they are lost, and
a recovery file that brings them back after a crash."""
from __future__ import annotations

import shutil
from pathlib import Path

from gui_helpers import CHECK_TIMEOUT_MS, drop_and_wait
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from core.api import resource_path
from gui import recovery, strings


def fixable(window, rule: str) -> int:
    s = window.session
    return next(i for i, f in enumerate(s.findings) if f.rule == rule and s.fixable(f))


def press_space_on(qtbot, window, i: int) -> None:
    panel = window.report.findings
    panel.tree.expandAll()
    panel.select(i)
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key_Space)


def answer_next_box(qtbot, button_text: str, seen: list) -> None:
    """Click ``button_text`` on the next message box that opens (a real QMessageBox)."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, click)
            return
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        button = next(b for b in box.findChildren(QPushButton) if b.text() == button_text)
        button.click()
    QTimer.singleShot(50, click)


def test_space_accept_and_typing_are_undone_and_redone(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    s = window.session
    i = fixable(window, "T-BLANK")
    key = s.findings[i]
    assert s.decision(i) is True                       # certain: accepted by default
    assert not window.act_undo.isEnabled() and not window.unsaved
    press_space_on(qtbot, window, i)
    assert s.decision(i) is False
    assert window.act_undo.isEnabled() and window.unsaved
    assert strings.UNDO_DECIDE in window.act_undo.text()
    view = window.report.table_tabs["t3"].view
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        view.commit("new", "natural", "77")
    assert window.session.edits == {("t3", "new", "natural"): "77"}
    # Ctrl+Z twice: the typed value, then the decision; Ctrl+Y brings them back
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.act_undo.trigger()
    assert window.session.edits == {}
    assert view.item_for("new", "natural").data(Qt.UserRole + 2) != "77"
    window.act_undo.trigger()
    s = window.session
    i = next(n for n, f in enumerate(s.findings) if f == key)
    assert s.decision(i) is True
    assert window.report.findings.item_for(i).checkState(1) == Qt.Checked
    assert not window.unsaved and not window.act_undo.isEnabled()
    window.act_redo.trigger()
    assert window.session.decision(i) is False
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.act_redo.trigger()
    assert window.session.edits == {("t3", "new", "natural"): "77"}
    assert {a.shortcut().toString() for a in (window.act_undo, window.act_redo)} == \
        {"Ctrl+Z", "Ctrl+Y"}


def test_leaving_unsaved_decisions_asks_save_discard_or_cancel(qtbot, window, seed_copy):
    first, second = seed_copy("000"), seed_copy("004")
    drop_and_wait(qtbot, window, first)
    press_space_on(qtbot, window, fixable(window, "T-BLANK"))
    seen = []
    answer_next_box(qtbot, strings.CANCEL, seen)
    window.open_path(str(second))                    # 取消: stays on the first report
    assert seen and seen[0][0] == strings.UNSAVED_TITLE
    assert sorted(seen[0][2]) == sorted([strings.UNSAVED_SAVE, strings.UNSAVED_DISCARD,
                                         strings.CANCEL])
    assert window.session.path == str(first) and window.unsaved
    answer_next_box(qtbot, strings.UNSAVED_DISCARD, seen)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.open_path(str(second))                # 放弃: the second report opens
    assert len(seen) == 2
    assert window.session.path == str(second) and not window.unsaved


def test_save_writes_the_corrected_docx_and_then_goes_on(qtbot, window, tmp_path, monkeypatch):
    sample = tmp_path / "报告.docx"
    shutil.copyfile(resource_path("samples", strings.SAMPLE_FILE), sample)
    drop_and_wait(qtbot, window, sample)
    press_space_on(qtbot, window, fixable(window, "T-PLACEHOLDER"))     # accept the ambiguous one
    assert window.unsaved
    out = tmp_path / "修正稿.docx"
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(out))
    monkeypatch.setattr(window, "ask_unsaved", lambda name: "save")
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.open_sample()                      # asks, writes the DOCX, then opens the sample
    assert out.exists() and out.stat().st_size > 0
    assert window.session.path.endswith(strings.SAMPLE_FILE) and not window.unsaved


def test_decisions_survive_a_crash_and_are_offered_back(qtbot, window, seed_copy, monkeypatch):
    from gui.app import create_window

    path = seed_copy("000")
    drop_and_wait(qtbot, window, path)
    i = fixable(window, "T-BLANK")
    press_space_on(qtbot, window, i)
    view = window.report.table_tabs["t3"].view
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        view.commit("new", "natural", "77")
    digest = recovery.file_hash(str(path))
    kept = recovery.load(digest)
    assert kept["edits"] == {("t3", "new", "natural"): "77"} and len(kept["decisions"]) == 1
    assert [p.name for p in recovery.folder().iterdir()] == [f"{digest}.json"]
    # a crash: the window is gone without a question; only the recovery file is left
    window.undo_stack.setClean()            # (marks nothing saved on disk: the file stays)
    window.close()
    assert recovery.load(digest) == kept
    again = create_window()
    again.show()
    seen = []
    answer_next_box(qtbot, strings.RESTORE_YES, seen)
    with qtbot.waitSignal(again.checked, timeout=CHECK_TIMEOUT_MS):
        again.open_path(str(path))
    qtbot.waitUntil(lambda: again.session.edits == {("t3", "new", "natural"): "77"},
                    timeout=CHECK_TIMEOUT_MS)
    assert seen and seen[0][0] == strings.RESTORE_TITLE and path.name in seen[0][1]
    s = again.session
    assert s.decision(fixable(again, "T-BLANK")) is False
    assert again.unsaved                     # still not exported
    assert strings.NOTICE_RESTORED.format(n=2) in again.banner.text()
    # 放弃 on leaving forgets it
    answer_next_box(qtbot, strings.UNSAVED_DISCARD, seen)
    again.close()
    assert recovery.load(digest) is None


def test_a_2019_report_shows_its_single_other_row_and_a_2021_report_three(qtbot, window, tmp_path,
                                                                         seed_copy):
    """表三 of a report in the 2019 format has one row （六）其他处理: its values are shown in that
    row (not as three blank rows), and the format note has a line of its own."""
    from gui import layout

    real = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "23_pingtan_2019.txt"
    path = tmp_path / real.name
    shutil.copyfile(real, path)
    drop_and_wait(qtbot, window, path)
    view = window.report.table_tabs["t3"].view
    assert ("r6", "total") in view.grid.values and ("r6_1", "total") not in view.grid.values
    cells = window.session.report.tables["t3"].cells
    assert view._items[("r6", "natural")].text() == cells[("r6", "natural")].raw.strip() != ""
    labels = [view.item(fx.row, fx.col).text() for fx in view.grid.fixed if fx.key == "r6"]
    assert labels == ["（六）其他处理"] == [layout.row_label("t3", "r6")]
    assert window.report.header.format.isVisibleTo(window) and \
        window.report.header.format.text() == strings.FORMAT_2019
    drop_and_wait(qtbot, window, seed_copy("002"))
    view = window.report.table_tabs["t3"].view
    assert {("r6_1", "total"), ("r6_2", "total"), ("r6_3", "total")} <= set(view.grid.values)
    assert ("r6", "total") not in view.grid.values
    assert not window.report.header.format.isVisibleTo(window)


def test_cells_nothing_was_read_for_are_grey_not_blank_and_the_banner_says_why(qtbot, window,
                                                                             tmp_path):
    """A table not in the file has no blank cells: nothing was read there. Its cells are grey
    (没有读到), never the amber of a blank; when pages were pictures nothing read, the banner
    says the table may stand on them."""
    from gui import theme
    from tests.builder import correct_content, write

    c = correct_content(seed=5)
    del c.sections["S4"]                       # no section 四, no 表四
    path = write(c, tmp_path / "no_t4.docx", "docx", "merged")
    drop_and_wait(qtbot, window, path)
    tab = window.report.table_tabs["t4"]
    assert not tab.missing.isHidden()
    assert tab.missing.text() == strings.TABLE_NOT_FOUND.format(name="表四")
    cells = list(tab.view._items.values())
    assert cells and all(item.background().color().name().upper() == theme.ABSENT_BG.upper()
                         for item in cells)
    assert all(item.text() == "" for item in cells)
    window.session.report.document.unread_pages = [3, 4]
    tab.refresh(window.session)
    assert tab.missing.text() == strings.TABLE_NOT_READ.format(name="表四", pages="3、4")
