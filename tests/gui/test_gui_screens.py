"""Small screens and scaling: the window fits a 1366×768 laptop with a taskbar, reflows down to
1024×640 with every action reachable, keeps 表三's row labels readable, remembers the panel
sizes, and does so at 125 % and 150 % (QT_SCALE_FACTOR, in a process of its own); Qt's own
dialogs speak Chinese."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import drop_and_wait
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QToolButton,
)

from core.api import resource_path
from gui import strings
from gui.table_view import T3_LABEL_MIN

ROOT = Path(__file__).resolve().parents[2]


def layout_facts(window) -> dict:
    """What a person at this size can reach and read."""
    window.resize(1024, 640)
    for _ in range(5):
        QApplication.processEvents()
    bar = window.toolbar
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    hidden = [a.text() for a in bar.actions() if not a.isSeparator()
              and not bar.widgetForAction(a).isVisible()]
    view = window.report.table_tabs["t3"].view
    split = window.report.split.sizes()
    return {"size": [window.width(), window.height()],
            "minimum": [window.minimumWidth(), window.minimumHeight()],
            "hint": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
            "hidden": hidden, "overflow": bool(extension and extension.isVisible()),
            "label": view.columnWidth(2) / view.zoom, "share": split[0] / sum(split)}


def check_facts(facts: dict) -> None:
    assert facts["minimum"][0] <= 1000 and facts["minimum"][1] <= 640
    assert facts["hint"][1] <= 640
    assert facts["size"] == [1024, 640]
    assert facts["hidden"] == [] and not facts["overflow"]      # every toolbar action on screen
    assert facts["label"] >= T3_LABEL_MIN - 1                   # row labels do not wrap per 2 chars
    assert 0.27 <= facts["share"] <= 0.46


def test_a_report_at_1024_by_640(qtbot, window, seed_copy):
    drop_and_wait(qtbot, window, seed_copy("000"))
    window.banner.hide()
    check_facts(layout_facts(window))


def test_the_findings_panel_is_kept_narrow_enough_and_remembered(qtbot, window, seed_copy):
    from gui.app import create_window

    drop_and_wait(qtbot, window, seed_copy("000"))
    window.resize(1200, 800)
    QApplication.processEvents()
    page = window.report
    total = sum(page.split.sizes())
    page.split.setSizes([total - 200, 200])             # dragged far to the right...
    page._split_moved(total - 200, 1)                   # (what QSplitter calls on a drag)
    share = page.split.sizes()[0] / total
    assert share <= 0.46                                # ...it stops at 45 %
    page.split.setSizes([int(total * 0.4), total - int(total * 0.4)])
    page._split_moved(int(total * 0.4), 1)
    again = create_window()
    try:
        assert abs(again.report._share - 0.4) < 0.01     # remembered for the next window
    finally:
        again.close()


SCRIPT = r"""
import json, os, sys, tempfile
sys.path.insert(0, sys.argv[1])
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()
from PySide6.QtCore import QEventLoop, QTimer
from gui.app import create_window, make_app
from gui import recovery
recovery.ROOT = tempfile.mkdtemp()
sys.path.insert(0, os.path.join(sys.argv[1], "tests", "gui"))
from test_gui_screens import layout_facts
app = make_app()
w = create_window()
w.show()
loop = QEventLoop()
w.checked.connect(loop.quit)
QTimer.singleShot(60000, loop.quit)
w.open_path(sys.argv[2])
loop.exec()
w.banner.hide()
facts = layout_facts(w)
facts["ratio"] = w.devicePixelRatioF()
print(json.dumps(facts))
w.close()
"""


@pytest.mark.parametrize("factor", ["1.25", "1.5"])
def test_at_125_and_150_percent(factor, tmp_path):
    env = dict(os.environ, QT_SCALE_FACTOR=factor, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT),
                          str(resource_path("samples", strings.SAMPLE_FILE))],
                         env=env, capture_output=True, text=True, timeout=180, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    facts = json.loads(out.stdout.strip().splitlines()[-1])
    assert abs(facts["ratio"] - float(factor)) < 0.01
    check_facts(facts)


def test_qt_dialogs_and_buttons_speak_chinese(gui_app):
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    dialog = QFileDialog(None)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert "查找范围：" in texts and "文件名称(&N)：" in texts
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert {b.text() for b in box.buttons()} == {"确定", "取消"}
    dialog.deleteLater()


def test_the_executable_bundles_the_chinese_qt_catalogue():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    pattern = re.search(r'QT_TRANSLATIONS = re\.compile\(r"(.+?)"\)', spec).group(1)
    assert re.search(pattern, "qtbase_zh_CN.qm")
    from gui.app import QT_CATALOGUE, translation_folders

    assert QT_CATALOGUE == "qtbase_zh_CN"
    assert any(os.path.exists(os.path.join(f, QT_CATALOGUE + ".qm")) for f in translation_folders())
