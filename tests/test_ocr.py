"""Scanned reports: image-only PDFs and page images read by OCR, offline.

The scans are made here (tests/scan_fixtures.py): the builder's report rendered by LibreOffice to
a text PDF, every page rendered again at 180 dpi, turned by up to 0.8 degrees, with grain and
JPEG artefacts, and wrapped as a PDF of pictures only. The scan of a report with errors must
give the same errors at the same cells as its text PDF; a digit the OCR is unsure of is reported
as 识别不确定 with its page and box, never as an arithmetic error.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import messages
from core.api import CheckOptions, check
from core.model import OCR_DOUBT_BELOW, Refusal
from core.readers import ocr, ocr_engine, read, sniff
from tests import pdf_fixtures as fx
from tests import scan_fixtures as scans
from tests.builder import correct_content, write

ROOT = Path(__file__).resolve().parent.parent
SEED = 11
SIGNIFICANT = ("error", "warning")
needs_ocr = pytest.mark.skipif(not ocr_engine.available(),
                               reason="the OCR engine (rapidocr, onnxruntime) is not installed")

BASE = correct_content(seed=SEED)
V = BASE.values
INTERIOR = ("t3", "r4_1", "natural")
GROUP_TOTAL = ("t4", "review", "total")


def _with_errors():
    c = correct_content(seed=SEED)
    c.values[INTERIOR] = str(int(V[INTERIOR]) + 3)
    c.values[GROUP_TOTAL] = str(int(V[GROUP_TOTAL]) + 1)
    return c


# --- fixtures ------------------------------------------------------------------------------------

def _cache(request, tmp_path_factory) -> Path:
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("nianbao_ocr"))
    return tmp_path_factory.mktemp("nianbao_ocr")


@pytest.fixture(scope="module")
def text_pdfs(request, tmp_path_factory) -> dict:
    """name -> text PDF of the builder's report (LibreOffice), for the correct report and the
    report with two errors."""
    fx.require_soffice()
    cache = _cache(request, tmp_path_factory)
    docs = {}
    for name, content in (("base", correct_content(seed=SEED)), ("errors", _with_errors())):
        key = hashlib.sha256((ROOT / "tests" / "builder.py").read_bytes()
                             + repr(content).encode()).hexdigest()[:20]
        path = cache / f"{name}-{key}.docx"
        if not path.exists():
            write(content, path, "docx", "merged")
        docs[name] = path
    pdfs = fx.convert(list(docs.values()), cache)
    return dict(zip(docs, pdfs))


_checked: dict = {}


def checked(path: Path):
    if str(path) not in _checked:
        _checked[str(path)] = check(path, CheckOptions())
    return _checked[str(path)]


def _key(f):
    loc = f.location
    return (f.rule, loc.section, loc.table, loc.row, loc.col, str(f.expected))


def significant(result) -> set:
    return {_key(f) for f in result.findings if f.severity in SIGNIFICANT}


# --- the file kinds (no OCR run) -----------------------------------------------------------------

def _image_bytes(fmt: str, **params) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 30), 255).save(buf, fmt, **params)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_page_images_are_recognised_by_content(fmt):
    assert sniff.detect(_image_bytes(fmt)) == "image"


def test_other_pictures_stay_unsupported():
    err = pytest.raises(Refusal, sniff.detect, _image_bytes("GIF")).value
    assert err.code == "unsupported" and messages.UNSUPPORTED_IMAGE in err.message


@needs_ocr
def test_a_broken_png_is_refused_in_chinese(tmp_path):
    path = tmp_path / "scan.docx"             # the name says nothing: the content decides
    path.write_bytes(_image_bytes("PNG")[:40])
    with pytest.raises(Refusal) as info:
        read(str(path))
    assert info.value.code == "corrupt" and messages.OCR_IMAGE_BROKEN in info.value.message


@needs_ocr
def test_a_blank_page_image_is_refused_as_having_no_text(tmp_path):
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(path)
    with pytest.raises(Refusal) as info:
        read(str(path))
    assert info.value.code == "scanned" and info.value.message == messages.OCR_NO_TEXT


# --- the page image: straightening and ruling lines (no OCR run) ----------------------------------

def _grid_image(rows: int, cols: int, angle: float = 0.0):
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    left, top, w, h = 150, 300, 140, 60
    for r in range(rows + 1):
        draw.line([left, top + r * h, left + cols * w, top + r * h], fill=0, width=2)
    for c in range(cols + 1):
        draw.line([left + c * w, top, left + c * w, top + rows * h], fill=0, width=2)
    for r in range(rows):
        draw.rectangle([left + 20, top + r * h + 20, left + 60, top + r * h + 36], fill=0)
    return img.rotate(angle, fillcolor=255) if angle else img


@pytest.mark.parametrize("angle", [0.0, 0.7, -0.9])
def test_a_turned_page_is_straightened(angle):
    found = ocr.skew_angle(_grid_image(6, 5, angle))
    assert abs(found + angle) <= 0.15, found


@pytest.mark.parametrize("angle", [0.0, 0.8])
def test_ruling_lines_in_the_image_give_the_cell_grid(angle):
    image = ocr.prepare(_grid_image(6, 5, angle))
    scale = 595.0 / image.width
    [cells] = ocr.table_boxes(ocr.ruling_edges(image, scale, image.width / (595.0 / 72)))
    assert len(cells) == 30
    xs = sorted({round(c[0]) for c in cells})
    assert len(xs) == 5 and all(abs((b - a) - 140 * scale) < 3 for a, b in itertools.pairwise(xs))


# --- whole reports -----------------------------------------------------------------------------

def _scan(pdf: Path, out: Path, smudge=None) -> Path:
    images = scans.page_images(pdf, seed=SEED)
    if smudge is not None:
        smudge(images)
    images[0].save(out, "PDF", resolution=scans.DPI, save_all=True, append_images=images[1:])
    return out


@pytest.fixture(scope="module")
def scanned(text_pdfs, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("scans")
    return {name: _scan(pdf, folder / f"{name}.pdf") for name, pdf in text_pdfs.items()}


@needs_ocr
@pytest.mark.slow
def test_the_scan_has_no_text_layer_and_is_read_by_ocr(scanned):
    import pdfplumber

    with pdfplumber.open(scanned["base"]) as pdf:
        assert all(not page.chars and page.images for page in pdf.pages)
    doc = read(str(scanned["base"]))
    assert doc.notes and doc.notes[-1] == messages.ocr_pages_note([1, 2, 3, 4, 5])
    cells = [c for t in doc.tables() for row in t.rows for c in row if c.text.strip()]
    assert cells and all(c.confidence is not None and 0 < c.confidence <= 1 for c in cells)
    assert all(c.source.page and c.source.box for c in cells)


@needs_ocr
@pytest.mark.slow
def test_the_scan_of_a_correct_report_reads_every_value(text_pdfs, scanned):
    text, scan = checked(text_pdfs["base"]), checked(scanned["base"])
    assert scan.status == "checked", scan.refusal and scan.refusal.message
    for table in ("t2", "t3", "t4"):
        got = {k: v.raw.strip() for k, v in scan.report.tables[table].cells.items()}
        assert got == {(r, c): raw for (t, r, c), raw in V.items() if t == table}, table
    assert [f"{f.rule} {f.message}" for f in scan.findings if f.severity == "error"] == []
    assert significant(scan) == significant(text)


@needs_ocr
@pytest.mark.slow
def test_the_scan_of_a_report_with_errors_gives_the_same_errors_at_the_same_cells(text_pdfs,
                                                                                   scanned):
    text, scan = checked(text_pdfs["errors"]), checked(scanned["errors"])
    assert scan.status == "checked", scan.refusal and scan.refusal.message
    wanted = {("T3-ROW-SUM", "S3", *INTERIOR), ("T4-GROUP-SUM", "S4", *GROUP_TOTAL)}
    assert wanted <= {k[:5] for k in significant(text)}
    assert significant(scan) == significant(text)
    pages = {_key(f): f.location.source.page for f in text.findings if f.location.source}
    for f in scan.findings:
        if f.severity in SIGNIFICANT and f.location.source is not None:
            assert f.location.source.page == pages[_key(f)], _key(f)


def _smudge_cell(text_pdf: Path, table_text: str, row_text: str, col: int):
    """A function that wipes a band through the digits of one cell (as a fold or a faded print
    does), and the cell's page and box in the text PDF."""
    from PIL import ImageDraw

    doc = read(str(text_pdf))
    table = next(t for t in doc.tables() if any(table_text in c.text for r in t.rows for c in r))
    row = next(r for r in table.rows if row_text in r[0].text)
    cell = row[col]
    k = scans.DPI / 72
    x0, top = cell.source.box[0] * k, cell.source.box[1] * k

    def smudge(images):
        page = images[cell.source.page - 1]
        draw = ImageDraw.Draw(page)
        draw.rectangle([x0 + 4, top + 11, x0 + 40, top + 26], fill=255)
    return smudge, cell


@needs_ocr
@pytest.mark.slow
def test_a_doubtful_digit_is_reported_for_a_check_never_as_an_arithmetic_error(text_pdfs,
                                                                               tmp_path):
    smudge, cell = _smudge_cell(text_pdfs["base"], "本年新收", "本年新收", 1)
    scan = _scan(text_pdfs["base"], tmp_path / "smudged.pdf", smudge)
    result = check(scan, CheckOptions())
    assert result.status == "checked"
    doubts = [f for f in result.findings if f.rule == "OCR-DOUBT"]
    assert [(f.location.table, f.location.row, f.location.col) for f in doubts] == \
        [("t3", "new", "natural")]
    [doubt] = doubts
    src = doubt.location.source
    assert messages.OCR_DOUBT in doubt.message and f"第{src.page}页" in doubt.message
    assert src.page == cell.source.page and src.box is not None
    assert abs(src.box[0] - cell.source.box[0]) < 6 and abs(src.box[1] - cell.source.box[1]) < 6
    assert doubt.expected == int(V[("t3", "new", "natural")])       # what the relations say
    assert [f"{f.rule} {f.message}" for f in result.findings if f.severity == "error"] == []
    doc = result.report.document
    confidence = {c.source: c.confidence for t in doc.tables() for r in t.rows for c in r}
    assert confidence[src] < OCR_DOUBT_BELOW


def test_a_label_a_few_characters_off_on_a_scanned_page_is_said_to_be_likely_a_misreading(
        text_pdfs):
    """The OCR, not the report, most likely changed a long label: the hint says so and asks for
    the original; the same label in a file with text stays a typo hint."""
    from core.checking import check_report
    from core.recognize import recognize

    official = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    typo = "1.申请人无正当理由逾期不补正行政机关不其再理政府信息公开申请"   # as OCR read it

    def findings(ocr_pages):
        doc = read(str(text_pdfs["base"]))
        [cell] = [c for t in doc.tables() for r in t.rows for c in r if c.text.strip() == official]
        cell.text = typo
        doc.ocr_pages = ocr_pages
        return [f for f in check_report(recognize(doc)) if f.rule == "T-LABEL"], cell.source.page

    as_text, page = findings([])
    [hint] = as_text
    assert hint.severity == "info" and "疑为笔误" in hint.message
    as_scan, _ = findings([page])
    [hint] = as_scan
    assert hint.severity == "info" and hint.found == typo and hint.expected == official
    assert hint.message == messages.OCR_LABEL_TYPO.format(where="表三", found=typo,
                                                          official=official, page=page)
    assert "识别误差" in hint.message and "疑为笔误" not in hint.message
    other_page, _ = findings([page + 1])
    assert "疑为笔误" in other_page[0].message       # only a label on a page OCR read


# --- page images and the network ----------------------------------------------------------------

_OFFLINE = r"""
import socket, sys
def refuse(*a, **k):
    raise OSError("network used")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
sys.path.insert(0, sys.argv[1])
from core.readers import read
doc = read(sys.argv[2])
rows = [[c.text for c in row] for t in doc.tables() for row in t.rows]
print(doc.kind, len(doc.tables()), any("本年新收" in " ".join(r) for r in rows))
"""


@needs_ocr
@pytest.mark.slow
def test_a_png_page_is_read_with_the_network_refused(text_pdfs, tmp_path):
    """The models ship in the package: reading a page image opens no connection (in a network
    namespace without interfaces, traced by strace, where available; every socket call of
    Python fails in the child anyway) and writes nothing next to the models."""
    images = scans.page_images(text_pdfs["base"], seed=SEED)
    png = tmp_path / "page.png"
    images[1].save(png, dpi=(scans.DPI, scans.DPI))       # the page where 表三 begins
    models = Path(ocr_engine._models_dir())
    before = sorted(p.name for p in models.iterdir())
    from tools import offline_proof as proof

    env = dict(os.environ, NO_PROXY="*", HTTP_PROXY="http://0.0.0.0:9", HTTPS_PROXY="http://0.0.0.0:9")
    cmd = [sys.executable, "-c", _OFFLINE, str(ROOT), str(png)]
    trace = tmp_path / "network.trace"
    traced = sys.platform == "linux" and not proof.missing_tools()
    if traced:      # no network interfaces, every network system call of every thread logged
        cmd = proof.offline(cmd, trace)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    if traced:      # e.g. onnxruntime 1.32's telemetry looked up its host from worker threads
        assert proof.forbidden(proof.traced(trace)) == []
    kind, _, found = proc.stdout.split()
    assert (kind, found) == ("image", "True"), proc.stdout
    assert sorted(p.name for p in models.iterdir()) == before


# --- the page image beside the table (GUI) --------------------------------------------------------

@needs_ocr
@pytest.mark.slow
def test_the_page_image_shows_the_selected_cell_boxed_in_red(qtbot, scanned):
    from core import api
    from gui.page_image_view import BOX_COLOUR, PageImageView

    result = checked(scanned["base"])
    assert api.scanned_pages(result) == [1, 2, 3, 4, 5]
    value = result.report.tables["t3"].cells[("new", "natural")]
    png, scale = api.page_image(result, value.source.page)
    assert png.startswith(b"\x89PNG") and abs(scale - ocr.OCR_DPI / 72) < 1e-6
    view = PageImageView()
    qtbot.addWidget(view)
    view.set_result(result)
    assert view.isVisible()
    view.show_source(value.source)
    assert view.shown == (value.source.page, value.source.box)
    assert f"第{value.source.page}页" in view.caption.text() and "%" in view.caption.text()
    image = view.picture.pixmap().toImage()
    x0, top, x1, _ = (v * scale for v in value.source.box)
    edge = image.pixelColor(int((x0 + x1) / 2), int(top - 3))     # on the drawn frame
    assert (edge.red(), edge.green(), edge.blue()) == (BOX_COLOUR.red(), BOX_COLOUR.green(),
                                                        BOX_COLOUR.blue())


def test_the_page_image_stays_hidden_for_a_file_with_text(qtbot):
    from core import api
    from gui.page_image_view import PageImageView

    result = check(api.resource_path("samples", _sample_name()), CheckOptions())
    view = PageImageView()
    qtbot.addWidget(view)
    view.set_result(result)
    assert api.scanned_pages(result) == [] and not view.isVisible()


def _sample_name() -> str:
    from gui import strings

    return strings.SAMPLE_FILE
