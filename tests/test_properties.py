"""Properties over random reports (hypothesis), each through the whole pipeline:

- a correct report, any seed, any layout: no arithmetic 错误, and every cell read as written;
- one random cell changed: a finding points at exactly that cell (its location, or one of the
  repairs it offers when several cells could be the wrong one);
- random byte-level corruption of a valid DOCX / XLSX / PDF: ``check`` returns a result, checked
  or refused with a known code and a Chinese message; it never raises.

Example counts are small (each example writes and checks a real file); the fuzzer in
tools/fuzz_readers.py runs the corruption property at scale.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.api import check, rule_catalogue
from core.model import Refusal
from tests import builder
from tests.hostile import corpus

ARITHMETIC = {r["id"] for r in rule_catalogue() if r["family"] == "arithmetic"}
RELATED_CELLS = [k for k in builder.all_cell_keys() if builder.relations_of(*k)]
CJK = re.compile(r"[\u4e00-\u9fff]")
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
REPORTS = settings(max_examples=10, deadline=None, suppress_health_check=_QUIET)   # ~1 s each
PROPERTY = settings(max_examples=20, deadline=None, suppress_health_check=_QUIET)

seeds = st.integers(min_value=0, max_value=10 ** 6)
layouts = st.sampled_from(builder.LAYOUTS)
levels = st.sampled_from(["部门", "人民政府", "乡镇街道"])


def check_content(content, fmt: str, layout: str):
    with tempfile.TemporaryDirectory(prefix="nianbao_prop_") as tmp:
        path = builder.write(content, Path(tmp) / builder.file_name(fmt, layout), fmt, layout)
        result = check(path)
    assert result.status == "checked", (fmt, layout, result.refusal and result.refusal.message)
    return result


@REPORTS
@given(seed=seeds, zero=st.booleans(), level=levels, layout=layouts)
def test_a_correct_report_in_any_layout_has_no_arithmetic_error(seed, zero, level, layout):
    content = builder.correct_content(seed=seed, zero=zero, level=level)
    result = check_content(content, *layout)
    wrong = [f"{f.rule} {f.message}" for f in result.findings
             if f.rule in ARITHMETIC and f.severity == "error"]
    assert wrong == []
    for (table, row, col), raw in content.values.items():
        assert result.report.tables[table].cells[(row, col)].value == float(raw), (table, row, col)


def _points_at(finding, cell: tuple[str, str, str]) -> bool:
    loc = finding.location
    if (loc.table, loc.row, loc.col) == cell:
        return True
    alternatives = finding.fix.alternatives if finding.fix else []
    return any((c.get("table"), c.get("row"), c.get("col")) == cell
               for option in alternatives for c in option)


@REPORTS
@given(seed=seeds, layout=layouts, cell=st.sampled_from(RELATED_CELLS),
       delta=st.integers(min_value=1, max_value=40))
def test_one_changed_cell_is_found_at_that_cell(seed, layout, cell, delta):
    content = builder.correct_content(seed=seed)
    content.values[cell] = str(int(content.values[cell]) + delta)
    result = check_content(content, *layout)
    errors = [f for f in result.findings if f.severity == "error"]
    assert any(_points_at(f, cell) for f in errors), [
        (f.rule, f.location.table, f.location.row, f.location.col) for f in errors]


# --- byte-level corruption -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def valid_files(request, tmp_path_factory) -> dict[str, bytes]:
    """A valid DOCX, XLSX and PDF report (the PDF from LibreOffice when installed, else a
    hand-made one with a text layer)."""
    folder = tmp_path_factory.mktemp("valid")
    files = {"docx": corpus.report_docx(folder).read_bytes(),
             "xlsx": corpus.report_xlsx(folder).read_bytes()}
    try:
        from tests import pdf_fixtures

        if not pdf_fixtures.soffice():
            raise RuntimeError("no LibreOffice")
        pdf = pdf_fixtures.convert([corpus.report_docx(folder, "for_pdf.docx")],
                                   corpus.pdf_cache(request, tmp_path_factory))[0]
        files["pdf"] = pdf.read_bytes()
    except (RuntimeError, OSError):
        files["pdf"] = corpus.many_pages_pdf(folder, pages=2).read_bytes()
    return files


corruption = st.lists(st.tuples(
    st.sampled_from(["flip", "overwrite", "insert", "delete", "truncate"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.binary(min_size=1, max_size=32)), min_size=1, max_size=6)


def corrupt(data: bytes, operations) -> bytes:
    buf = bytearray(data)
    for op, where, payload in operations:
        if not buf:
            break
        at = int(where * len(buf))
        if op == "flip":
            buf[at] ^= payload[0] or 1
        elif op == "overwrite":
            buf[at:at + len(payload)] = payload
        elif op == "insert":
            buf[at:at] = payload
        elif op == "delete":
            del buf[at:at + len(payload) * 8]
        else:
            del buf[at:]
    return bytes(buf)


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_corrupted_files_give_a_result_or_a_typed_refusal(kind, valid_files):
    @PROPERTY
    @given(operations=corruption)
    def prop(operations):
        data = corrupt(valid_files[kind], operations)
        with tempfile.TemporaryDirectory(prefix="nianbao_corrupt_") as tmp:
            path = Path(tmp) / f"corrupted.{kind}"
            path.write_bytes(data)
            result = check(path)                       # any exception fails the property
            assert path.read_bytes() == data
        assert result.status in ("checked", "refused")
        if result.status == "refused":
            assert result.refusal.code in Refusal.CODES
            assert CJK.search(result.refusal.message)
    prop()
