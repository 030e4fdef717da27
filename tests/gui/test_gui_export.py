"""Exports: the findings sheet (core/export.py) and the corrected DOCX (core.api.fix), through
the window's save flow: a default name beside the input, never the input, confirm to replace."""
from __future__ import annotations

import importlib.util
import os

import pytest
from gui_helpers import CHECK_TIMEOUT_MS, drop_and_wait
from openpyxl import load_workbook

from core.api import check
from core.batch.export import HEADERS, SHEET_TITLE, write_findings_xlsx
from core.fsutil import OutputError
from gui import exporting, strings

HAS_FIXER = importlib.util.find_spec("core.fix") is not None


# --- core/export.py ---------------------------------------------------------------------------

def test_the_findings_sheet_has_chinese_headers_a_frozen_header_and_a_filter(tmp_path,
                                                                            seed_copy):
    result = check(seed_copy("000"))
    out = tmp_path / "问题清单.xlsx"
    assert write_findings_xlsx(result, out) == str(out)
    ws = load_workbook(out)[SHEET_TITLE]
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:H{len(result.findings) + 1}"
    assert ws.max_row == len(result.findings) + 1
    first = [c.value for c in ws[2]]
    f = result.findings[0]
    # seed 000's first finding: its eight blank 总计 cells, one cause, a warning
    assert first[0] == 1 and first[1] == "警告" and f.rule in first[2]
    assert "表三" in first[3]
    assert first[4] == f.message
    assert first[7].startswith("表三“（一）予以公开”行“总计”列为0；")
    assert first[7].count("列为0") == 8
    assert ws["B2"].fill.fgColor.rgb.endswith("FFEB9C")
    # never a key or a raw structure anywhere in the sheet
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if "{'" in t or "'row'" in t or "r3_" in t]
    assert ws.column_dimensions["E"].width >= 50


def test_the_findings_sheet_never_overwrites_unless_told(tmp_path, seed_copy):
    src = seed_copy("003")
    result = check(src)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError) as err:
        write_findings_xlsx(result, out)
    assert err.value.code == "exists"
    assert out.read_bytes() == b"keep me"
    write_findings_xlsx(result, out, overwrite=True)
    assert load_workbook(out)[SHEET_TITLE].max_row == len(result.findings) + 1
    assert sorted(os.listdir(tmp_path)) == sorted([src.name, "out.xlsx"])   # no leftovers


def test_the_findings_sheet_refuses_to_write_over_the_checked_input(tmp_path, seed_copy):
    path = seed_copy("003", "报告.xlsx")          # a text report misnamed: read by its content
    result = check(path)
    assert result.status == "checked"
    before = path.read_bytes()
    with pytest.raises(OutputError) as err:
        write_findings_xlsx(result, path, overwrite=True)
    assert err.value.code == "same_as_input"
    assert path.read_bytes() == before


# --- save paths -------------------------------------------------------------------------------

def test_the_default_name_is_beside_the_input_and_never_the_input(tmp_path):
    src = tmp_path / "报告.docx"
    assert exporting.default_path(str(src), strings.DEFAULT_DOCX) == \
        str(tmp_path / "报告（已修正）.docx")
    again = tmp_path / "报告（已修正）.docx"
    again.write_bytes(b"x")
    proposed = exporting.default_path(str(again), strings.DEFAULT_DOCX)
    assert not exporting.same_file(proposed, again)
    assert proposed.endswith(".docx")


# --- through the window -----------------------------------------------------------------------

def test_exporting_the_findings_sheet_from_the_window(qtbot, window, seed_copy, tmp_path,
                                                     monkeypatch):
    src = seed_copy("000")
    drop_and_wait(qtbot, window, src)
    asked = {}

    def ask(title, default, file_filter):
        asked["default"] = default
        return str(tmp_path / "清单")

    monkeypatch.setattr(window, "ask_save_path", ask)
    with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS) as sig:
        window.export_xlsx_dialog()
    assert asked["default"] == str(tmp_path / f"{src.stem}（问题清单）.xlsx")
    out = tmp_path / "清单.xlsx"
    assert sig.args == [str(out)]
    assert load_workbook(out)[SHEET_TITLE].max_row == len(window.session.findings) + 1
    assert strings.NOTICE_EXPORTED.format(path=out) in window.banner.text()


def test_an_existing_file_is_replaced_only_after_confirmation(qtbot, window, seed_copy,
                                                             tmp_path, monkeypatch):
    drop_and_wait(qtbot, window, seed_copy("000"))
    out = tmp_path / "清单.xlsx"
    out.write_bytes(b"old")
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(out))
    monkeypatch.setattr(window, "confirm_replace", lambda path: False)
    window.export_xlsx_dialog()
    qtbot.wait(200)
    assert out.read_bytes() == b"old"
    monkeypatch.setattr(window, "confirm_replace", lambda path: True)
    with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS):
        window.export_xlsx_dialog()
    assert load_workbook(out)[SHEET_TITLE] is not None


def test_the_input_itself_is_never_an_export_target(qtbot, window, seed_copy, monkeypatch):
    src = seed_copy("000")
    before = src.read_bytes()
    drop_and_wait(qtbot, window, src)
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(src))
    window.export_docx_dialog()
    assert strings.SAME_AS_INPUT in window.banner.text()
    assert src.read_bytes() == before


def test_an_export_failure_is_a_chinese_message_in_the_window(qtbot, window, seed_copy,
                                                              tmp_path):
    drop_and_wait(qtbot, window, seed_copy("000"))
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x", encoding="utf-8")
    with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS) as sig:
        window.export_xlsx(str(not_a_folder / "out.xlsx"))
    assert sig.args == [""]
    assert window.banner.isVisible() and window.banner.kind == "error"
    assert strings.EXPORT_FAILED.split("{")[0] in window.banner.text()
    assert str(not_a_folder) in window.banner.text()      # core's sentence names the folder
    assert window.stack.currentWidget() is window.report       # and the window carries on


@pytest.fixture
def sample_copy(tmp_path):
    import shutil

    from core.resources import resource_path
    src = resource_path("samples", strings.SAMPLE_FILE)
    if not src.exists():
        pytest.skip("sample report missing")
    dst = tmp_path / "报告.docx"
    shutil.copyfile(src, dst)
    return dst


def test_the_corrected_docx_carries_typed_values_and_the_decisions(qtbot, window, sample_copy,
                                                                   tmp_path, monkeypatch):
    if not HAS_FIXER:
        pytest.skip("core.fix not present")
    from docx import Document

    before = sample_copy.read_bytes()
    drop_and_wait(qtbot, window, sample_copy)
    s = window.session
    # type the value the arithmetic asks for into 表三 (四)1 自然人
    wrong = next(f for f in s.findings if f.rule == "T3-ROW-SUM")
    view = window.report.table_tabs["t3"].view
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        view.commit(wrong.location.row, wrong.location.col, str(wrong.fix.value))
    assert not [f for f in window.session.findings if f.rule == "T3-ROW-SUM"]
    # leave the blank cell as it is (reject its fix in the list)
    panel = window.report.findings
    blank = next(i for i, f in enumerate(window.session.findings) if f.rule == "T-BLANK")
    panel.choose(blank, len(window.session.options_for(blank)))
    assert window.session.decision(blank) is False
    out = tmp_path / "修正稿.docx"
    asked = {}

    def ask(title, default, file_filter):
        asked["default"] = default
        return str(out)

    monkeypatch.setattr(window, "ask_save_path", ask)
    with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS) as sig:
        window.export_docx_dialog()
    assert asked["default"] == str(tmp_path / "报告（已修正）.docx")
    assert sig.args == [str(out)]
    assert sample_copy.read_bytes() == before              # the input is never written
    cells = {}
    for table in Document(str(out)).tables:
        for row in table.rows:
            texts = [c.text for c in row.cells]
            cells[texts[0] + texts[2]] = texts
    row = next(v for k, v in cells.items() if "本机关不掌握相关政府信息" in k)
    assert str(wrong.fix.value) in row[3:4]
    carried = next(v for k, v in cells.items() if k.startswith("二、上年结转"))
    assert "" in carried[3:]                                 # the rejected blank stays blank


def test_exporting_the_corrected_docx_from_a_text_report(qtbot, window, seed_copy, tmp_path,
                                                         monkeypatch):
    src = seed_copy("000")
    drop_and_wait(qtbot, window, src)
    out = tmp_path / "修正稿.docx"
    monkeypatch.setattr(window, "ask_save_path", lambda *a: str(out))
    with qtbot.waitSignal(window.exported, timeout=CHECK_TIMEOUT_MS) as sig:
        window.export_docx_dialog()
    if not HAS_FIXER:
        assert sig.args == [""]
        assert strings.EXPORT_UNAVAILABLE in window.banner.text()
        return
    assert sig.args == [str(out)]
    assert out.exists() and out.stat().st_size > 0
