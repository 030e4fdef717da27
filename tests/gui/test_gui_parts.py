"""The parts on their own: the worker, the session's bookkeeping, help and about, the icon,
and the GUI's boundaries (what it imports, where its Chinese text lives)."""
from __future__ import annotations

import ast
import sys
import threading
import time
from pathlib import Path

import pytest

from core.api import check, rule_catalogue
from gui import layout, strings
from gui.session import Session, finding_key
from gui.worker import Worker, run_in_background

GUI = Path(__file__).resolve().parents[2] / "gui"
ALLOWED_CORE = {"core.api", "core.findings"}


# --- worker -----------------------------------------------------------------------------------

def test_the_worker_returns_in_the_gui_thread(qtbot, gui_app):
    seen = {}

    def job(x):
        seen["thread"] = threading.current_thread()
        return x * 2

    worker = Worker(job, 21)
    with qtbot.waitSignal(worker.signals.returned, timeout=5000) as sig:
        worker.start()
    assert sig.args == [42]
    assert seen["thread"] is not threading.main_thread()


def test_the_worker_reports_errors_with_their_traceback(qtbot, gui_app):
    def job():
        raise KeyError("nope")

    worker = Worker(job)
    with qtbot.waitSignal(worker.signals.errored, timeout=5000) as sig:
        worker.start()
    exc, tb_text = sig.args[0]
    assert isinstance(exc, KeyError) and "nope" in tb_text


def test_a_generator_worker_reports_progress_and_stops_when_aborted(qtbot, gui_app):
    gate = threading.Event()

    def job():
        yield 1
        gate.wait(5)
        yield 2
        yield 3
        return "done"

    progress, returned = [], []
    worker = run_in_background(job, progress=progress.append, returned=returned.append)
    qtbot.waitUntil(lambda: progress == [1], timeout=5000)
    worker.abort()
    gate.set()
    qtbot.waitUntil(worker.done.is_set, timeout=5000)
    qtbot.wait(50)
    assert progress == [1] and returned == []


def test_an_aborted_plain_worker_drops_its_result(qtbot, gui_app):
    returned = []
    worker = run_in_background(lambda: time.sleep(0.2) or "late", returned=returned.append)
    worker.abort()
    qtbot.waitUntil(worker.done.is_set, timeout=5000)
    qtbot.wait(50)
    assert returned == []


# --- session ----------------------------------------------------------------------------------

def _session(seed_copy, prefix="000"):
    return Session(check(seed_copy(prefix)))


def test_certain_fixes_are_accepted_by_default_and_choices_hold_explicit_decisions(seed_copy):
    s = _session(seed_copy)
    blank = next(i for i, f in enumerate(s.findings) if f.rule == "T-BLANK")
    assert s.decision(blank) is True and s.choices() == {}
    s.decide(blank, False)
    assert s.choices() == {blank: False}
    assert s.cell("t3", s.findings[blank].location.row, "total").proposed is None


def test_ambiguous_fixes_wait_for_a_choice_and_offer_the_alternatives(seed_copy):
    s = _session(seed_copy, "001")
    i = next(i for i, f in enumerate(s.findings)
             if f.rule == "T-GLUED-UNREADABLE" and f.location.row == "regulations")
    assert s.decision(i) is None
    assert s.options_for(i) == [[1, 0, 56], [10, 5, 6]]
    assert s.cell("t2", "regulations", "made").undecided
    s.decide(i, [10, 5, 6])
    assert [s.cell("t2", "regulations", c).proposed for c in ("made", "repealed", "valid")] \
        == [10, 5, 6]
    assert s.choices() == {i: [10, 5, 6]}


def test_the_details_say_choose_one_only_when_there_is_more_than_one_fix(qtbot, seed_copy):
    from gui.finding_details import FindingDetails

    s = _session(seed_copy, "001")
    panel = FindingDetails()
    qtbot.addWidget(panel)
    by_count = {}
    for i, f in enumerate(s.findings):
        if f.fix is not None and f.fix.certainty == "confirm":
            panel.show_finding(s, i)
            by_count[len(s.options_for(i))] = panel.texts()
    assert 1 in by_count and 2 in by_count
    assert strings.DETAIL_FIX + strings.DETAIL_FIX_CONFIRM_ONE in by_count[1]
    assert strings.DETAIL_FIX + strings.DETAIL_FIX_CONFIRM not in by_count[1]
    assert strings.DETAIL_FIX + strings.DETAIL_FIX_CONFIRM in by_count[2]


def test_decisions_survive_a_recheck_by_finding_identity(seed_copy):
    from gui.session import recheck

    s = _session(seed_copy)
    i = next(i for i, f in enumerate(s.findings) if f.rule == "T-LABEL")
    s.decide(i, False)
    key = finding_key(s.findings[i])
    s.set_edit("t3", "r1", "total", "0")
    s.set_findings(*recheck(s.base, s.edits, s.meta, s.options))
    j = next(j for j, f in enumerate(s.findings) if finding_key(f) == key)
    assert s.decision(j) is False


def test_typing_the_original_value_back_forgets_the_edit(seed_copy):
    s = _session(seed_copy, "003")
    assert s.set_edit("t3", "r1", "natural", "5")
    assert s.set_edit("t3", "r1", "natural", "0")
    assert s.edits == {}
    assert not s.set_edit("t3", "r1", "natural", "0")


# --- layout -----------------------------------------------------------------------------------

def test_every_value_cell_of_the_format_has_exactly_one_place_in_its_grid():
    from core.standard import load

    std = load()
    for table in layout.TABLES:
        grid = layout.grid(table)
        assert set(grid.values) == set(std.cell_keys(table))
        taken = {}
        for key, (r, c, rs, cs) in grid.values.items():
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    assert (rr, cc) not in taken
                    taken[(rr, cc)] = key
        for fx in grid.fixed:
            for rr in range(fx.row, fx.row + fx.rowspan):
                for cc in range(fx.col, fx.col + fx.colspan):
                    assert (rr, cc) not in taken, (table, fx)
                    taken[(rr, cc)] = fx
        assert len(taken) == grid.rows * grid.cols, table


# --- help, about, icon ------------------------------------------------------------------------

def test_help_lists_every_rule_with_its_explanation(gui_app):
    from gui.dialogs import HelpDialog

    dialog = HelpDialog()
    text = dialog.browser.toPlainText()
    for r in rule_catalogue():
        assert r["id"] in text and r["title"] in text
        assert r["explanation"].replace("\n", "")[:20] in text


def test_about_names_the_program_its_version_offline_and_the_licences(gui_app):
    from PySide6.QtWidgets import QLabel

    from core.version import VERSION
    from gui.dialogs import AboutDialog

    dialog = AboutDialog()
    labels = " ".join(lbl.text() for lbl in dialog.findChildren(QLabel))
    assert strings.APP_NAME in labels and VERSION in labels
    assert "完全离线运行，不联网、不上传任何数据" in labels
    licences = dialog.licenses.toPlainText()
    for name in ("PySide6", "LGPL-3.0", "python-docx", "openpyxl", "pdfplumber", "pdfminer.six",
                 "pypdfium2", "rapidfuzz", "lxml", "defusedxml", "charset-normalizer", "Pillow"):
        assert name in licences
    # the whole file, down to the full licence texts at its end (tests/test_licenses.py checks
    # the file itself)
    from core.resources import resource_path
    from gui.dialogs import for_readers
    whole = resource_path("licenses", "THIRD_PARTY.txt").read_text(encoding="utf-8")
    assert licences == for_readers(whole) and len(licences) > 0.99 * len(whole)
    assert "gen_licenses" in whole and "gen_licenses" not in licences   # no note for developers
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in licences and "第三方软件许可说明" in licences


def test_the_icon_is_a_256_pixel_png(gui_app):
    from PySide6.QtGui import QImage

    from core.resources import resource_path

    img = QImage(str(resource_path("icons", "app.png")))
    assert (img.width(), img.height()) == (256, 256)


# --- boundaries -------------------------------------------------------------------------------

def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(GUI.glob("*.py")), ids=lambda p: p.name)
def test_the_gui_imports_only_the_core_api(path):
    core = {n for n in _imports(path) if n == "core" or n.startswith("core.")}
    assert core <= ALLOWED_CORE, f"{path.name} imports {core - ALLOWED_CORE}"


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               for ch in text)


@pytest.mark.parametrize("path", sorted(p for p in GUI.glob("*.py") if p.name != "strings.py"),
                         ids=lambda p: p.name)
def test_user_text_lives_in_strings_py(path):
    bad = [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
           if isinstance(node, ast.Constant) and isinstance(node.value, str) and _cjk(node.value)]
    assert not bad, f"{path.name}: {bad[:3]}"


def test_the_refcount_shield_is_only_for_the_affected_shiboken():
    import platform

    from gui.compat import affected

    on_311 = sys.version_info < (3, 12) and platform.python_implementation() == "CPython"
    assert affected((6, 12)) is on_311 and affected((6, 13)) is on_311
    assert affected((6, 9)) is False and affected((6, 11)) is False
    import shiboken6
    shielded = getattr(sys, "_nianbao_singletons_shielded", False)
    assert shielded is affected(tuple(shiboken6.__version_info__[:2]))


def test_long_choices_wrap_inside_the_details_pane_and_their_words_choose(qtbot, seed_copy):
    """A radio button's text never wraps: a long choice used to make the pane wider than its
    window, and every line of the details was cut at the right."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from gui.finding_details import FindingDetails, _ChoiceText

    s = _session(seed_copy, "001")
    panel = FindingDetails()
    qtbot.addWidget(panel)
    panel.resize(320, 500)
    panel.show()
    i = max((i for i, f in enumerate(s.findings) if s.fixable(f)),
            key=lambda i: len(s.option_text(i, s.options_for(i)[0])))
    panel.show_finding(s, i)
    qtbot.wait(50)
    words = panel.widget().findChildren(_ChoiceText)
    assert len(words) == len(s.options_for(i)) + 1 and len(words[0].text()) > 30
    assert panel.widget().width() <= panel.viewport().width()
    assert all(w.geometry().right() <= panel.viewport().width() for w in words)
    QTest.mouseClick(words[-1], Qt.LeftButton, pos=QPoint(5, 5))   # 不修改
    assert s.decision(i) is False and words[-1].button.isChecked()
