"""Readers on real files built at test time (python-docx, openpyxl, literal bytes); no mocks."""
from __future__ import annotations

import hashlib
import io
import random
import re
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl import Workbook

from core import messages
from core.model import Paragraph, Refusal, Table
from core.readers import limits, read, sniff
from tests.hostile.corpus import rewrite_zip

CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refusal(path) -> Refusal:
    with pytest.raises(Refusal) as info:
        read(str(path))
    assert CJK.search(info.value.message), info.value.message
    assert str(info.value) == info.value.message
    return info.value


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def all_text(doc) -> str:
    parts = [p.text for p in paragraphs(doc)]
    parts += [c.text for t in tables(doc) for row in t.rows for c in row]
    return "\n".join(parts)


def cells(table: Table) -> list[tuple[str, int, int, int, int]]:
    """(text, row, col, rowspan, colspan) of every emitted cell."""
    return [(c.text, c.source.row, c.source.col, c.rowspan, c.colspan)
            for row in table.rows for c in row]


NAMESPACES = " ".join(f'xmlns:{k}="{v}"' for k, v in {
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml"}.items())
TEXTBOX_RUN = (
    f'<w:r {nsdecls("w", "wp")} {NAMESPACES}>'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"'
    ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
    '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
    '</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="457200"/><wp:wrapNone/>'
    '<wp:docPr id="9" name="文本框 9"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
    'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>'
    '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
    '<w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>')


def build_docx(path) -> None:
    d = docx.Document()
    d.add_heading("示例区2023年政府信息公开工作年度报告", level=1)
    bold = d.add_paragraph()
    bold.add_run("一、总体情况").bold = True
    bold.add_run("  ")                                  # a blank run does not make it not-bold
    mixed = d.add_paragraph()
    mixed.add_run("部分").bold = True
    mixed.add_run("加粗")
    box = d.add_paragraph()
    box.add_run("正文前")
    box._p.append(parse_xml(TEXTBOX_RUN))
    box.add_run("正文后")

    t = d.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            t.cell(r, c).text = f"r{r}c{c}"
    t.cell(0, 0).merge(t.cell(0, 1)).text = "横向合并"          # gridSpan 2
    t.cell(1, 0).merge(t.cell(2, 0)).text = "纵向合并"          # vMerge over rows 1-2
    wrapped = t.cell(1, 3)
    wrapped.text = "第一行"
    wrapped.add_paragraph("第二行").add_run().add_break()
    wrapped.paragraphs[-1].add_run("第三行")
    inner = t.cell(2, 3).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "内表"
    inner.cell(1, 1).text = "9"
    # Row 3 starts one grid column in (w:gridBefore), as Word writes indented rows.
    tr = t.rows[3]._tr
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    d.add_paragraph("表后一段")
    d.save(str(path))


def build_xlsx(path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"] = "项目"
    ws.merge_cells("A1:B1")
    ws["C1"] = "自然人"
    ws["D1"] = "法人"
    ws["E1"] = "总计"
    ws["A2"] = "本年新收"
    ws.merge_cells("A2:A3")
    ws["B2"] = "当面"
    ws["C2"] = 3
    ws["D2"] = 4.0
    ws["E2"] = "=SUM(C2:D2)"
    ws["B3"] = "网络"
    ws["C3"] = "=C2*2-(1+1)"
    ws["D3"] = "='说明 页'!B1"
    ws["E3"] = "=SUM(C3:D3,E2)+0.5"
    ws["B4"] = "小计"
    ws["C4"] = "=C2+C3"
    ws["D4"] = "=VLOOKUP(A1,A1:B3,2,FALSE)"
    ws["E4"] = "=$E$2+E3-1.5"
    note = wb.create_sheet("说明 页")
    note["A1"] = "备注"
    note["B1"] = 6
    wb.save(str(path))


@pytest.fixture
def docx_file(tmp_path):
    path = tmp_path / "报告.docx"
    build_docx(path)
    return path


@pytest.fixture
def xlsx_file(tmp_path):
    path = tmp_path / "表格.xlsx"
    build_xlsx(path)
    return path


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

def test_docx_paragraphs_styles_and_bold(docx_file):
    before = sha256(docx_file)
    doc = read(str(docx_file))
    assert sha256(docx_file) == before
    assert doc.kind == "docx"
    ps = paragraphs(doc)
    assert [p.text for p in ps[:3]] == ["示例区2023年政府信息公开工作年度报告", "一、总体情况  ",
                                        "部分加粗"]
    assert ps[0].style == "Heading 1" and ps[0].bold
    assert ps[1].bold and ps[1].style == "Normal"
    assert not ps[2].bold
    assert [p.source.block for p in ps] == list(range(len(ps)))
    assert all(p.source.kind == "docx" for p in ps)
    word = docx.Document(str(docx_file))
    assert [p.text for p in ps] == [p.text for p in word.paragraphs]


def test_docx_text_box_is_neither_crash_nor_injected(docx_file):
    doc = read(str(docx_file))
    assert paragraphs(doc)[3].text == "正文前正文后"
    assert "文本框" not in all_text(doc)
    assert docx.Document(str(docx_file)).paragraphs[3].text == "正文前正文后"


def test_docx_table_grid_merges_and_sources(docx_file):
    doc = read(str(docx_file))
    outer = tables(doc)[0]
    assert outer.source.table == 0
    assert cells(outer) == [
        ("横向合并", 0, 0, 1, 2), ("r0c2", 0, 2, 1, 1), ("r0c3", 0, 3, 1, 1),
        ("纵向合并", 1, 0, 2, 1), ("r1c1", 1, 1, 1, 1), ("r1c2", 1, 2, 1, 1),
        ("第一行\n第二行\n第三行", 1, 3, 1, 1),
        ("r2c1", 2, 1, 1, 1), ("r2c2", 2, 2, 1, 1), ("r2c3", 2, 3, 1, 1),
        ("r3c1", 3, 1, 1, 1), ("r3c2", 3, 2, 1, 1), ("r3c3", 3, 3, 1, 1),
    ]
    assert all(c.source.table == 0 and c.source.kind == "docx"
               for row in outer.rows for c in row)


def test_docx_nested_table_follows_outer(docx_file):
    doc = read(str(docx_file))
    kinds = [type(b).__name__ for b in doc.blocks]
    outer_at = kinds.index("Table")
    nested = doc.blocks[outer_at + 1]
    assert isinstance(nested, Table)
    assert nested.source.table is None and nested.source.block is None
    assert cells(nested) == [("内表", 0, 0, 1, 1), ("", 0, 1, 1, 1),
                             ("", 1, 0, 1, 1), ("9", 1, 1, 1, 1)]
    assert "内表" not in "".join(c.text for row in tables(doc)[0].rows for c in row)
    assert isinstance(doc.blocks[outer_at + 2], Paragraph)
    assert doc.blocks[outer_at + 2].text == "表后一段"


def test_docx_tracked_changes_smart_tags_and_content_controls(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("甲")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="审核人">'
                          '<w:r><w:t>乙</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="审核人">'
                          '<w:r><w:delText>删去</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:smartTag {nsdecls("w")} w:element="date">'
                          '<w:r><w:t>丁</w:t></w:r></w:smartTag>'))
    d.element.body.insert(1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件内</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    d.add_paragraph("末段")
    path = tmp_path / "changes.docx"
    d.save(str(path))
    doc = read(str(path))
    assert [(p.text, p.source.block) for p in paragraphs(doc)] == \
        [("甲乙丁", 0), ("控件内", None), ("末段", 1)]


def test_docx_read_writes_nothing(docx_file, tmp_path):
    listing = sorted(p.name for p in tmp_path.iterdir())
    read(str(docx_file))
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_docx_with_doctype_entities_is_refused(docx_file, tmp_path):
    data = docx_file.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml")
    head, _, rest = xml.partition(b"?>")
    hostile = (head + b'?>\n<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest)
    path = tmp_path / "hostile.docx"
    path.write_bytes(rewrite_zip(data, {"word/document.xml": hostile}))
    err = refusal(path)
    assert err.code == "corrupt"
    assert err.message == messages.REFUSE_HOSTILE_XML


def test_docx_missing_main_part_is_corrupt(docx_file, tmp_path):
    data = docx_file.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                dst.writestr(info.filename, b"<w:document")          # malformed XML
            else:
                dst.writestr(info.filename, src.read(info))
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    err = refusal(path)
    assert err.code == "corrupt"


def test_docx_named_txt_is_read_as_docx(docx_file, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(docx_file.read_bytes())
    assert read(str(path)).kind == "docx"


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

def test_xlsx_merges_sources_and_formulas(xlsx_file):
    before = sha256(xlsx_file)
    doc = read(str(xlsx_file))
    assert sha256(xlsx_file) == before
    assert doc.kind == "xlsx"
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "表三"
    assert doc.blocks[0].source.sheet == "表三"
    table = doc.blocks[1]
    assert isinstance(table, Table) and table.source.sheet == "表三"
    by_cell = {c.source.cell: c for row in table.rows for c in row}
    assert by_cell["A1"].colspan == 2 and by_cell["A1"].rowspan == 1
    assert by_cell["A2"].rowspan == 2 and by_cell["A2"].text == "本年新收"
    assert "B1" not in by_cell and "A3" not in by_cell          # covered by merges
    assert (by_cell["C3"].source.row, by_cell["C3"].source.col) == (2, 2)
    assert {k: by_cell[k].text for k in ("C2", "D2", "E2", "C3", "D3", "E3", "C4", "E4")} == {
        "C2": "3", "D2": "4", "E2": "7",          # SUM of a range; 4.0 shown as 4
        "C3": "4",                                # =C2*2-(1+1)
        "D3": "6",                                # cross-sheet reference with a quoted name
        "E3": "17.5",                             # SUM(C3:D3,E2)+0.5
        "C4": "7", "E4": "23",                    # formulas over formulas, absolute refs
    }
    assert "=" not in all_text(doc)


def test_xlsx_unsupported_formula_is_blank_with_note(xlsx_file):
    doc = read(str(xlsx_file))
    table = tables(doc)[0]
    d4 = next(c for row in table.rows for c in row if c.source.cell == "D4")
    assert d4.text == ""
    assert len(doc.notes) == 1
    assert "表三" in doc.notes[0] and "D4" in doc.notes[0] and CJK.search(doc.notes[0])


def test_xlsx_second_sheet_and_cached_values(xlsx_file, tmp_path):
    doc = read(str(xlsx_file))
    names = [p.text for p in paragraphs(doc) if p.style == "sheet"]
    assert names == ["表三", "说明 页"]


def test_xlsx_prose_rows_become_paragraphs(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "示例区2023年政府信息公开工作年度报告"
    ws["A2"] = "一、总体情况"
    ws["A3"] = "项目"
    ws["B3"] = "数量"
    ws["A4"] = "规章"
    ws["B4"] = 2
    ws["A5"] = "二、主动公开政府信息情况"
    path = tmp_path / "prose.xlsx"
    wb.save(str(path))
    doc = read(str(path))
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else len(b.rows))
             for b in doc.blocks]
    assert kinds == [("Paragraph", "Sheet"), ("Paragraph", "示例区2023年政府信息公开工作年度报告"),
                     ("Paragraph", "一、总体情况"), ("Table", 2),
                     ("Paragraph", "二、主动公开政府信息情况")]
    assert doc.blocks[2].source.cell == "A2"


def test_xlsx_with_doctype_in_a_worksheet_is_refused(xlsx_file, tmp_path):
    data = xlsx_file.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    hostile = b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/hostname">]>' + xml
    assert hostile != xml
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(rewrite_zip(data, {"xl/worksheets/sheet1.xml": hostile}))
    err = refusal(path)
    assert err.code == "corrupt" and err.message == messages.REFUSE_HOSTILE_XML


def test_concurrent_reads_agree(docx_file, xlsx_file):
    def summary(path):
        doc = read(str(path))
        return all_text(doc), doc.notes

    expected = [summary(docx_file), summary(xlsx_file)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(summary, [docx_file, xlsx_file] * 4))
    assert results == expected * 4


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>页面标题</title><style>p {{ color: red }}</style><script>var a = "脚本";</script></head>
<body><nav>网站导航</nav>
<table class="layout" width="900"><tr><td>
<h1>{title}</h1>
<p><strong>一、总体情况</strong></p>
<div>第一行<br>第二行&nbsp;有空格</div>
<table border="1">
<tr><td rowspan="2">项目</td><td colspan="2">申请人</td></tr>
<tr><th>自然人</th><th>法人</th></tr>
<tr><td>收到</td><td>1</td><td>2<br>件</td></tr>
</table>
<ul><li>甲</li><li>乙</li></ul>
</td></tr></table>
</body></html>
"""


def test_html_gb18030_layout_table_and_spans(tmp_path):
    title = "示例镕区2023年政府信息公开工作年度报告𠀀"      # 镕: GBK only; 𠀀: GB18030 4-byte
    path = tmp_path / "page.htm"
    path.write_bytes(HTML_PAGE.format(title=title).encode("gb18030"))
    before = sha256(path)
    doc = read(str(path))
    assert sha256(path) == before
    assert doc.kind == "html"
    ps = paragraphs(doc)
    assert [p.text for p in ps] == [title, "一、总体情况", "第一行", "第二行 有空格", "甲", "乙"]
    assert ps[0].style == "h1" and ps[1].bold and not ps[2].bold
    assert [p.source.block for p in ps] == list(range(len(ps)))
    assert len(tables(doc)) == 1                      # the layout table is not data
    table = tables(doc)[0]
    assert table.source.table == 0
    assert cells(table) == [("项目", 0, 0, 2, 1), ("申请人", 0, 1, 1, 2),
                            ("自然人", 1, 1, 1, 1), ("法人", 1, 2, 1, 1),
                            ("收到", 2, 0, 1, 1), ("1", 2, 1, 1, 1), ("2\n件", 2, 2, 1, 1)]
    assert "脚本" not in all_text(doc) and "网站导航" not in all_text(doc)
    assert "页面标题" not in all_text(doc)


def test_html_utf8_without_declaration(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("<p>总体情况</p><table><tr><td>a</td><td>1</td></tr></table>"
                     .encode("utf-8"))
    doc = read(str(path))
    assert doc.kind == "html"
    assert [p.text for p in paragraphs(doc)] == ["总体情况"]
    assert cells(tables(doc)[0]) == [("a", 0, 0, 1, 1), ("1", 0, 1, 1, 1)]


# ---------------------------------------------------------------------------------------------
# sniffing and refusals
# ---------------------------------------------------------------------------------------------

def test_pdf_header_named_docx_is_pdf(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert sniff.detect(path.read_bytes()) == "pdf"


@pytest.mark.parametrize("data, kind", [
    ("一、总体情况\n本机关共收到申请12件。\n".encode("utf-8"), "text"),
    ("一、总体情况\n本机关共收到申请12件。\n".encode("gb18030"), "text"),
    ("一、总体情况\t一一\n收到12件\n".encode("utf-16-le") * 20, "text"),
    ("一、总体情况\n收到12件\n".encode("utf-16"), "text"),
    (b"\xef\xbb\xbf  <!DOCTYPE HTML PUBLIC><html>", "html"),
    (b"<?xml version='1.0'?>\n<!-- x -->\n<HTML><body></body></HTML>", "html"),
    (b"title\n<TABLE border=1><tr><td>1</td></tr></TABLE>", "html"),
])
def test_detect_text_and_html(data, kind):
    assert sniff.detect(data) == kind


def test_broken_ole_file_is_refused_as_corrupt_with_the_save_as_advice(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(sniff.OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
                     + b"\x00" * 1024)
    err = refusal(path)
    assert err.code == "corrupt" and "另存为" in err.message


def test_ole_encrypted_package_is_refused(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(sniff.OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
                     + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    err = refusal(path)
    assert err.code == "encrypted" and err.message == messages.REFUSE_ENCRYPTED


def test_truncated_zip_is_corrupt(docx_file, tmp_path):
    data = docx_file.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[:len(data) // 2])
    err = refusal(path)
    assert err.code == "corrupt"


def test_zip_bomb_is_refused_fast(tmp_path):
    path = tmp_path / "bomb.docx"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/zeros.bin", "w") as member:
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    err = refusal(path)
    assert time.perf_counter() - start < 1.0
    assert err.code == "too_large"
    assert err.message == messages.REFUSE_INFLATED.format(
        limit=messages.human_size(limits.MAX_INFLATED_BYTES))


def test_zip_that_is_not_office_is_unsupported(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "你好")
    err = refusal(path)
    assert err.code == "unsupported"


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    err = refusal(path)
    assert err.code == "corrupt" and err.message == messages.REFUSE_EMPTY


def test_random_bytes_are_unsupported(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(8192))
    err = refusal(path)
    assert err.code == "unsupported"


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!",
])
def test_broken_or_unread_images_are_refused(tmp_path, data):
    """PNG and JPEG are page images for OCR (tests/test_ocr.py): a broken one is refused as
    broken, or, without OCR, as unsupported with the advice to use the OCR version; a GIF is
    never a scan."""
    from core.readers.ocr import available

    path = tmp_path / "scan.docx"
    path.write_bytes(data)
    err = refusal(path)
    if data.startswith(b"GIF"):
        assert err.code == "unsupported" and messages.UNSUPPORTED_IMAGE in err.message
    elif available():
        assert err.code == "corrupt" and messages.OCR_IMAGE_BROKEN in err.message
    else:
        assert err.code == "unsupported" and messages.UNSUPPORTED_IMAGE_NO_OCR in err.message


def test_missing_file_and_directory(tmp_path):
    err = refusal(tmp_path / "nowhere.docx")
    assert err.code == "unsupported" and "nowhere.docx" in err.message
    err = refusal(tmp_path)
    assert err.code == "corrupt"


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as f:
        f.truncate(limits.MAX_FILE_BYTES + 1)               # sparse: nothing is written
    err = refusal(path)
    assert err.code == "too_large"


def test_check_xml_safe_sees_utf16_doctype():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    with pytest.raises(Refusal) as info:
        limits.check_xml_safe(xml.encode("utf-16"))
    assert info.value.code == "corrupt"
    limits.check_xml_safe('<?xml version="1.0"?><x>&lt;!DOCTYPE</x>'.encode("utf-8"))
