"""Make PDFs at test time: DOCX -> PDF through LibreOffice, a Qt-printed PDF, an image-only
("scanned") PDF, a password-protected PDF, and DOCX edits that make PDF quirks (page numbers,
running headers, prose that pushes a table over a page break).

LibreOffice is slow to start (2-4 s), so ``convert`` takes many files in one call and keeps the
results in a cache keyed by the DOCX content (``cache_dir``), so a test session converts each
distinct document once.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CI_ENV = "NIANBAO_CI"
ENCRYPT_FILTER = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                  '"DocumentOpenPassword":{"type":"string","value":"%s"}}')
SOFFICE_TIMEOUT = 600


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice path; skips the test when LibreOffice is absent, fails instead on CI."""
    import pytest

    path = soffice()
    if path:
        return path
    reason = ("LibreOffice (soffice) is not installed: the PDF fixtures are made from DOCX by "
              "LibreOffice. Install libreoffice-writer-nogui and fonts-noto-cjk to run this test.")
    if os.environ.get(CI_ENV):
        pytest.fail(reason + f" ({CI_ENV} is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def docx_key(docx: Path, extra: str = "") -> str:
    """A hash of the document's parts, without docProps (python-docx stamps the save time)."""
    h = hashlib.sha256(extra.encode())
    with zipfile.ZipFile(docx) as z:
        for name in sorted(z.namelist()):
            if name.startswith("docProps/"):
                continue
            h.update(name.encode())
            h.update(z.read(name))
    return h.hexdigest()[:24]


def convert(docx_files: list[Path], cache_dir: Path, filter_spec: str = "pdf") -> list[Path]:
    """PDFs of ``docx_files`` (in order), converted in one LibreOffice run, cached by content."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    targets = [cache_dir / f"{docx_key(d, filter_spec)}.pdf" for d in docx_files]
    todo = {t: d for t, d in zip(targets, docx_files) if not t.exists()}
    if todo:
        exe = soffice()
        if not exe:
            raise RuntimeError("soffice not found")
        with tempfile.TemporaryDirectory(prefix="nianbao_lo_") as tmp:
            tmp_path = Path(tmp)
            src = tmp_path / "in"
            out = tmp_path / "out"
            src.mkdir()
            for target, docx in todo.items():
                shutil.copy(docx, src / f"{target.stem}.docx")
            profile = (tmp_path / "profile").as_uri()
            cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", filter_spec, "--outdir", str(out),
                   *[str(src / f"{t.stem}.docx") for t in todo]]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
            for target in todo:
                made = out / f"{target.stem}.pdf"
                if not made.exists():
                    raise RuntimeError(f"LibreOffice did not convert {target.stem}: "
                                       f"{proc.stdout[-500:]} {proc.stderr[-500:]}")
                shutil.move(str(made), target)
    return targets


def encrypted_pdf(docx: Path, cache_dir: Path, password: str = "123") -> Path:
    return convert([docx], cache_dir, ENCRYPT_FILTER % password)[0]


# --- DOCX edits ----------------------------------------------------------------------------------

def add_page_furniture(docx: Path, out: Path, header: str = "某某区人民政府办公室文件",
                       footer: str = "— {PAGE} —") -> Path:
    """A running header on every page and a centred footer; ``{PAGE}`` and ``{NUMPAGES}`` in
    ``footer`` become Word fields (the page number and the page count)."""
    import re

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(paragraph, name: str):
        for kind, text in (("begin", None), (None, f" {name} "), ("separate", None),
                           ("text", "1"), ("end", None)):
            run = paragraph.add_run()
            if kind == "text":
                run.text = text
                continue
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._r.append(el)

    d = Document(str(docx))
    for section in d.sections:
        section.header.paragraphs[0].text = header
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.text = ""
        for part in re.split(r"(\{PAGE\}|\{NUMPAGES\})", footer):
            if part in ("{PAGE}", "{NUMPAGES}"):
                field(para, part[1:-1])
            elif part:
                para.add_run(part)
    d.save(str(out))
    return out


PROSE = ("本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
         "围绕中心工作，持续深化政务公开，推进决策、执行、管理、服务、结果公开，"
         "不断提升政府信息公开工作的规范化、标准化水平，切实保障人民群众的知情权、参与权、表达权和监督权。")


def insert_prose_before(docx: Path, out: Path, needle: str, paragraphs: int) -> Path:
    """Insert ``paragraphs`` filler paragraphs before the first paragraph containing ``needle``
    (e.g. the 表三 section heading), so that what follows moves down the page."""
    import copy

    from docx import Document

    d = Document(str(docx))
    anchor = next((p for p in d.paragraphs if needle in p.text), None)
    if anchor is None:
        raise ValueError(f"no paragraph contains {needle!r}")
    body = next((p for p in d.paragraphs if len(p.text) > 40 and p is not anchor), None)
    for k in range(paragraphs):
        if body is not None:
            el = copy.deepcopy(body._p)
            anchor._p.addprevious(el)
            from docx.text.paragraph import Paragraph as DocxParagraph
            para = DocxParagraph(el, anchor._parent)
            for run in para.runs[1:]:
                run._r.getparent().remove(run._r)
            if para.runs:
                para.runs[0].text = PROSE
            else:
                para.add_run(PROSE)
        else:
            anchor.insert_paragraph_before(PROSE)
    d.save(str(out))
    return out


def add_prose_pages(docx: Path, out: Path, pages: int) -> Path:
    """Append about ``pages`` pages of prose after the report (for the benchmarks)."""
    from docx import Document

    d = Document(str(docx))
    for k in range(pages * 5):
        if k % 5 == 0:
            d.add_paragraph(f"（{k // 5 + 1}）补充说明")
        d.add_paragraph("　　" + PROSE * 2)
    d.save(str(out))
    return out


# --- PDFs made by other tools --------------------------------------------------------------------

_QT_SCRIPT = r"""
import sys
from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument
app = QGuiApplication(sys.argv[:1])
out, html = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
writer = QPdfWriter(out)
writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
writer.setResolution(96)
doc = QTextDocument()
doc.setDefaultStyleSheet("body { font-size: 12pt; } td, th { padding: 4px; }")
doc.setHtml(html)
doc.setPageSize(writer.pageLayout().paintRectPixels(96).size().toSizeF())
doc.print_(writer)
"""


def qt_pdf(html: str, out: Path) -> Path:
    """Print ``html`` to a PDF with Qt (QTextDocument on a QPdfWriter), in a child process so the
    test session's own Qt application is not disturbed."""
    src = out.with_suffix(".html")
    src.write_text(html, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", _QT_SCRIPT, str(out), str(src)],
                          capture_output=True, text=True, env=env, timeout=120)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"Qt could not print the PDF: {proc.stderr[-800:]}")
    return out


def scanned_pdf(out: Path, lines: list[str]) -> Path:
    """An image-only PDF: text drawn onto a picture, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    font = None
    for candidate in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                      "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"):
        if Path(candidate).exists():
            font = ImageFont.truetype(candidate, 36)
            break
    if font is None:
        font = ImageFont.load_default()
        lines = ["scanned page"] + [ln.encode("ascii", "ignore").decode() for ln in lines]
    y = 120
    for line in lines:
        draw.text((120, y), line, fill="black", font=font)
        y += 60
    img.save(out, "PDF", resolution=150)
    return out


def gongwen_style(docx: Path, out: Path) -> Path:
    """Body text set as official documents are (GB/T 9704): 16 pt, a first-line indent of two
    characters, a fixed 28 pt line pitch and no space between paragraphs, so paragraphs are told
    apart by their indent only."""
    from docx import Document
    from docx.shared import Pt

    d = Document(str(docx))
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    fmt = normal.paragraph_format
    fmt.first_line_indent = Pt(32)
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    for p in d.paragraphs:
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.first_line_indent = Pt(0)
                    for run in p.runs:
                        run.font.size = Pt(10)
    d.save(str(out))
    return out


def append_pdf(first: Path, second: Path, out: Path) -> Path:
    """The pages of ``second`` after those of ``first`` (pypdfium2, a pdfplumber dependency)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(first))
    other = pdfium.PdfDocument(str(second))
    doc.import_pages(other)
    doc.save(str(out))
    other.close()
    doc.close()
    return out


# --- caches shared by the test modules that convert builder reports -------------------------------

def cache_dir(request, tmp_path_factory, name: str) -> Path:
    """pytest's cache folder ``name`` (kept between runs), or a temporary one without a cache."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir(name))
    return tmp_path_factory.mktemp(name)


def cached_docx(content, layout: str, cache: Path) -> Path:
    """The builder's DOCX of ``content``, kept in the cache by what it is made from (writing one
    takes the builder about a second)."""
    from tests.builder import write

    builder = Path(__file__).with_name("builder.py").read_bytes()
    key = hashlib.sha256(builder + repr((content, layout)).encode()).hexdigest()[:24]
    path = cache / f"{key}.docx"
    if not path.exists():
        tmp = path.with_suffix(".tmp.docx")
        write(content, tmp, "docx", layout)
        tmp.replace(path)
    return path
