"""The keyboard alone: a menu bar with every action and its shortcut, Tab between the panels,
arrows inside them, Space for 采用, Enter to type into a cell, and a whole open → accept →
export with key presses only (through Qt's own file dialogs, in Chinese)."""
from __future__ import annotations

import shutil

from gui_helpers import CHECK_TIMEOUT_MS, drop_and_wait
from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
)

from core.api import resource_path
from gui import strings

MENUS = ("文件", "编辑", "视图", "工具", "帮助")


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def menu_actions(window) -> dict:
    out = {}
    for top in window.menuBar().actions():
        title = top.text().split("(")[0]
        out[title] = [a for a in top.menu().actions() if not a.isSeparator() and not a.menu()]
    return out


def test_the_menu_bar_holds_every_action_with_its_shortcut(window):
    menus = menu_actions(window)
    assert tuple(menus) == MENUS
    in_menus = {a for acts in menus.values() for a in acts}
    named = {getattr(window, n) for n in dir(window) if n.startswith("act_")}
    assert named <= in_menus                                   # every action is in a menu
    keys = [a.shortcut().toString() for a in in_menus]
    assert all(keys), [a.text() for a in in_menus if not a.shortcut().toString()]
    assert len(keys) == len(set(keys))                         # no shortcut used twice
    for act in (window.act_xlsx, window.act_batch, window.act_prior, window.act_about,
                window.act_home):
        assert act.shortcut().toString()                       # the ones the issue missed
    for top in window.menuBar().actions():                     # Alt + letter opens each menu
        assert "&" in top.text()
    assert window.recent_menu.title() == strings.ACT_RECENT    # the recent files: a submenu


def test_toolbar_buttons_take_keyboard_focus(window):
    buttons = [window.toolbar.widgetForAction(a) for a in window.toolbar.actions()
               if not a.isSeparator()]
    assert buttons and all(b.focusPolicy() & Qt.TabFocus for b in buttons)
    assert all("（" in a.toolTip() for a in window.toolbar.actions() if not a.isSeparator())


def test_tab_moves_between_panels_and_the_arrows_move_inside_the_table(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    activate(qtbot, window)
    page = window.report
    page.tabs.setCurrentWidget(page.table_tabs["t3"])
    view = page.table_tabs["t3"].view
    page.focus_findings()
    assert QApplication.focusWidget() is page.findings.tree
    seen = []
    for _ in range(40):                                         # Tab reaches the table...
        QTest.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is view:
            break
    assert seen[-1] is view
    view.setCurrentItem(view.item_for("new", "natural"))
    QTest.keyClick(view, Qt.Key_Right)                          # ...the arrows move inside it
    assert view.currentItem() is view.item_for("new", "commercial")
    QTest.keyClick(view, Qt.Key_Tab)                            # ...and Tab leaves it
    assert QApplication.focusWidget() is not view
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Backtab)   # Shift+Tab comes back
    assert QApplication.focusWidget() is view
    assert view.currentItem() is view.item_for("new", "commercial")


def test_enter_types_into_the_selected_cell(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    activate(qtbot, window)
    page = window.report
    page.tabs.setCurrentWidget(page.table_tabs["t3"])
    view = page.table_tabs["t3"].view
    view.setFocus()
    view.setCurrentItem(view.item_for("new", "natural"))
    QTest.keyClick(view, Qt.Key_Return)
    assert view.state() == QAbstractItemView.EditingState
    editor = QApplication.focusWidget()
    editor.selectAll()
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        QTest.keyClicks(editor, "66")
        QTest.keyClick(editor, Qt.Key_Return)
    assert window.session.edits == {("t3", "new", "natural"): "66"}


class UrlRecorder(QObject):
    """Receives the URLs QDesktopServices.openUrl is asked to open (no program is started)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot("QUrl")
    def record(self, url):
        self.urls.append(url.toLocalFile())


def _type_into_dialog(name: str | None, log: list) -> None:
    """When Qt's file dialog is up: type ``name`` into 文件名称 (or keep the default) and Enter."""
    def go():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, go)
            return
        log.append([w.text() for w in dialog.findChildren(QLabel) if w.text()])
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        if name is not None:
            field.selectAll()
            QTest.keyClicks(field, name)
        QTest.keyClick(field, Qt.Key_Return)
    QTimer.singleShot(50, go)


def test_open_accept_and_export_with_key_presses_only(qtbot, window, tmp_path):
    report = tmp_path / "report.docx"         # typed with QTest.keyClicks: ASCII only
    shutil.copyfile(resource_path("samples", strings.SAMPLE_FILE), report)
    activate(qtbot, window)
    log = []
    # Ctrl+O: Qt's own file dialog, in Chinese; type the path and Enter
    _type_into_dialog(str(report), log)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        QTest.keyClick(window, Qt.Key_O, Qt.ControlModifier)
    assert "查找范围：" in log[0] and window.session.path == str(report)
    # Ctrl+1: the findings; Down to the ambiguous placeholder fix; Space accepts it
    activate(qtbot, window)                    # (offscreen, focus does not come back by itself)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key_1, Qt.ControlModifier)
    tree = window.report.findings.tree
    assert QApplication.focusWidget() is tree
    s = window.session
    target = next(i for i, f in enumerate(s.findings) if f.rule == "T-PLACEHOLDER")
    assert s.decision(target) is None
    for _ in range(60):
        if window.report.findings.current_index() == target:
            break
        QTest.keyClick(tree, Qt.Key_Down)
    assert window.report.findings.current_index() == target
    QTest.keyClick(tree, Qt.Key_Space)
    assert s.decision(target) is True
    # Ctrl+S: the save dialog proposes 报告（已修正）.docx beside the input; Enter takes it
    recorder = UrlRecorder()
    QDesktopServices.setUrlHandler("file", recorder, "record")
    try:
        _type_into_dialog(None, log)
        with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS) as sig:
            QTest.keyClick(tree, Qt.Key_S, Qt.ControlModifier)
        out = tmp_path / "report（已修正）.docx"
        assert sig.args == [str(out)] and out.exists()
        assert not window.unsaved
        # the banner offers 打开文件 and 打开所在文件夹, reachable with the keyboard
        buttons = {b.text(): b for b in window.banner.findChildren(QPushButton)}
        for text in (strings.ACT_OPEN_EXPORTED, strings.ACT_OPEN_EXPORTED_FOLDER):
            button = buttons[text]
            assert button.isVisible() and button.focusPolicy() & Qt.TabFocus
            button.setFocus()
            QTest.keyClick(button, Qt.Key_Space)
        assert recorder.urls == [str(out), str(tmp_path)]
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_space_toggles_the_selected_finding_and_is_in_the_edit_menu(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    panel = window.report.findings
    panel.tree.expandAll()
    s = window.session
    i = next(i for i, f in enumerate(s.findings) if s.fixable(f))
    item = panel.item_for(i)
    panel.tree.setCurrentItem(item)
    panel.tree.setFocus()
    before = s.decision(i)
    QTest.keyClick(panel.tree, Qt.Key_Space)
    assert s.decision(i) is (not before)
    assert window.act_toggle in panel.tree.actions()
    menus = [a for a in window.findChildren(QMenu)]
    assert any(window.act_toggle in m.actions() for m in menus)
