"""Nothing is lost: checking, fixing and exporting never write the input, in any format.

For a correct report with errors injected, in each input format: check it, write the corrected
DOCX, export the findings sheet; the input's bytes and modification time stay as they were and
the only new files in its folder are the outputs asked for."""
from __future__ import annotations

import hashlib
import os

import pytest

from core import api
from core.batch.export import write_findings_xlsx
from tests import builder

FORMATS = [("docx", "merged"), ("xlsx", "sheets"), ("txt", "tsv"), ("txt", "markdown"),
           ("html", "rowspan"), ("pdf", "merged")]


def _snapshot(path):
    st = os.stat(path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


def _broken_content():
    content = builder.correct_content(seed=21)
    key = ("t3", "r1", "natural")
    content.values[key] = str(int(content.values[key]) + 4)
    return content


@pytest.fixture(scope="module")
def pdf_cache(request, tmp_path_factory):
    from tests.hostile.corpus import pdf_cache

    return pdf_cache(request, tmp_path_factory)


def _write_input(folder, fmt, layout, cache):
    content = _broken_content()
    if fmt != "pdf":
        return builder.write(content, folder / builder.file_name(fmt, layout, "报告"), fmt,
                             layout)
    from tests import pdf_fixtures

    pdf_fixtures.require_soffice()
    docx_path = builder.write(content, folder.parent / "src.docx", "docx", layout)
    made = pdf_fixtures.convert([docx_path], cache)[0]
    path = folder / "报告.pdf"
    path.write_bytes(made.read_bytes())
    return path


@pytest.mark.parametrize("fmt,layout", FORMATS, ids=[f"{f}-{l}" for f, l in FORMATS])
def test_check_fix_and_export_never_write_the_input(fmt, layout, tmp_path, pdf_cache):
    folder = tmp_path / "报告目录"
    folder.mkdir()
    src = _write_input(folder, fmt, layout, pdf_cache)
    before = _snapshot(src)

    result = api.check(src)
    assert result.status == "checked"
    assert any(f.severity == "error" for f in result.findings)
    fixed = api.fix(result, folder / "修正.docx")
    sheet = write_findings_xlsx(result, folder / "问题清单.xlsx")

    assert _snapshot(src) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [src.name, "修正.docx", "问题清单.xlsx"])
    assert os.path.getsize(fixed) > 0 and os.path.getsize(sheet) > 0
