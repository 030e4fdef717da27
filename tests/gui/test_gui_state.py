"""The window always describes what is on screen: the details pane, the filter banner, the status
bar while a file is read, a second click on the selected cell, the legend."""
from __future__ import annotations

import shutil

from gui_helpers import CHECK_TIMEOUT_MS, click_cell, drop_and_wait

from core.api import resource_path
from gui import strings, theme


def open_sample(qtbot, window, tmp_path):
    path = tmp_path / "报告.docx"
    shutil.copyfile(resource_path("samples", strings.SAMPLE_FILE), path)
    drop_and_wait(qtbot, window, path)
    page = window.report
    page.tabs.setCurrentWidget(page.table_tabs["t3"])
    view = page.table_tabs["t3"].view
    s = window.session
    hit = next(f for f in s.findings if f.location.table == "t3" and f.location.row
               and f.location.col)
    clean = next(k for k in view._items if not s.findings_at("t3", *k))
    return page, view, (hit.location.row, hit.location.col), clean


def test_a_clean_cell_clears_the_details_of_the_previous_finding(qtbot, window, tmp_path):
    page, view, hit, clean = open_sample(qtbot, window, tmp_path)
    click_cell(qtbot, view, view.item_for(*hit))
    assert page.findings.details.index is not None
    click_cell(qtbot, view, view.item_for(*clean))
    assert page.findings.details.index is None
    assert strings.DETAIL_EMPTY in page.findings.details.texts()
    assert page.findings.tree.currentItem() is None


def test_the_filter_banner_goes_with_a_tab_switch(qtbot, window, tmp_path):
    page, view, hit, _clean = open_sample(qtbot, window, tmp_path)
    click_cell(qtbot, view, view.item_for(*hit))
    assert page.findings.filtered and page.findings.filter_bar.isVisible()
    page.tabs.setCurrentWidget(page.structure)
    assert not page.findings.filtered and not page.findings.filter_bar.isVisible()
    assert len(page.findings.visible_indices()) == len(window.session.findings)


def test_clicking_the_selected_cell_again_filters_again(qtbot, window, tmp_path):
    page, view, hit, _clean = open_sample(qtbot, window, tmp_path)
    item = view.item_for(*hit)
    click_cell(qtbot, view, item)
    assert page.findings.filtered
    page.findings.show_all.click()
    assert not page.findings.filtered and view.currentItem() is item
    click_cell(qtbot, view, item)                     # the same, still selected, cell
    assert page.findings.filtered and page.findings.filter_bar.isVisible()


def test_the_status_bar_names_the_file_being_read(qtbot, window, seed_copy):
    first, second = seed_copy("000"), seed_copy("004")
    drop_and_wait(qtbot, window, first)
    with qtbot.waitSignal(window.checked, timeout=CHECK_TIMEOUT_MS):
        window.open_path(str(second))
        assert window.statusBar().currentMessage() == \
            strings.STATUS_READING.format(name=second.name)
    assert window.statusBar().currentMessage() == ""


def test_the_legend_names_every_colour_the_cells_take(window):
    legend = window.report.table_tabs["t3"].findChildren(type(window.banner.message))
    text = next(label.text() for label in legend if "红色" in label.text())
    for colour in (theme.SEVERITY_COLOURS["error"][0], theme.SEVERITY_COLOURS["warning"][0],
                   theme.SEVERITY_COLOURS["info"][0], theme.BLANK_BG, theme.EDITED_BG):
        assert colour in text
    assert "蓝色" in text and "提示" in text


def test_a_table_four_group_header_is_named_in_words(qtbot, window, tmp_path):
    page, _view, _hit, _clean = open_sample(qtbot, window, tmp_path)
    tab = page.table_tabs["t4"]
    page.tabs.setCurrentWidget(tab)
    header = tab.view._headers["review"][0]
    click_cell(qtbot, tab.view, header)
    text = page.findings.filter_label.text()
    assert "行政复议" in text and "review" not in text
