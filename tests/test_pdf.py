"""The PDF reader: the same report as DOCX and as PDF must give the same cells and findings.

PDFs are made at test time (tests/pdf_fixtures.py): the builder's DOCX layouts converted by
LibreOffice, a report printed by Qt (another PDF producer, with and without cell borders), an
image-only "scan", a password-protected file and truncated bytes. Mutation tests inject one
error into a correct report, render DOCX -> PDF and expect exactly that finding at that cell,
as for the DOCX itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from core import messages
from core.api import CheckOptions, check
from core.model import Paragraph, Refusal
from core.readers.pdf_layout import _plain, font_is_bold
from core.readers.pdf_reader import _PAGE_NUMBER, PdfSettings, read_pdf
from tests import pdf_fixtures as fx
from tests.builder import correct_content, flow, render_html

SEED = 11
LAYOUTS = ("merged", "flat", "split")
SIGNIFICANT = ("error", "warning")
HEADER = "示例市示例区人民政府办公室政务公开专刊"
TABLES = ("t2", "t3", "t4")


# --- the mutations ------------------------------------------------------------------------------

@dataclass
class Mutation:
    name: str
    apply: Callable            # content -> None
    rule: str
    where: tuple               # (section, table, row, col)
    fix: object = None
    certainty: str = "certain"


BASE = correct_content(seed=SEED)
V = BASE.values
INTERIOR = ("t3", "r4_1", "natural")
ZERO = next(("t3", r, "natural") for r in ("r3_1", "r3_3", "r5_4", "r6_2", "r3_2", "r4_3")
            if V[("t3", r, "natural")] == "0")


def _bump(key, delta):
    def apply(c):
        c.values[key] = str(int(c.values[key]) + delta)
    return apply


def _set(key, value):
    def apply(c):
        c.values[key] = value
    return apply


def _drop_section(key):
    def apply(c):
        del c.sections[key]
    return apply


def _prose_new_count(c):
    new = int(c.values[("t3", "new", "total")])
    paras = c.sections["S1"]
    for i, p in enumerate(paras):
        if "新收政府信息公开申请" in p:
            paras[i] = re.sub(r"新收政府信息公开申请\s*\d+\s*件", f"新收政府信息公开申请{new + 5}件", p)
            return
    raise AssertionError("builder prose has no 新收 sentence")


MUTATIONS = [
    Mutation("interior cell r4_1 natural +3", _bump(INTERIOR, 3), "T3-ROW-SUM",
             ("S3", *INTERIOR), int(V[INTERIOR])),
    # certain: the builder's prose says "行政复议2件", which decides between the equal repairs
    Mutation("表四 group total +1", _bump(("t4", "review", "total"), 1), "T4-GROUP-SUM",
             ("S4", "t4", "review", "total"), int(V[("t4", "review", "total")]), "certain"),
    Mutation("blank cell", _set(ZERO, ""), "T-BLANK", ("S3", *ZERO), 0),
    Mutation("row total +2", _bump(("t3", "r1", "total"), 2), "T3-ROW-SUM",
             ("S3", "t3", "r1", "total"), int(V[("t3", "r1", "total")])),
    Mutation("（七）总计 of one column +1", _bump(("t3", "total", "natural"), 1), "T3-COL-SUM",
             ("S3", "t3", "total", "natural"), int(V[("t3", "total", "natural")])),
    Mutation("结转下年度 +1 breaks the balance", _bump(("t3", "carried_out", "natural"), 1),
             "T3-BALANCE", ("S3", "t3", "carried_out", "natural"),
             int(V[("t3", "carried_out", "natural")])),
    Mutation("a slash for a number", _set(("t3", "r5_2", "legal"), "/"), "T-PLACEHOLDER",
             ("S3", "t3", "r5_2", "legal"), int(V[("t3", "r5_2", "legal")])),
    Mutation("text in a value cell", _set(INTERIOR, "约" + V[INTERIOR]), "T-NOT-NUMBER",
             ("S3", *INTERIOR), int(V[INTERIOR])),
    Mutation("missing section 五", _drop_section("S5"), "SEC-MISSING", ("S5", None, None, None),
             "五、存在的主要问题及改进情况"),
    Mutation("drifted column label", lambda c: c.relabel.update({"社会公益组织": "社会组织"}),
             "T-LABEL", ("S3", "t3", None, "social"), "社会公益组织"),
    Mutation("prose count contradicts 表三", _prose_new_count, "N-T3-COUNT",
             ("S3", "t3", "new", "total")),
]


# --- fixtures: every DOCX -> PDF conversion once per session -----------------------------------

@dataclass
class Pair:
    docx: Path
    pdf: Path


def _cache_dir(request, tmp_path_factory) -> Path:
    return fx.cache_dir(request, tmp_path_factory, "nianbao_pdf")


_docx = fx.cached_docx


@pytest.fixture(scope="session")
def rendered(request, tmp_path_factory) -> dict:
    """(name, layout) -> Pair(docx, pdf) for the base report, every mutation and the long report;
    LibreOffice runs once for all of them (and not at all when the cache has them)."""
    fx.require_soffice()
    folder = tmp_path_factory.mktemp("pdf_docx")
    cache = _cache_dir(request, tmp_path_factory)
    docs: dict = {}
    for layout in LAYOUTS:
        docs[("base", layout)] = _docx(correct_content(seed=SEED), layout, cache)
        for m in MUTATIONS:
            content = correct_content(seed=SEED)
            m.apply(content)
            docs[(m.name, layout)] = _docx(content, layout, cache)
    base = docs[("base", "merged")]
    furnished = fx.add_page_furniture(base, folder / "furnished.docx", header=HEADER)
    docs[("long", "merged")] = fx.insert_prose_before(furnished, folder / "long.docx",
                                                      "三、收到和处理政府信息公开申请情况", 9)
    docs[("pages", "merged")] = fx.add_page_furniture(
        base, folder / "pages.docx", header=HEADER, footer="第{PAGE}页 共{NUMPAGES}页")
    docs[("gongwen", "merged")] = fx.gongwen_style(base, folder / "gongwen.docx")
    keys = list(docs)
    pdfs = fx.convert([docs[k] for k in keys], cache)
    return {k: Pair(docs[k], pdf) for k, pdf in zip(keys, pdfs)}


_results: dict = {}


def checked(path: Path, **options):
    key = (str(path), tuple(sorted(options.items())))
    if key not in _results:
        _results[key] = check(path, CheckOptions(**options))
    return _results[key]


def _key(f):
    loc = f.location
    return (f.rule, loc.section, loc.table, loc.row, loc.col)


def significant(result) -> set:
    return {_key(f) for f in result.findings if f.severity in SIGNIFICANT}


def raw_cells(result, table: str) -> dict:
    return {k: v.raw.strip() for k, v in result.report.tables[table].cells.items()}


# --- the same report as DOCX and PDF ------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_of_a_docx_layout_reads_every_cell_the_docx_reads(rendered, layout):
    pair = rendered[("base", layout)]
    pdf, docx = checked(pair.pdf), checked(pair.docx)
    assert pdf.status == "checked", pdf.refusal and pdf.refusal.message
    assert docx.status == "checked", docx.refusal and docx.refusal.message
    for table in TABLES:
        assert raw_cells(pdf, table) == raw_cells(docx, table), table
        expected = {(r, c): raw for (t, r, c), raw in V.items() if t == table}
        assert raw_cells(pdf, table) == expected, table
    assert [f"{f.rule} {f.message}" for f in pdf.findings if f.severity == "error"] == []
    assert [s.key for s in pdf.report.sections] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert significant(pdf) == significant(docx)
    assert pdf.info == docx.info


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_injected_error_in_a_pdf_is_found_exactly_there(rendered, layout, mutation):
    base, mutated = rendered[("base", layout)], rendered[(mutation.name, layout)]
    result = checked(mutated.pdf)
    assert result.status == "checked", result.refusal and result.refusal.message
    new = significant(result) - significant(checked(base.pdf))
    assert new == {(mutation.rule, *mutation.where)}, [
        f"{f.rule} {f.message}" for f in result.findings if _key(f) in new]
    finding = next(f for f in result.findings if _key(f) == (mutation.rule, *mutation.where))
    if mutation.fix is not None:
        assert finding.fix is not None and finding.fix.value == mutation.fix
        if finding.fix.kind == "cell":
            assert finding.fix.certainty == mutation.certainty
    if finding.location.table and finding.location.row and finding.location.col:
        source = finding.location.source
        assert source is not None and source.kind == "pdf" and source.page >= 1
    docx_new = significant(checked(mutated.docx)) - significant(checked(base.docx))
    assert new == docx_new


# --- page breaks and page furniture -------------------------------------------------------------

def _read(path: Path):
    return read_pdf(str(path), path.read_bytes())


def test_table_broken_over_pages_is_one_table_with_all_25_rows(rendered):
    pair = rendered[("long", "merged")]
    doc = _read(pair.pdf)
    t3_tables = [t for t in doc.tables()
                 if any("（七）总计" in c.text for row in t.rows for c in row)]
    assert len(t3_tables) == 1
    pages = {c.source.page for row in t3_tables[0].rows for c in row}
    assert len(pages) >= 2, "precondition: 表三 must be broken over a page break"
    labels = [c.text for row in t3_tables[0].rows for c in row if c.text.startswith("（七）")]
    assert labels == ["（七）总计"]
    result = checked(pair.pdf)
    t3 = result.report.tables["t3"]
    rows = {r for r, _ in t3.cells}
    assert len(rows) == 25 and len(t3.cells) == 25 * 7
    assert raw_cells(result, "t3") == {(r, c): raw for (t, r, c), raw in V.items() if t == "t3"}
    assert [f"{f.rule} {f.message}" for f in result.findings if f.severity == "error"] == []


@pytest.mark.parametrize("name", ["long", "pages"])
def test_page_numbers_and_running_header_are_not_paragraphs(rendered, name):
    doc = _read(rendered[(name, "merged")].pdf)
    pages = {p.source.page for p in doc.paragraphs()}
    assert len(pages) >= 3, "precondition: several pages"
    texts = [p.text for p in doc.paragraphs()]
    assert not [t for t in texts if HEADER in t]
    assert not [t for t in texts if re.search(r"—\s*\d+\s*—|第\s*\d+\s*页", t)]
    assert texts[0] == BASE.title
    assert BASE.signature_date in texts[-1]


@pytest.mark.parametrize("name", ["base", "gongwen"])
def test_wrapped_lines_are_joined_into_the_paragraphs_as_written(rendered, name):
    """Headings stay their own paragraphs; a paragraph wrapped over lines (and pages) is one,
    told apart by the gap after it (base) or by the first-line indent alone (gongwen: 公文
    layout, fixed line pitch, no space between paragraphs)."""
    doc = _read(rendered[(name, "merged")].pdf)
    expected = [text for kind, text in flow(BASE) if kind != "table"]
    assert [p.text for p in doc.paragraphs()] == expected
    headings = {text for kind, text in flow(BASE) if kind == "heading"}
    assert all(p.bold for p in doc.paragraphs() if p.text in headings)
    result = checked(rendered[(name, "merged")].pdf)
    assert [f"{f.rule} {f.message}" for f in result.findings if f.severity == "error"] == []
    assert result.info["agency"] == BASE.agency and result.report.meta.signed == (2024, 1, 20)


def test_every_paragraph_and_cell_knows_its_page_and_box(rendered):
    doc = _read(rendered[("long", "merged")].pdf)
    table_index = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            refs = [block.source]
        else:
            assert block.source.table == table_index
            refs = []
            for r, row in enumerate(block.rows):
                for cell in row:
                    assert (cell.source.table, cell.source.row) == (table_index, r)
                    assert cell.source.col is not None
                    refs.append(cell.source)
            table_index += 1
        for ref in refs:
            assert ref.kind == "pdf" and ref.page >= 1
            x0, top, x1, bottom = ref.box
            assert 0 <= x0 <= x1 <= 1000 and 0 <= top <= bottom <= 1200


def test_merged_cells_appear_once_with_their_span(rendered):
    doc = _read(rendered[("base", "merged")].pdf)
    cells = [c for t in doc.tables() for row in t.rows for c in row]
    result_label = [c for c in cells if c.text == "三、本年度办理结果"]
    assert len(result_label) == 1 and result_label[0].rowspan == 22
    applicant = [c for c in cells if c.text == "申请人情况"]
    assert len(applicant) == 1 and applicant[0].colspan == 7


# --- another PDF producer -----------------------------------------------------------------------

@pytest.mark.parametrize("border", ["1", "0"], ids=["ruled", "unruled"])
def test_qt_printed_report_is_read_with_its_tables(qt_report, tmp_path, border):
    if border == "1":
        pdf = qt_report
    else:
        html = render_html(BASE).replace('width="900"', 'width="100%"')
        pdf = fx.qt_pdf(html.replace('border="1"', 'border="0"'), tmp_path / "qt.pdf")
    doc = _read(pdf)
    assert doc.tables(), "the table must be read as a table"
    result = checked(pdf)
    assert result.status == "checked"
    for table in ("t3", "t4"):
        assert raw_cells(result, table) == {(r, c): raw for (t, r, c), raw in V.items()
                                            if t == table}, table
    assert not [f for f in result.findings if f.severity == "error"]
    assert result.info["agency"] == BASE.agency and result.info["year"] == BASE.year


def test_digits_of_neighbouring_cells_never_run_together(tmp_path):
    rows = [["12", "34", "5", "678", "9", "10", "1112"], ["0", "00", "7", "77", "0", "1", "23"]]
    html = ('<table border="1" cellspacing="0" cellpadding="0">'
            + "".join("<tr><td>标签</td>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>"
                      for row in rows) + "</table>")
    doc = _read(fx.qt_pdf(html, tmp_path / "tight.pdf"))
    [table] = doc.tables()
    assert [[c.text for c in row] for row in table.rows] == [["标签", *row] for row in rows]


def test_a_space_between_numbers_in_the_text_is_kept(tmp_path):
    doc = _read(fx.qt_pdf("<p>本年新收申请 12 34 件，English words stay apart。</p>",
                          tmp_path / "spaces.pdf"))
    assert [p.text for p in doc.paragraphs()] == ["本年新收申请 12 34 件，English words stay apart。"]


# --- refusals -----------------------------------------------------------------------------------

def test_scanned_pdf_without_readable_text_is_refused_with_the_chinese_message(tmp_path):
    """A page picture with nothing on it: nothing to read, with OCR (tests/test_ocr.py reads
    scans with text) or without it (the default executable, whose message names the OCR
    version)."""
    from core.readers.ocr import available

    pdf = fx.scanned_pdf(tmp_path / "scan.pdf", [])
    result = check(pdf)
    assert result.status == "refused"
    assert result.refusal.code == "scanned"
    assert result.refusal.message == (messages.REFUSE_SCANNED if available()
                                      else messages.REFUSE_SCANNED_NO_OCR)


def test_a_scanned_page_inside_a_text_pdf_is_noted(qt_report, tmp_path, monkeypatch):
    """A picture without text (a seal) after the report: without the OCR it is a page nothing
    read, said once as a warning; the OCR reads it and finds nothing on it."""
    from core.readers import ocr

    scan = fx.scanned_pdf(tmp_path / "scan.pdf", [])
    mixed = fx.append_pdf(qt_report, scan, tmp_path / "mixed.pdf")
    if ocr.available():
        doc = _read(mixed)
        assert doc.notes == [] and doc.unread_pages == []
    monkeypatch.setattr(ocr, "available", lambda: False)
    doc = _read(mixed)
    last = max(p.source.page for p in doc.paragraphs())
    assert doc.notes == [messages.pdf_scanned_pages([last + 1])]
    assert doc.unread_pages == [last + 1] and doc.unread_without_ocr
    result = check(mixed)
    assert result.status == "checked"
    [unread] = [f for f in result.findings if f.rule == "DOC-UNREAD-PAGES"]
    assert unread.severity == "warning" and unread.expected is None   # nothing unseen there
    assert unread.message.startswith(f"第{last + 1}页只有图片") and "OCR" in unread.message


def test_encrypted_pdf_is_refused_and_opens_with_its_password(rendered, request,
                                                               tmp_path_factory):
    pdf = fx.encrypted_pdf(rendered[("base", "merged")].docx,
                           _cache_dir(request, tmp_path_factory), password="123")
    for options in ({}, {"password": "wrong"}):
        result = check(pdf, CheckOptions(**options))
        assert result.status == "refused"
        assert result.refusal.code == "encrypted"
        assert result.refusal.message == messages.REFUSE_ENCRYPTED_PDF
    opened = check(pdf, CheckOptions(password="123"))
    assert opened.status == "checked"
    assert raw_cells(opened, "t3") == {(r, c): raw for (t, r, c), raw in V.items() if t == "t3"}


@pytest.fixture(scope="session")
def qt_report(tmp_path_factory) -> Path:
    """The report printed by Qt: a PDF made without LibreOffice."""
    html = render_html(BASE).replace('width="900"', 'width="100%"')
    return fx.qt_pdf(html, tmp_path_factory.mktemp("qt") / "report.pdf")


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.02])
def test_truncated_pdf_is_corrupt(qt_report, tmp_path, cut):
    data = qt_report.read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:int(len(data) * cut)])
    result = check(broken)
    assert result.status == "refused" and result.refusal.code == "corrupt"
    assert "PDF" in result.refusal.message


def test_blank_padding_after_the_end_marker_is_accepted(qt_report):
    padded = qt_report.read_bytes() + b"\x00" * 10_000 + b"\r\n"
    doc = read_pdf("padded.pdf", padded)
    assert doc.tables() and doc.paragraphs()[0].text == BASE.title


def test_pdf_with_garbage_after_the_header_is_corrupt():
    data = b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"
    with pytest.raises(Refusal) as err:
        read_pdf("x.pdf", data)
    assert err.value.code == "corrupt"


def test_too_many_pages_is_refused(rendered):
    pdf = rendered[("long", "merged")].pdf
    with pytest.raises(Refusal) as err:
        read_pdf(str(pdf), pdf.read_bytes(), settings=PdfSettings(max_pages=2))
    assert err.value.code == "too_large" and "2 页" in err.value.message


# --- small parts --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["3", "— 3 —", "- 3 -", "–12–", "第3页 共5页", "第 3 页",
                                  "共5页 第3页", "3/5", "3 / 15", "Page 3 of 5"])
def test_page_number_shapes_are_furniture(text):
    assert _PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["一、总体情况", "2023年1月20日", "3.其他", "（七）总计 68"])
def test_text_is_not_a_page_number(text):
    assert not _PAGE_NUMBER.match(text)


def test_bold_and_heiti_fonts_are_bold():
    assert font_is_bold("BAAAAA+NotoSansCJKjp-Bold-VKana")
    assert font_is_bold("SimHei") and font_is_bold("黑体")
    assert font_is_bold("#BA#DA#CC#E5")                 # 黑体 as GBK bytes in the font name
    assert not font_is_bold("EAAAAA+NotoSansCJKjp-Regular") and not font_is_bold("SimSun")


def test_radical_lookalikes_become_ordinary_characters():
    assert _plain("⼀、总体情况") == "一、总体情况"
    assert _plain("中华人⺠共和国") == "中华人民共和国"
    assert _plain("１２") == "１２"                     # full-width digits stay as written


# --- progress and cancel (CheckOptions.progress / cancelled) -------------------------------------

def _page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def test_a_pdf_reports_each_page_and_the_result_is_the_same(rendered):
    pdf = rendered[("long", "merged")].pdf
    pages = _page_count(pdf)
    assert pages >= 3
    seen: list = []
    result = check(pdf, CheckOptions(progress=lambda done, total: seen.append((done, total))))
    assert seen == [(i, pages) for i in range(pages + 1)]
    assert significant(result) == significant(checked(pdf))


def test_cancel_stops_a_pdf_between_pages(rendered):
    from core.api import CheckCancelled

    pdf = rendered[("long", "merged")].pdf
    pages = _page_count(pdf)
    seen: list = []
    with pytest.raises(CheckCancelled):
        check(pdf, CheckOptions(progress=lambda done, total: seen.append(done),
                                cancelled=lambda: bool(seen) and seen[-1] >= 2))
    assert seen == [0, 1, 2] and pages > 2        # no page after the one that asked to stop


def test_cancel_also_stops_reading_last_years_report(rendered):
    from core.api import CheckCancelled

    this_year, prior = rendered[("base", "merged")].docx, rendered[("long", "merged")].pdf
    polls: list = []

    def cancelled():
        polls.append(1)
        return len(polls) > 3        # this year's file is read; stop inside last year's

    seen: list = []
    with pytest.raises(CheckCancelled):
        check(this_year, CheckOptions(prior=str(prior), cancelled=cancelled,
                                      progress=lambda d, t: seen.append(d)))
    assert seen == []                # last year's pages are not shown as this year's progress
    assert len(polls) < _page_count(prior) + 3


def test_cancel_is_polled_for_every_format_and_never_changes_a_result(rendered):
    from core.api import CheckCancelled

    docx = rendered[("base", "merged")].docx
    with pytest.raises(CheckCancelled):
        check(docx, CheckOptions(cancelled=lambda: True))
    assert significant(check(docx, CheckOptions(cancelled=lambda: False))) == significant(
        check(docx))


def test_tables_on_scanned_pages_are_unseen_not_missing(rendered, tmp_path, monkeypatch):
    """A report whose table pages were scanned (stamped and put back among the text pages), read
    without the OCR: the tables, rows and section on those pages are not reported missing; one
    warning names the pages nothing read and what was not found."""
    import pypdfium2 as pdfium

    from core.readers import ocr
    from tests import scan_fixtures as scans

    text = rendered[("base", "merged")].pdf
    scan = scans.scanned_copy(text, tmp_path / "scan.pdf", seed=3)
    src, pictures = pdfium.PdfDocument(str(text)), pdfium.PdfDocument(str(scan))
    pages = len(src)
    assert pages >= 4
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(src, [0])
    mixed.import_pages(pictures, list(range(1, pages - 1)))       # the table pages, scanned
    mixed.import_pages(src, [pages - 1])
    out = tmp_path / "mixed.pdf"
    mixed.save(str(out))
    for doc in (src, pictures, mixed):
        doc.close()
    monkeypatch.setattr(ocr, "available", lambda: False)
    result = check(out)
    assert result.status == "checked"
    assert not [f"{f.rule} {f.message}" for f in result.findings if f.severity == "error"]
    assert not [f for f in result.findings
                if f.rule in ("TABLE-MISSING", "T-ROW-MISSING", "SEC-MISSING")]
    [unread] = [f for f in result.findings if f.rule == "DOC-UNREAD-PAGES"]
    assert unread.severity == "warning" and unread.found == list(range(2, pages))
    assert unread.expected and "没有按缺少报告" in unread.message
    assert "年报校对助手-OCR" in unread.message
    # the rebuilt report says where the unread content goes, and re-checks without an error
    import docx

    from core.api import fix

    rebuilt = tmp_path / "rebuilt.docx"
    fix(result, rebuilt)
    notes = [p.text for p in docx.Document(str(rebuilt)).paragraphs if "没有读取" in p.text]
    assert notes and all(f"原件第{'、'.join(map(str, range(2, pages)))}页" in n for n in notes)
    again = check(rebuilt)
    assert not [f"{f.rule} {f.message}" for f in again.findings if f.severity == "error"]
