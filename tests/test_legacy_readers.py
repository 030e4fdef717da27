"""Word 97-2003 .doc, WPS .wps, OFD and Excel 97-2003 .xls: the same report in each gives the
findings of its DOCX (XLSX for .xls).

The files are made at test time from the builder's DOCX and from the bundled sample report:
.doc by LibreOffice (tests/legacy_fixtures.py, cached by content), .wps by storing that .doc's
document again as another Word-format writer may (0Table, many pieces, 8-bit pieces), OFD by the
test-only 公文 layout writer (tests/ofd_writer.py). Each must read into the same paragraphs and
cells as the DOCX (the .doc and .wps exactly, spans and bold included) and give the same
findings; an injected error is found at the same cell. The builder's workbooks are saved as
.xls by LibreOffice and must read as their XLSX does.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.api import CheckOptions, check, fix, resource_path
from core.model import Paragraph, Refusal
from core.readers import read, sniff
from core.readers.msdoc import parse_fib, piece_table
from tests import legacy_fixtures as lf
from tests import pdf_fixtures as fx
from tests.builder import correct_content, write
from tests.ofd_writer import write_ofd

SEED = 11
LAYOUTS = ("merged", "flat", "split")
SAMPLE = Path(resource_path("samples/示例报告.docx"))
BASE = correct_content(seed=SEED)
V = BASE.values
INTERIOR = ("t3", "r4_1", "natural")
ZERO = next(("t3", r, "natural") for r in ("r3_1", "r3_3", "r5_4", "r6_2", "r3_2", "r4_3")
            if V[("t3", r, "natural")] == "0")


@dataclass(frozen=True)
class Mutation:
    name: str
    rule: str
    where: tuple            # (section, table, row, col)

    def apply(self, content) -> None:
        if self.name == "interior +3":
            content.values[INTERIOR] = str(int(content.values[INTERIOR]) + 3)
        elif self.name == "blank":
            content.values[ZERO] = ""
        elif self.name == "label":
            content.relabel["社会公益组织"] = "社会组织"
        elif self.name == "no S5":
            del content.sections["S5"]


MUTATIONS = [
    Mutation("interior +3", "T3-ROW-SUM", ("S3", *INTERIOR)),
    Mutation("blank", "T-BLANK", ("S3", *ZERO)),
    Mutation("label", "T-LABEL", ("S3", "t3", None, "social")),
    Mutation("no S5", "SEC-MISSING", ("S5", None, None, None)),
]


# --- fixtures --------------------------------------------------------------------------------------

def _cache(request, tmp_path_factory) -> Path:
    return fx.cache_dir(request, tmp_path_factory, "nianbao_legacy")


_docx = fx.cached_docx


def _small_table_docx(path: Path) -> Path:
    """A 3 x 3 table with every cell filled, and a paragraph before and after it."""
    from docx import Document

    d = Document()
    d.add_paragraph("表格之前")
    table = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"格{r}{c}"
    d.add_paragraph("表格之后")
    d.save(str(path))
    return path


@pytest.fixture(scope="session")
def made(request, tmp_path_factory) -> dict:
    """name -> {"docx", "doc", "wps", "ofd"} for the base report in each layout, every mutation
    (merged layout) and the sample; LibreOffice runs once for all of them."""
    cache = _cache(request, tmp_path_factory)
    folder = tmp_path_factory.mktemp("legacy")
    docs: dict = {}
    for layout in LAYOUTS:
        docs[layout] = _docx(correct_content(seed=SEED), layout, cache)
    for m in MUTATIONS:
        content = correct_content(seed=SEED)
        m.apply(content)
        docs[m.name] = _docx(content, "merged", cache)
    docs["sample"] = SAMPLE
    docs["small"] = _small_table_docx(folder / "small.docx")
    converted = lf.convert(list(docs.values()), cache)
    out: dict = {}
    for (name, docx), doc in zip(docs.items(), converted):
        wps = folder / f"{name}.wps"
        wps.write_bytes(lf.repack_as_wps(doc.read_bytes()))
        ofd = write_ofd(read(str(docx)), folder / f"{name}.ofd")
        out[name] = {"docx": docx, "doc": doc, "wps": wps, "ofd": ofd}
    return out


_results: dict = {}


def checked(path: Path):
    if str(path) not in _results:
        _results[str(path)] = check(path, CheckOptions())
    return _results[str(path)]


def finding_keys(result) -> list:
    """Every finding as (rule, severity, section, table, row, col, proposed value)."""
    return sorted(((f.rule, f.severity, f.location.section, f.location.table, f.location.row,
                    f.location.col, None if f.fix is None else str(f.fix.value))
                   for f in result.findings), key=repr)


def blocks(path: Path) -> list:
    """Paragraph texts with bold, and tables as (text, grid column, spans) per row."""
    out = []
    for b in read(str(path)).blocks:
        if isinstance(b, Paragraph):
            out.append(("p", b.text, b.bold))
        else:
            out.append(("t", [[(c.text, c.source.col, c.rowspan, c.colspan) for c in row]
                              for row in b.rows]))
    return out


def cells(result, table: str) -> dict:
    return {k: v.raw.strip() for k, v in result.report.tables[table].cells.items()}


# --- .doc and .wps: the same blocks and findings as the DOCX -----------------------------------

@pytest.mark.parametrize("fmt", ["doc", "wps"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_binary_file_reads_every_block_as_the_docx_does(made, layout, fmt):
    files = made[layout]
    assert blocks(files[fmt]) == blocks(files["docx"])
    doc = read(str(files[fmt]))
    assert doc.kind == "doc"
    for t, table in enumerate(doc.tables()):
        for r, row in enumerate(table.rows):
            assert all(c.source.kind == "doc" and (c.source.table, c.source.row) == (t, r)
                       for c in row)
    assert [p.source.block for p in doc.paragraphs()] == list(range(len(doc.paragraphs())))


@pytest.mark.parametrize("fmt", ["doc", "wps", "ofd"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_format_gives_the_findings_and_cells_of_the_docx(made, layout, fmt):
    files = made[layout]
    result, docx = checked(files[fmt]), checked(files["docx"])
    assert result.status == "checked", result.refusal and result.refusal.message
    assert finding_keys(result) == finding_keys(docx)
    assert result.info == docx.info
    for table in ("t2", "t3", "t4"):
        assert cells(result, table) == {(r, c): raw for (t, r, c), raw in V.items()
                                        if t == table}, table


@pytest.mark.parametrize("fmt", ["doc", "wps", "ofd"])
@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_one_injected_error_is_found_at_the_same_cell(made, mutation, fmt):
    new = set(finding_keys(checked(made[mutation.name][fmt]))) - set(
        finding_keys(checked(made["merged"][fmt])))
    assert {k[0] for k in new if k[1] in ("error", "warning")} == {mutation.rule}
    assert any((k[0], *k[2:6]) == (mutation.rule, *mutation.where) for k in new), new
    docx_new = set(finding_keys(checked(made[mutation.name]["docx"]))) - set(
        finding_keys(checked(made["merged"]["docx"])))
    assert new == docx_new


@pytest.mark.parametrize("fmt", ["doc", "wps", "ofd"])
def test_the_sample_report_in_each_format_gives_the_docx_findings(made, fmt):
    result, docx = checked(made["sample"][fmt]), checked(made["sample"]["docx"])
    assert result.status == "checked"
    assert len(docx.findings) >= 9
    assert finding_keys(result) == finding_keys(docx)
    assert result.info == docx.info


def test_the_wps_fixture_differs_from_the_doc_as_another_writer_would(made):
    """Precondition of the .wps tests: 0Table, many pieces, 8-bit and UTF-16 pieces."""
    import olefile

    with olefile.OleFileIO(str(made["merged"]["wps"])) as ole:
        assert ole.exists("0Table") and not ole.exists("1Table")
        word = ole.openstream("WordDocument").read()
        fib = parse_fib(word)
        pieces = piece_table(ole.openstream(fib.table_stream).read(), fib)
    assert fib.table_stream == "0Table"
    assert len(pieces) > 100
    assert any(p.compressed for p in pieces) and any(not p.compressed for p in pieces)


# --- .doc: tables without paragraph properties, refusals, the corrected output -----------------

def test_without_paragraph_properties_rows_come_from_the_cell_marks(made, tmp_path):
    doc = tmp_path / "no_papx.doc"
    doc.write_bytes(lf.with_fib(made["small"]["doc"].read_bytes(), zero_pair=lf.PAPX_PAIR))
    got = read(str(doc))
    assert [p.text for p in got.paragraphs()] == ["表格之前", "表格之后"]
    [table] = got.tables()
    assert [[c.text for c in row] for row in table.rows] == [
        [f"格{r}{c}" for c in range(3)] for r in range(3)]


@pytest.mark.parametrize("fib, code, words", [
    ({"flags_set": 0x0100}, "encrypted", ("密码",)),
    ({"nfib": 0x0068}, "legacy_format", ("Word 95", "另存为", ".docx")),
], ids=["encrypted", "word95"])
def test_encrypted_and_word95_files_are_refused_with_advice(made, tmp_path, fib, code, words):
    path = tmp_path / "报告.doc"
    path.write_bytes(lf.with_fib(made["merged"]["doc"].read_bytes(), **fib))
    with pytest.raises(Refusal) as err:
        read(str(path))
    assert err.value.code == code
    assert all(w in err.value.message for w in words), err.value.message


@pytest.fixture(scope="session")
def workbooks(request, tmp_path_factory) -> dict:
    """layout / mutation -> (xlsx, xls): the builder's workbooks saved as .xls by LibreOffice."""
    folder = tmp_path_factory.mktemp("xls")
    books = {}
    for name, layout, mutation in (("sheets", "sheets", None), ("onesheet", "onesheet", None),
                                   ("interior +3", "sheets", MUTATIONS[0])):
        content = correct_content(seed=SEED)
        if mutation:
            mutation.apply(content)
        books[name] = write(content, folder / f"{layout}-{len(books)}.xlsx", "xlsx", layout)
    xls = lf.convert(list(books.values()), _cache(request, tmp_path_factory), "xls")
    return {name: (x, y) for (name, x), y in zip(books.items(), xls)}


@pytest.mark.parametrize("name", ["sheets", "onesheet", "interior +3"])
def test_old_excel_workbook_gives_the_xlsx_blocks_and_findings(workbooks, name):
    xlsx, xls = workbooks[name]
    assert sniff.detect(xls.read_bytes()) == "xls"
    assert blocks(xls) == blocks(xlsx)
    result, expected = checked(xls), checked(xlsx)
    assert result.status == "checked"
    assert finding_keys(result) == finding_keys(expected)
    if name == "interior +3":
        assert "T3-ROW-SUM" in {f.rule for f in result.findings}
    refs = [c.source for t in read(str(xls)).tables() for row in t.rows for c in row]
    assert refs and all(r.kind == "xls" and r.sheet and r.cell for r in refs)


def test_encrypted_old_workbook_is_refused_as_encrypted(workbooks, tmp_path):
    """A FILEPASS record after the workbook's BOF is how Excel marks an encrypted .xls."""
    streams = lf.streams_of(workbooks["sheets"][1])
    book = streams["Workbook"]
    bof_end = 4 + int.from_bytes(book[2:4], "little")
    filepass = (0x002F).to_bytes(2, "little") + (54).to_bytes(2, "little") + bytes(54)
    streams["Workbook"] = book[:bof_end] + filepass + book[bof_end:]
    path = tmp_path / "加密.xls"
    path.write_bytes(lf.compound_file(streams))
    result = check(path, CheckOptions())
    assert result.status == "refused" and result.refusal.code == "encrypted"
    assert "密码" in result.refusal.message


def test_a_doc_is_detected_by_content_whatever_its_name(made, tmp_path):
    named = tmp_path / "报告.pdf"
    named.write_bytes(made["merged"]["doc"].read_bytes())
    assert sniff.detect(named.read_bytes()) == "doc"
    assert blocks(named) == blocks(made["merged"]["docx"])


@pytest.mark.parametrize("fmt", ["doc", "ofd"])
def test_the_corrected_file_of_a_legacy_input_is_a_rebuilt_docx(made, tmp_path, fmt):
    source = tmp_path / f"报告.{fmt}"
    source.write_bytes(made["interior +3"][fmt].read_bytes())
    before = source.read_bytes()
    result = check(source, CheckOptions())
    out = Path(fix(result, tmp_path / "修正.docx"))
    assert source.read_bytes() == before
    with zipfile.ZipFile(out) as zf:
        assert "word/document.xml" in zf.namelist()
    again = check(out, CheckOptions())
    assert "T3-ROW-SUM" not in {f.rule for f in again.findings}
    assert again.info["agency"] == BASE.agency


# --- OFD -------------------------------------------------------------------------------------------

def test_ofd_paragraphs_and_cells_know_their_page_and_box(made):
    doc = read(str(made["merged"]["ofd"]))
    assert doc.kind == "ofd"
    refs = [p.source for p in doc.paragraphs()]
    refs += [c.source for t in doc.tables() for row in t.rows for c in row]
    assert refs and all(r.kind == "ofd" and r.page >= 1 for r in refs)
    assert all(0 <= r.box[0] <= r.box[2] <= 596 and 0 <= r.box[1] <= r.box[3] <= 842
               for r in refs)
    assert len({r.page for r in refs}) >= 3
    spans = [{c.source.page for row in t.rows for c in row} for t in doc.tables()]
    assert any(len(pages) >= 2 for pages in spans), "precondition: a table over a page break"
    expected = [b for b in blocks(made["merged"]["docx"]) if b[0] == "t"]
    assert [b for b in blocks(made["merged"]["ofd"]) if b[0] == "t"] == expected


def test_ofd_page_numbers_are_not_paragraphs(made):
    texts = [p.text for p in read(str(made["merged"]["ofd"])).paragraphs()]
    assert not [t for t in texts if "—" in t and any(ch.isdigit() for ch in t) and len(t) < 8]
    assert texts[0] == BASE.title and texts[-1] == BASE.signature_date


def _ofd_package(path: Path, page: str, template: str, fonts: str) -> Path:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    parts = {
        "OFD.xml": f'<ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>'
                   '/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<ofd:Document {ns}><ofd:CommonData><ofd:PageArea>'
                              '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                              '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:TemplatePage '
                              'ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                              '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml">'
                              '<ofd:Template TemplateID="7"/></ofd:Page></ofd:Pages>'
                              '</ofd:Document>',
        "Doc_0/PublicRes.xml": f'<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>{fonts}</ofd:Fonts>'
                               '</ofd:Res>',
        "Doc_0/Tpls/Tpl_0/Content.xml": f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="1">'
                                        f'{template}</ofd:Layer></ofd:Content></ofd:Page>',
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">'
                                          f'{page}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body.encode("utf-8"))
    return path


def test_ofd_templates_ctm_nested_blocks_and_one_code_per_character(tmp_path):
    """What other OFD producers do and the test writer does not: text on a template page, a
    CTM that scales the object, a text object inside page blocks, one TextCode per character
    without DeltaX, bold from the font's Bold attribute and from Weight."""
    fonts = ('<ofd:Font ID="1" FontName="宋体"/><ofd:Font ID="2" FontName="方正小标宋简体" '
             'Bold="true"/>')
    template = ('<ofd:TextObject ID="3" Boundary="28 20 150 10" Font="1" Size="4">'
                '<ofd:TextCode X="0" Y="4" DeltaX="g 7 4">示例区人民政府文件</ofd:TextCode>'
                '</ofd:TextObject>')
    title = "".join(f'<ofd:TextCode X="{10 * k}" Y="8">{ch}</ofd:TextCode>'
                    for k, ch in enumerate("二〇二三年度报告"))
    page = ('<ofd:PageBlock ID="4"><ofd:PageBlock ID="5">'
            f'<ofd:TextObject ID="6" Boundary="40 60 160 20" Font="2" Size="16" '
            f'CTM="0.5 0 0 0.5 0 0">{title}</ofd:TextObject></ofd:PageBlock></ofd:PageBlock>'
            '<ofd:TextObject ID="8" Boundary="28 90 160 10" Font="1" Size="5.6" Weight="700">'
            '<ofd:TextCode X="0" Y="5" DeltaX="g 5 5.6">一、总体情况</ofd:TextCode>'
            '</ofd:TextObject>'
            '<ofd:TextObject ID="9" Boundary="28 100 160 10" Font="1" Size="5.6">'
            '<ofd:TextCode X="11.2" Y="5" DeltaX="g 9 5.6">本年度工作总体平稳。</ofd:TextCode>'
            '</ofd:TextObject>')
    doc = read(str(_ofd_package(tmp_path / "其他生成器.ofd", page, template, fonts)))
    got = [(p.text, p.bold) for p in doc.paragraphs()]
    assert got == [("示例区人民政府文件", False), ("二〇二三年度报告", True),
                   ("一、总体情况", True), ("本年度工作总体平稳。", False)]
    title_box = doc.paragraphs()[1].source.box
    assert abs((title_box[3] - title_box[1]) - 8 * 72 / 25.4) < 1.0     # 16 mm scaled to 8 mm
