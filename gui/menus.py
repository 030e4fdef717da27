"""The main window's actions: one QAction each, with its shortcut, in the menu bar (file, edit,
view, tools, help) and the most used ones in the toolbar, whose buttons take keyboard focus."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from gui import strings


def _action(window, text: str, slot, shortcuts=(), tip: str | None = None,
            context=Qt.WindowShortcut) -> QAction:
    a = QAction(text, window)
    a.triggered.connect(slot)
    keys = [QKeySequence(k) for k in ((shortcuts,) if isinstance(shortcuts, (str, QKeySequence.StandardKey))
                                      else shortcuts)]
    if keys:
        a.setShortcuts(keys)
        a.setShortcutContext(context)
    if tip:
        a.setToolTip(tip)
        a.setStatusTip(tip)
    window.addAction(a)            # shortcuts work while the menu bar is closed
    return a


def build_actions(w) -> None:
    """Create ``w.act_*``, the menu bar and the toolbar of a MainWindow."""
    a = _action
    w.act_open = a(w, strings.ACT_OPEN, w.choose_file, QKeySequence.Open)
    w.act_sample = a(w, strings.OPEN_SAMPLE, w.open_sample, "Ctrl+Shift+M")
    w.act_prior = a(w, strings.ACT_PRIOR, w.choose_prior, "Ctrl+Shift+O", strings.TIP_PRIOR)
    w.act_prior_remove = a(w, strings.ACT_PRIOR_REMOVE_MENU, w.remove_prior, "Ctrl+Shift+R")
    w.act_docx = a(w, strings.ACT_EXPORT_DOCX, w.export_docx_dialog, QKeySequence.Save,
                   strings.TIP_EXPORT_DOCX)
    w.act_xlsx = a(w, strings.ACT_EXPORT_XLSX, w.export_xlsx_dialog, "Ctrl+E",
                   strings.TIP_EXPORT_XLSX)
    w.act_home = a(w, strings.ACT_HOME, w.go_home, "Alt+Home")
    w.act_quit = a(w, strings.ACT_QUIT, w.close, "Ctrl+Q")
    w.act_undo = a(w, strings.ACT_UNDO, w.undo, QKeySequence.Undo)
    w.act_redo = a(w, strings.ACT_REDO, w.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
    w.act_toggle = a(w, strings.ACT_TOGGLE_FIX, w.report.findings.toggle_current, "Space",
                     context=Qt.WidgetShortcut)
    w.report.findings.tree.addAction(w.act_toggle)
    w.act_edit_cell = a(w, strings.ACT_EDIT_CELL, w.report.edit_current_cell, "F2")
    w.act_show_all = a(w, strings.ACT_SHOW_ALL, w.report.findings.clear_filter, "Ctrl+Shift+A")
    w.act_focus_findings = a(w, strings.ACT_FOCUS_FINDINGS, w.report.focus_findings, "Ctrl+1")
    w.act_focus_table = a(w, strings.ACT_FOCUS_TABLE, w.report.focus_view, "Ctrl+2")
    w.act_next_tab = a(w, strings.ACT_NEXT_TAB, w.report.next_tab, "Ctrl+PgDown")
    w.act_prev_tab = a(w, strings.ACT_PREV_TAB, w.report.previous_tab, "Ctrl+PgUp")
    w.act_zoom_in = a(w, strings.ACT_ZOOM_IN, w.zoom_in, [QKeySequence.ZoomIn, "Ctrl+="])
    w.act_zoom_out = a(w, strings.ACT_ZOOM_OUT, w.zoom_out, QKeySequence.ZoomOut)
    w.act_zoom_reset = a(w, strings.ACT_ZOOM_RESET, w.zoom_reset, "Ctrl+0")
    w.act_recheck = a(w, strings.ACT_RECHECK, w.recheck_file, QKeySequence.Refresh)
    w.act_batch = a(w, strings.ACT_BATCH, w.show_batch, "Ctrl+B", strings.TIP_BATCH)
    w.act_help = a(w, strings.ACT_HELP, w.show_help, QKeySequence.HelpContents)
    w.act_about = a(w, strings.ACT_ABOUT, w.show_about, "Ctrl+F1")
    # enabled only while a report is on screen
    w.report_actions = [w.act_toggle, w.act_edit_cell, w.act_show_all, w.act_focus_findings,
                        w.act_focus_table, w.act_next_tab, w.act_prev_tab]

    undo_stack = w.undo_stack
    undo_stack.canUndoChanged.connect(w.act_undo.setEnabled)
    undo_stack.canRedoChanged.connect(w.act_redo.setEnabled)
    undo_stack.undoTextChanged.connect(w._undo_text_changed)
    undo_stack.redoTextChanged.connect(w._redo_text_changed)
    w.act_undo.setEnabled(False)
    w.act_redo.setEnabled(False)

    bar = w.menuBar()
    menu = bar.addMenu(strings.MENU_FILE)
    menu.addActions([w.act_open, w.act_sample])
    w.recent_menu = QMenu(strings.ACT_RECENT, menu)
    w.recent_menu.aboutToShow.connect(w._fill_recent_menu)
    menu.addMenu(w.recent_menu)
    menu.addSeparator()
    menu.addActions([w.act_prior, w.act_prior_remove])
    menu.addSeparator()
    menu.addActions([w.act_docx, w.act_xlsx])
    menu.addSeparator()
    menu.addActions([w.act_home, w.act_quit])
    menu = bar.addMenu(strings.MENU_EDIT)
    menu.addActions([w.act_undo, w.act_redo])
    menu.addSeparator()
    menu.addActions([w.act_toggle, w.act_edit_cell, w.act_show_all])
    menu = bar.addMenu(strings.MENU_VIEW)
    menu.addActions([w.act_focus_findings, w.act_focus_table, w.act_next_tab, w.act_prev_tab])
    menu.addSeparator()
    menu.addActions([w.act_zoom_in, w.act_zoom_out, w.act_zoom_reset])
    menu = bar.addMenu(strings.MENU_TOOLS)
    menu.addActions([w.act_recheck, w.act_batch])
    menu = bar.addMenu(strings.MENU_HELP)
    menu.addActions([w.act_help, w.act_about])

    tools = QToolBar(strings.TOOLBAR_TITLE)
    tools.setObjectName("toolbar")
    tools.setMovable(False)
    tools.setFloatable(False)
    tools.toggleViewAction().setVisible(False)
    tools.setToolButtonStyle(Qt.ToolButtonTextOnly)
    w.addToolBar(tools)
    for act in (w.act_home, w.act_open, w.act_prior, w.act_recheck):
        tools.addAction(act)
    tools.addSeparator()
    tools.addAction(w.act_docx)
    tools.widgetForAction(w.act_docx).setObjectName("primary")
    tools.addAction(w.act_xlsx)
    tools.addSeparator()
    tools.addAction(w.act_batch)
    for act in tools.actions():
        button = tools.widgetForAction(act)
        if button is not None:
            button.setFocusPolicy(Qt.TabFocus)     # reachable with Tab, like every button
        keys = act.shortcut().toString(QKeySequence.NativeText)
        if keys and not act.isSeparator():
            act.setToolTip(strings.TIP_SHORTCUT.format(tip=act.toolTip() or act.text(), keys=keys))
    w.toolbar = tools
