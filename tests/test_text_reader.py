"""Plain text in the encodings and shapes reports are really copied in."""
from __future__ import annotations

import pytest

from core.api import check
from tests.builder import correct_content, write_txt

COLS = ["natural", "commercial", "research", "social", "legal", "other", "total"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
@pytest.mark.parametrize("layout", ["tsv", "oneperline", "markdown"])
def test_encodings_are_detected_by_content(tmp_path, encoding, layout):
    content = correct_content(seed=4)
    path = tmp_path / "报告.txt"
    write_txt(content, path, layout, encoding=encoding)
    raw = path.read_bytes()
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    result = check(path)
    assert result.status == "checked"
    assert result.info["agency"] == content.agency and result.info["year"] == 2023
    t3 = result.report.tables["t3"].cells
    assert [t3[("new", c)].value for c in COLS] == [int(content.values[("t3", "new", c)])
                                                   for c in COLS]
    assert result.count("error") == 0


def test_glued_digits_are_split_only_when_the_relations_allow_one_split(tmp_path):
    content = correct_content(seed=4)
    path = tmp_path / "glued.txt"
    write_txt(content, path, "glued")
    result = check(path)
    t3 = result.report.tables["t3"]
    glued = [f for f in result.findings if f.rule == "T-GLUED"]
    unreadable = [f for f in result.findings if f.rule == "T-GLUED-UNREADABLE"]
    # every row is either split exactly as written or honestly reported as unreadable
    for (t, r, c), raw in content.values.items():
        if t != "t3":
            continue
        cell = t3.cells[(r, c)]
        if cell.kind == "number":
            assert cell.value == int(raw), (r, c)
        else:
            assert cell.kind == "unreadable"
            assert any(f.location.row == r for f in unreadable)
    assert glued or all(t3.cells[k].kind == "number" and not t3.cells[k].derived
                        for k in t3.cells)


def test_values_keep_their_raw_text(tmp_path):
    content = correct_content(seed=4)
    content.values[("t2", "licensing", "count")] = "１２件"
    content.values[("t2", "punishment", "count")] = "1,234"
    content.values[("t2", "coercion", "count")] = "—"
    content.values[("t2", "fees", "amount")] = "无"
    path = tmp_path / "raw.txt"
    write_txt(content, path, "tsv")
    cells = check(path).report.tables["t2"].cells
    assert (cells[("licensing", "count")].raw, cells[("licensing", "count")].value) == ("１２件", 12)
    assert cells[("punishment", "count")].value == 1234
    assert cells[("coercion", "count")].kind == "placeholder"
    assert cells[("fees", "amount")].kind == "placeholder"
    assert cells[("regulations", "made")].kind == "number"
