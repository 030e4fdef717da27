"""A corpus of broken and hostile files, generated at test time (nothing large is committed).

One function per case; each writes its file into ``folder`` and returns the path. ``CASES``
lists them with the outcome the checker must give: the refusal code(s) and the words the Chinese
message must contain. Large cases are cheap to make: a 300 MB file is sparse, a zip bomb is a
few MB of repeated deflate blocks whose headers declare gigabytes.
"""
from __future__ import annotations

import bz2
import functools
import io
import random
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests import builder
from tools.fuzz_readers import pdf_bytes

SECRET = "HOSTILE-SECRET-7f3a"      # the content of a local file an XXE would try to pull in
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# ---------------------------------------------------------------------------------------------
# helpers: a correct report as DOCX / XLSX bytes, zip rewriting
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _report_bytes(fmt: str, layout: str) -> bytes:
    """A correct report rendered once per session (python-docx takes a second or two)."""
    with tempfile.TemporaryDirectory(prefix="nianbao_corpus_") as tmp:
        path = builder.write(builder.correct_content(seed=5),
                             Path(tmp) / builder.file_name(fmt, layout), fmt, layout)
        return path.read_bytes()


def report_docx(folder: Path, name: str = "report.docx") -> Path:
    path = folder / name
    path.write_bytes(_report_bytes("docx", "merged"))
    return path


def report_xlsx(folder: Path, name: str = "report.xlsx") -> Path:
    path = folder / name
    path.write_bytes(_report_bytes("xlsx", "sheets"))
    return path


def plain_xlsx(folder: Path, name: str = "plain.xlsx", shared: bytes | None = None,
               sheet_extra: bytes = b"") -> Path:
    """A minimal workbook written by hand: one sheet (xl/worksheets/sheet1.xml) whose text
    cells refer to xl/sharedStrings.xml (``shared`` replaces that part)."""
    shared = shared or _shared_strings("", "示例区2023年政府信息公开工作年度报告")
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="'
            '/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>').encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S_NS}" xmlns:r="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            'name="表三" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>').encode(),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S_NS}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>3</v></c>'
            '<c r="B2"><v>4</v></c></row></sheetData>').encode() + sheet_extra
        + b"</worksheet>",
        "xl/sharedStrings.xml": shared,
    }
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, body in parts.items():
            zf.writestr(part, body)
    return path


def rewrite_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
    return out.getvalue()


def _with_part(folder: Path, name: str, base: Callable[[Path, str], Path], part: str,
               body: bytes) -> Path:
    path = base(folder, name)
    path.write_bytes(rewrite_zip(path.read_bytes(), {part: body}))
    return path


def pdf_cache(request, tmp_path_factory) -> Path:
    """Where LibreOffice's PDFs are kept between runs (pytest's cache, as tests/test_pdf.py
    does), so a PDF is converted once per content, not once per run."""
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("nianbao_pdf"))
    return tmp_path_factory.mktemp("nianbao_pdf")


# ---------------------------------------------------------------------------------------------
# A minimal OLE compound file (CFB v3): legacy .doc/.xls/.wps/.et and encrypted OOXML packages
# ---------------------------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_MINI_CUTOFF = 4096


def _dir_entry(name: str, kind: int, child: int = _NOSTREAM, right: int = _NOSTREAM,
               start: int = _END, size: int = 0) -> bytes:
    raw = (name + "\x00").encode("utf-16-le")
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child) + bytes(16) + bytes(4)
            + bytes(16) + struct.pack("<IQ", start, size))


def cfb(streams: dict[str, bytes]) -> bytes:
    """A well-formed compound file holding ``streams`` in its root storage (every stream is
    padded to the mini-stream cutoff, so only regular sectors are used)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))       # directory order
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = {}
    for name in names:
        data = streams[name].ljust(_MINI_CUTOFF, b"\x00")
        data += bytes(-len(data) % _SECTOR)
        first = len(sectors)
        count = len(data) // _SECTOR
        for i in range(count):
            sectors.append(data[i * _SECTOR:(i + 1) * _SECTOR])
            fat.append(first + i + 1 if i + 1 < count else _END)
        starts[name] = (first, len(streams[name].ljust(_MINI_CUTOFF, b"\x00")))
    entries = [_dir_entry("Root Entry", 5, child=1 if names else _NOSTREAM)]
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else _NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[name][0],
                                  size=starts[name][1]))
    directory = b"".join(entries)
    directory += bytes(-len(directory) % _SECTOR)
    dir_first = len(sectors)
    dir_count = len(directory) // _SECTOR
    for i in range(dir_count):
        sectors.append(directory[i * _SECTOR:(i + 1) * _SECTOR])
        fat.append(dir_first + i + 1 if i + 1 < dir_count else _END)
    fat_sector = len(sectors)
    fat.append(_FATSECT)
    assert len(fat) <= _SECTOR // 4, "one FAT sector is enough for these small files"
    sectors.append(struct.pack(f"<{_SECTOR // 4}I", *(fat + [_FREE] * (_SECTOR // 4 - len(fat)))))
    difat = [fat_sector] + [_FREE] * 108
    header = (OLE_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, dir_first, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == _SECTOR
    return header + b"".join(sectors)


def _fib(magic: int) -> bytes:
    """The start of a Word binary FIB (wIdent, nFib), enough to look like the real thing."""
    return struct.pack("<HH", magic, 0x00C1) + random.Random(magic).randbytes(1000)


def legacy_doc(folder: Path) -> Path:
    path = folder / "旧版报告.doc"
    path.write_bytes(cfb({"WordDocument": _fib(0xA5EC), "1Table": bytes(600),
                          "\x05SummaryInformation": bytes(200)}))
    return path


def legacy_wps(folder: Path) -> Path:
    """Kingsoft WPS 文字 .wps: an OLE file with a WordDocument stream, like .doc."""
    path = folder / "金山报告.wps"
    path.write_bytes(cfb({"WordDocument": _fib(0xA5EC), "0Table": bytes(600)}))
    return path


def _biff_bof() -> bytes:
    return struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005) + bytes(12)


def legacy_xls(folder: Path) -> Path:
    path = folder / "旧版表格.xls"
    path.write_bytes(cfb({"Workbook": _biff_bof()}))
    return path


def legacy_et(folder: Path) -> Path:
    """Kingsoft WPS 表格 .et: an OLE file with a BIFF Workbook stream."""
    path = folder / "金山表格.et"
    path.write_bytes(cfb({"Workbook": _biff_bof(), "ETExtData": bytes(100)}))
    return path


def _encrypted_ooxml(plain: bytes) -> bytes:
    """An "agile"-encrypted OOXML package as Office writes it: EncryptionInfo (version 4.4 and
    its XML descriptor) and EncryptedPackage (the size, then ciphertext)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    rng = random.Random(len(plain))
    package = struct.pack("<Q", len(plain)) + rng.randbytes(len(plain) + 16)
    return cfb({"EncryptionInfo": info, "EncryptedPackage": package,
                "\x06DataSpaces": bytes(64)})


def encrypted_docx(folder: Path) -> Path:
    plain = report_docx(folder, "plain.docx").read_bytes()
    path = folder / "加密报告.docx"
    path.write_bytes(_encrypted_ooxml(plain))
    return path


def encrypted_xlsx(folder: Path) -> Path:
    plain = report_xlsx(folder, "plain.xlsx").read_bytes()
    path = folder / "加密表格.xlsx"
    path.write_bytes(_encrypted_ooxml(plain))
    return path


# ---------------------------------------------------------------------------------------------
# Word 97-2003 .doc made broken: a real .doc (LibreOffice, committed) taken apart and stored again
# ---------------------------------------------------------------------------------------------

LEGACY_DOC = Path(__file__).resolve().parents[1] / "fixtures" / "legacy" / "report.doc"


def _doc_streams() -> dict[str, bytes]:
    from tests.legacy_fixtures import streams_of

    return streams_of(LEGACY_DOC)


def _fib_pair(word: bytes, index: int) -> int:
    from tests.legacy_fixtures import _pair_offset

    return _pair_offset(word, index)


def _doc(folder: Path, name: str, streams: dict[str, bytes]) -> Path:
    from tests.legacy_fixtures import compound_file

    path = folder / name
    path.write_bytes(compound_file(streams))
    return path


def doc_truncated(folder: Path) -> Path:
    data = LEGACY_DOC.read_bytes()
    path = folder / "下载中断.doc"
    path.write_bytes(data[:len(data) // 2])
    return path


def doc_stream_larger_than_file(folder: Path) -> Path:
    """The WordDocument stream's directory entry declares 3 GB."""
    path = _doc(folder, "流过大.doc", _doc_streams())
    data = bytearray(path.read_bytes())
    at = data.find("WordDocument".encode("utf-16-le"))
    struct.pack_into("<Q", data, at + 120, 3 << 30)
    path.write_bytes(bytes(data))
    return path


def doc_fat_loop(folder: Path) -> Path:
    """The FAT chain of the WordDocument stream points back to its own first sector."""
    path = _doc(folder, "扇区循环.doc", _doc_streams())
    data = bytearray(path.read_bytes())
    at = data.find("WordDocument".encode("utf-16-le"))
    first = struct.unpack_from("<I", data, at + 116)[0]
    fat_sector = struct.unpack_from("<I", data, 76)[0]          # the first DIFAT entry
    struct.pack_into("<I", data, 512 + fat_sector * 512 + 4 * (first + 1), first)
    path.write_bytes(bytes(data))
    return path


def doc_clx_out_of_stream(folder: Path) -> Path:
    """The FIB puts the piece table far beyond the end of the table stream."""
    streams = _doc_streams()
    word = bytearray(streams["WordDocument"])
    struct.pack_into("<II", word, _fib_pair(bytes(word), 33), 0x7FFFFFF0, 0x7FFFFFF0)
    streams["WordDocument"] = bytes(word)
    return _doc(folder, "片段表越界.doc", streams)


def doc_huge_ccp(folder: Path) -> Path:
    """The FIB declares two billion characters of text."""
    streams = _doc_streams()
    word = bytearray(streams["WordDocument"])
    csw = struct.unpack_from("<H", word, 0x20)[0]
    struct.pack_into("<I", word, 0x22 + 2 * csw + 2 + 12, 0x7FFFFFFF)
    streams["WordDocument"] = bytes(word)
    return _doc(folder, "字数过大.doc", streams)


def doc_pieces_repeat_text(folder: Path, pieces: int = 900) -> Path:
    """A piece table whose pieces all point at the same 1,000 characters: 900,000 characters of
    text (under the reader's own bound) from a file of a hundred KB: the paragraph and text
    limits must hold, in bounded time."""
    streams = _doc_streams()
    word = bytearray(streams["WordDocument"])
    table = bytearray(streams["1Table"])
    run = 1000
    cps = [k * run for k in range(pieces + 1)]
    plc = struct.pack(f"<{pieces + 1}I", *cps) + struct.pack("<HIH", 0, 2048, 0) * pieces
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, _fib_pair(bytes(word), 33), len(table), len(clx))
    csw = struct.unpack_from("<H", word, 0x20)[0]
    struct.pack_into("<I", word, 0x22 + 2 * csw + 2 + 12, cps[-1])
    streams["WordDocument"] = bytes(word)
    streams["1Table"] = bytes(table + clx)
    return _doc(folder, "重复片段.doc", streams)


def doc_fkp_garbage(folder: Path) -> Path:
    """Every paragraph-property page (PapxFkp) overwritten with random bytes."""
    streams = _doc_streams()
    word = bytearray(streams["WordDocument"])
    fc, lcb = struct.unpack_from("<II", word, _fib_pair(bytes(word), 13))
    table = streams["1Table"]
    n = (lcb - 4) // 8
    rng = random.Random(13)
    for pn in struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1)):
        at = (pn & 0x3FFFFF) * 512
        word[at:at + 512] = rng.randbytes(512)
    streams["WordDocument"] = bytes(word)
    return _doc(folder, "属性页损坏.doc", streams)


def doc_directory_chain(folder: Path, entries: int = 45_000) -> Path:
    """A real .doc with 45,000 empty streams added, each the right sibling of the one before:
    a directory tree 45,000 deep (a reader that walks it recursively must not crash)."""
    streams = _doc_streams()
    streams.update({f"x{k}": b"" for k in range(entries)})
    return _doc(folder, "目录链.doc", streams)


def doc_encrypted(folder: Path) -> Path:
    """A .doc saved with a password (RC4): the FIB's fEncrypted flag is set."""
    streams = _doc_streams()
    word = bytearray(streams["WordDocument"])
    struct.pack_into("<H", word, 0x0A, struct.unpack_from("<H", word, 0x0A)[0] | 0x0100)
    streams["WordDocument"] = bytes(word)
    return _doc(folder, "加密报告.doc", streams)


# --- Excel 97-2003 .xls (LibreOffice, committed) made broken --------------------------------------

LEGACY_XLS = LEGACY_DOC.with_name("report.xls")


def xls_truncated(folder: Path) -> Path:
    data = LEGACY_XLS.read_bytes()
    path = folder / "下载中断.xls"
    path.write_bytes(data[:len(data) // 2])
    return path


def xls_too_big(folder: Path) -> Path:
    """A workbook file of 12 MB (a report's is a few KB; here unused sectors after the real
    ones): refused before xlrd holds it in memory."""
    path = folder / "过大.xls"
    path.write_bytes(LEGACY_XLS.read_bytes() + bytes(12 << 20))
    return path


def xls_many_cells(folder: Path, count: int = 200_000) -> Path:
    """Two hundred thousand NUMBER records inserted into the last sheet's substream (after its
    BOF, so the sheet offsets in the workbook globals stay right)."""
    streams = _xls_streams()
    book = streams["Workbook"]
    dim = book.rfind(b"\x00\x02\x0e\x00")         # DIMENSIONS record of the last sheet
    records = b"".join(struct.pack("<HHHHHd", 0x0203, 14, k // 200, k % 200, 15, 1.0)
                       for k in range(count))
    dim += 4 + 14                                      # after it
    streams["Workbook"] = book[:dim] + records + book[dim:]
    path = folder / "单元格过多.xls"
    path.write_bytes(_compound(streams))
    return path


def xls_records_garbage(folder: Path) -> Path:
    """Random bytes over the second half of the Workbook stream (its records)."""
    streams = _xls_streams()
    book = bytearray(streams["Workbook"])
    rng = random.Random(17)
    half = len(book) // 2
    book[half:] = rng.randbytes(len(book) - half)
    streams["Workbook"] = bytes(book)
    path = folder / "记录损坏.xls"
    path.write_bytes(_compound(streams))
    return path


def _xls_streams() -> dict[str, bytes]:
    from tests.legacy_fixtures import streams_of

    return streams_of(LEGACY_XLS)


def _compound(streams: dict[str, bytes]) -> bytes:
    from tests.legacy_fixtures import compound_file

    return compound_file(streams)


# ---------------------------------------------------------------------------------------------
# OFD made broken: the report laid out by tests/ofd_writer.py, parts replaced
# ---------------------------------------------------------------------------------------------

OFD_PAGE = "Doc_0/Pages/Page_0/Content.xml"
OFD_NS = "http://www.ofdspec.org/2016"


@functools.lru_cache(maxsize=None)
def _ofd_bytes() -> bytes:
    from core.readers import read_bytes
    from tests.ofd_writer import write_ofd

    docx = _report_bytes("docx", "merged")
    with tempfile.TemporaryDirectory(prefix="nianbao_corpus_") as tmp:
        path = write_ofd(read_bytes("report.docx", docx), Path(tmp) / "report.ofd")
        return path.read_bytes()


def report_ofd(folder: Path, name: str = "report.ofd") -> Path:
    path = folder / name
    path.write_bytes(_ofd_bytes())
    return path


def _page_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<ofd:Page xmlns:ofd="{OFD_NS}">'
            f'<ofd:Content><ofd:Layer ID="1">{body}</ofd:Layer></ofd:Content></ofd:Page>'
            ).encode()


def _text_object(text: str, y: float = 40.0, delta: str = "") -> str:
    return (f'<ofd:TextObject ID="9" Boundary="28 {y} 150 8" Font="2" Size="5.6">'
            f'<ofd:TextCode X="0" Y="5" DeltaX="{delta}">{text}</ofd:TextCode></ofd:TextObject>')


def ofd_truncated(folder: Path) -> Path:
    data = _ofd_bytes()
    path = folder / "下载中断.ofd"
    path.write_bytes(data[:len(data) // 2])
    return path


def ofd_zip_bomb(folder: Path, megabytes: int = 1024) -> Path:
    """An OFD whose first page's Content.xml inflates to 1 GiB."""
    stream, crc = _zeros_deflate(megabytes)
    with zipfile.ZipFile(io.BytesIO(_ofd_bytes())) as zf:
        members = [(i.filename, zf.read(i), 0, zlib.crc32(zf.read(i)), i.file_size)
                   for i in zf.infolist() if i.filename != OFD_PAGE]
    members.append((OFD_PAGE, stream, 8, crc, megabytes << 20))
    path = folder / "炸弹.ofd"
    path.write_bytes(_raw_zip(members))
    return path


def _ofd_with_page(folder: Path, name: str, page: bytes) -> Path:
    path = folder / name
    path.write_bytes(rewrite_zip(_ofd_bytes(), {OFD_PAGE: page}))
    return path


def ofd_billion_laughs(folder: Path) -> Path:
    return _ofd_with_page(folder, "实体膨胀.ofd", _page_xml(_text_object("&lol9;"), LAUGHS))


def ofd_xxe(folder: Path, secret: Path) -> Path:
    return _ofd_with_page(folder, "外部实体.ofd",
                          _page_xml(_text_object("&xxe;"), _xxe(secret.as_uri())))


def ofd_xxe_url(folder: Path, url: str) -> Path:
    return _ofd_with_page(folder, "外部实体网址.ofd", _page_xml(_text_object("&xxe;"), _xxe(url)))


def ofd_deep_xml(folder: Path, depth: int = 100_000) -> Path:
    """A text object inside 100,000 nested page blocks."""
    body = "<ofd:PageBlock>" * depth + _text_object("年度报告") + "</ofd:PageBlock>" * depth
    return _ofd_with_page(folder, "深层嵌套.ofd", _page_xml(body))


def ofd_many_objects(folder: Path, count: int = 250_000) -> Path:
    """A quarter of a million (empty) text objects on one page (a page has a few hundred); the
    part stays under the size where the zip's compression ratio alone would refuse it."""
    body = "<TextObject/>" * count
    return _ofd_with_page(folder, "对象过多.ofd", _page_xml(body))


def ofd_delta_bomb(folder: Path) -> Path:
    """DeltaX runs that claim a thousand million repetitions each ("g 1000000000 5", 10,000
    times): only as many as the text has characters may be expanded."""
    return _ofd_with_page(folder, "间距炸弹.ofd",
                          _page_xml(_text_object("年度报告", delta="g 1000000000 5 " * 10_000)))


def ofd_many_rules(folder: Path, count: int = 20_000) -> Path:
    """The report's first page with twenty thousand crossing ruling lines added."""
    rules = "".join(f'<ofd:PathObject ID="{k}" Boundary="0 0 210 297"><ofd:AbbreviatedData>'
                    f'M {k % 200} 0 L {k % 200} 297 M 0 {k % 290} L 210 {k % 290}'
                    '</ofd:AbbreviatedData></ofd:PathObject>' for k in range(count))
    with zipfile.ZipFile(io.BytesIO(_ofd_bytes())) as zf:
        page = zf.read(OFD_PAGE)
    return _ofd_with_page(folder, "线条过多.ofd",
                          page.replace(b"</ofd:Layer>", rules.encode() + b"</ofd:Layer>"))


def ofd_missing_document(folder: Path) -> Path:
    """OFD.xml names a Document.xml the package does not hold."""
    path = folder / "缺少文档.ofd"
    root = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" '
            'DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_9/Document.xml</ofd:DocRoot>'
            '</ofd:DocBody></ofd:OFD>').encode()
    path.write_bytes(rewrite_zip(_ofd_bytes(), {"OFD.xml": root}))
    return path


def ofd_image_only(folder: Path) -> Path:
    """Every page a picture and no text, as a scanned OFD is."""
    image = ('<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="7" '
             'CTM="210 0 0 297 0 0"/>')
    data = _ofd_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pages = [n for n in zf.namelist() if n.endswith("Content.xml")]
    path = folder / "扫描件.ofd"
    path.write_bytes(rewrite_zip(data, {n: _page_xml(image) for n in pages}))
    return path


# ---------------------------------------------------------------------------------------------
# PDFs made by hand
# ---------------------------------------------------------------------------------------------

def _text_stream(text: bytes) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def many_pages_pdf(folder: Path, pages: int = 50_000) -> Path:
    """A valid PDF of ``pages`` tiny pages sharing one content stream (about 160 bytes a page:
    8 MB for fifty thousand)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               _text_stream(b"page"), _FONT]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    path = folder / f"{pages}页.pdf"
    path.write_bytes(pdf_bytes(objects))
    return path


def pdf_page_count_lies(folder: Path, pages: int = 5000) -> Path:
    """A page tree whose /Count says 1 over five thousand pages: the pages are counted, not
    the /Count believed."""
    path = many_pages_pdf(folder, pages)
    declared = b"/Count %d" % pages
    data = path.read_bytes().replace(declared, b"/Count 1".ljust(len(declared)), 1)
    path.unlink()
    path = folder / "页数谎报.pdf"
    path.write_bytes(data)          # same length: the xref offsets stay right
    return path


def encrypted_pdf(folder: Path) -> Path:
    """Standard security handler (RC4, revision 3) whose user password is not empty: the /U
    entry does not match the empty password, so opening needs the password."""
    rng = random.Random(11)
    o_entry, u_entry = rng.randbytes(32).hex().encode(), rng.randbytes(32).hex().encode()
    file_id = rng.randbytes(16).hex().encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length 16 >>\nstream\n" + rng.randbytes(16) + b"\nendstream",
               b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <" + o_entry + b"> /U <"
               + u_entry + b"> /P -3904 >>"]
    path = folder / "加密.pdf"
    path.write_bytes(pdf_bytes(objects, b"/Encrypt 5 0 R /ID [<" + file_id + b"> <" + file_id
                               + b">] "))
    return path


def scanned_pdf(folder: Path) -> Path:
    """An image-only PDF (a page that is one picture), as a scanner makes it."""
    from tests import pdf_fixtures

    return pdf_fixtures.scanned_pdf(folder / "扫描件.pdf",
                                    ["示例区2023年政府信息公开工作年度报告", "一、总体情况"])


def truncated_pdf(folder: Path) -> Path:
    data = many_pages_pdf(folder, 20).read_bytes()
    path = folder / "下载中断.pdf"
    path.write_bytes(data[:len(data) // 2])
    return path


# ---------------------------------------------------------------------------------------------
# Wrong, empty, random and lying files
# ---------------------------------------------------------------------------------------------

def empty(folder: Path) -> Path:
    path = folder / "空文件.docx"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "乱码.docx"
    path.write_bytes(random.Random(3).randbytes(64 * 1024))
    return path


def jpeg_named_docx(folder: Path) -> Path:
    path = folder / "照片.docx"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                     + random.Random(4).randbytes(4096) + b"\xff\xd9")
    return path


def exe_named_pdf(folder: Path) -> Path:
    path = folder / "程序.pdf"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
                     + random.Random(5).randbytes(8192))
    return path


def truncated_docx(folder: Path) -> Path:
    data = report_docx(folder).read_bytes()
    path = folder / "下载中断.docx"
    path.write_bytes(data[:len(data) * 2 // 3])
    return path


def truncated_xlsx(folder: Path) -> Path:
    data = report_xlsx(folder).read_bytes()
    path = folder / "下载中断.xlsx"
    path.write_bytes(data[:len(data) // 2])
    return path


def html_not_a_report(folder: Path) -> Path:
    path = folder / "新闻.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>新闻</title></head>"
                    "<body><h1>今日要闻</h1><p>本市召开会议，部署冬季供暖保障工作。</p>"
                    "<table><tr><td>日期</td><td>标题</td></tr><tr><td>1月1日</td>"
                    "<td>通知</td></tr></table></body></html>", encoding="utf-8")
    return path


def _report_text() -> str:
    return builder.render_txt(builder.correct_content(seed=5), "tsv")


def text_utf32(folder: Path) -> Path:
    """UTF-32 with a BOM: a report the text reader does not take (a NUL-laden encoding)."""
    path = folder / "报告_utf32.txt"
    path.write_bytes(_report_text().encode("utf-32"))
    return path


def text_ebcdic(folder: Path) -> Path:
    """EBCDIC (cp500) bytes: no NULs, decodes as neither UTF-8 nor GB18030 text of a report."""
    path = folder / "ebcdic.txt"
    english = ("ANNUAL REPORT ON GOVERNMENT INFORMATION DISCLOSURE 2023\n"
               "1. GENERAL SITUATION\nThe agency received 12 requests.\n") * 40
    path.write_bytes(english.encode("cp500"))
    return path


def huge_text(folder: Path, size: int = 300 * 1024 * 1024) -> Path:
    """A 300 MB text file, sparse: a real first line, then a hole (nothing written)."""
    path = folder / "巨大文本.txt"
    with open(path, "wb") as f:
        f.write("示例区2023年政府信息公开工作年度报告\n".encode("utf-8"))
        f.truncate(size)
    return path


def big_text(folder: Path, megabytes: int = 90) -> Path:
    """90 MB of real text lines: under the file size limit, far over the text limit (checking
    it would take minutes)."""
    line = "本机关共收到政府信息公开申请12件，办结12件。\t3\t4\t5\n".encode("utf-8")
    path = folder / "九十兆文本.txt"
    with open(path, "wb") as f:
        block = line * ((1 << 20) // len(line))
        for _ in range(megabytes):
            f.write(block)
    return path


def text_many_cells(folder: Path, rows: int = 47_000) -> Path:
    """2 MB of tab-separated "1"s: a million cells."""
    path = folder / "百万单元格.txt"
    path.write_bytes((b"1\t" * 20 + b"1\n") * rows)
    return path


def text_under_the_limits(folder: Path) -> Path:
    """Just under every text limit (about 400,000 characters of table-like lines): slow to
    check, but within the time bound."""
    line = "本机关共收到政府信息公开申请12件，办结12件。\t3\t4\t5\n"
    path = folder / "接近上限.txt"
    path.write_text(line * (400_000 // len(line)), encoding="utf-8")
    return path


def docx_many_cells(folder: Path, rows: int = 30_000, cols: int = 10) -> Path:
    """A table of 300,000 cells (over the cell limit)."""
    cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>" + cell * cols + "</w:tr>"
    return _with_part(folder, "三十万单元格.docx", report_docx, "word/document.xml",
                      _document_xml("", f"<w:tbl>{row * rows}</w:tbl><w:p/>"))


def docx_under_the_cell_limit(folder: Path) -> Path:
    """A table of 95,000 cells: just under MAX_TABLE_CELLS, the slowest DOCX the limits let in."""
    return docx_many_cells(folder, rows=9_500, cols=10)


# ---------------------------------------------------------------------------------------------
# Zip bombs
# ---------------------------------------------------------------------------------------------

def _zeros_deflate(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MiB of zeros, made from one repeated block, and its
    CRC-32. The repeated block is taken after a full flush, so the copies are byte-identical."""
    chunk = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    crc = zlib.crc32(chunk)
    for _ in range(megabytes - 1):
        crc = zlib.crc32(chunk, crc)
    return head + block * (megabytes - 1) + tail, crc


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, compressed bytes, method, crc, declared uncompressed size) members,
    with the headers written by hand (so a declared size may be anything below 4 GiB)."""
    out = io.BytesIO()
    central = []
    for name, data, method, crc, size in members:
        raw = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                              len(data), size, len(raw), 0) + raw + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0,
                                   0x21, crc, len(data), size, len(raw), 0, 0, 0, 0, 0,
                                   offset) + raw)
    start = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd),
                          start, 0))
    return out.getvalue()


def _docx_members(folder: Path) -> list[tuple[str, bytes, int, int, int]]:
    """The members of a correct report DOCX, stored uncompressed."""
    with zipfile.ZipFile(report_docx(folder, "base.docx")) as zf:
        return [(i.filename, zf.read(i), 0, zlib.crc32(zf.read(i)), i.file_size)
                for i in zf.infolist()]


def zip_bomb_docx(folder: Path, megabytes: int = 3 * 1024) -> Path:
    """A DOCX whose word/document.xml inflates to 3 GiB of zeros (a file of about 3 MB)."""
    stream, crc = _zeros_deflate(megabytes)
    members = [m if m[0] != "word/document.xml" else
               ("word/document.xml", stream, 8, crc, megabytes << 20)
               for m in _docx_members(folder)]
    path = folder / "炸弹.docx"
    path.write_bytes(_raw_zip(members))
    return path


def zip_bomb_lying_size(folder: Path, megabytes: int = 1024) -> Path:
    """The same bomb with its central directory declaring 1 KB: whoever trusts the stream
    instead of the declared size inflates 1 GiB."""
    stream, crc = _zeros_deflate(megabytes)
    members = [m if m[0] != "word/document.xml" else
               ("word/document.xml", stream, 8, crc, 1024)
               for m in _docx_members(folder)]
    path = folder / "谎报大小.docx"
    path.write_bytes(_raw_zip(members))
    return path


def zip_bomb_xlsx(folder: Path, megabytes: int = 1024) -> Path:
    """An XLSX whose sharedStrings.xml inflates to 1 GiB."""
    stream, crc = _zeros_deflate(megabytes)
    with zipfile.ZipFile(report_xlsx(folder, "base.xlsx")) as zf:
        members = [(i.filename, zf.read(i), 0, zlib.crc32(zf.read(i)), i.file_size)
                   for i in zf.infolist()]
    members = [m for m in members if m[0] != "xl/sharedStrings.xml"]
    members.append(("xl/sharedStrings.xml", stream, 8, crc, megabytes << 20))
    path = folder / "炸弹.xlsx"
    path.write_bytes(_raw_zip(members))
    return path


def zip_bzip2_member(folder: Path, megabytes: int = 8) -> Path:
    """A DOCX whose document.xml is bzip2-compressed (zipfile inflates bzip2 without an output
    bound, and bzip2 packs a gigabyte of zeros into under a kilobyte)."""
    body = bytes(megabytes << 20)
    members = [m if m[0] != "word/document.xml" else
               ("word/document.xml", bz2.compress(body, 9), zipfile.ZIP_BZIP2,
                zlib.crc32(body), len(body))
               for m in _docx_members(folder)]
    path = folder / "bzip2.docx"
    path.write_bytes(_raw_zip(members))
    return path


def zip_many_members(folder: Path, count: int = 20_000) -> Path:
    """A DOCX with twenty thousand empty members (a directory bomb)."""
    members = _docx_members(folder)
    members += [(f"word/media/x{i}.bin", b"", 0, 0, 0) for i in range(count)]
    path = folder / "成员过多.docx"
    path.write_bytes(_raw_zip(members))
    return path


# ---------------------------------------------------------------------------------------------
# XML: entity expansion, external entities, deep nesting
# ---------------------------------------------------------------------------------------------

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                    for i in range(1, 10)) + "]>")


def _xxe(target: str) -> str:
    return f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">]>'


def _document_xml(doctype: str, body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def billion_laughs_docx(folder: Path) -> Path:
    return _with_part(folder, "笑声.docx", report_docx, "word/document.xml", _document_xml(
        LAUGHS, "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"))


def xxe_docx(folder: Path, secret: Path) -> Path:
    return _with_part(folder, "外部实体.docx", report_docx, "word/document.xml", _document_xml(
        _xxe(secret.as_uri()), "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"))


def xxe_url_docx(folder: Path, url: str) -> Path:
    return _with_part(folder, "外部网址.docx", report_docx, "word/document.xml", _document_xml(
        _xxe(url), "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"))


def _shared_strings(doctype: str, text: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<sst xmlns="{S_NS}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
            ).encode()


def billion_laughs_xlsx(folder: Path) -> Path:
    return plain_xlsx(folder, "笑声.xlsx", _shared_strings(LAUGHS, "&lol9;"))


def xxe_xlsx(folder: Path, secret: Path) -> Path:
    return plain_xlsx(folder, "外部实体.xlsx", _shared_strings(_xxe(secret.as_uri()), "&xxe;"))


def billion_laughs_html(folder: Path) -> Path:
    path = folder / "笑声.html"
    path.write_text(f"{LAUGHS}<html><body><h1>示例区2023年政府信息公开工作年度报告</h1>"
                    f"<p>&lol9;</p></body></html>", encoding="utf-8")
    return path


def xxe_html(folder: Path, secret: Path) -> Path:
    path = folder / "外部实体.html"
    path.write_text(f"{_xxe(secret.as_uri())}<html><body>"
                    f"<h1>示例区2023年政府信息公开工作年度报告</h1><p>&xxe;</p>"
                    f"<iframe src='{secret.as_uri()}'></iframe>"
                    f"<img src='http://127.0.0.1:9/x.png'></body></html>", encoding="utf-8")
    return path


def deep_xml_docx(folder: Path, depth: int = 100_000) -> Path:
    body = "<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth
    return _with_part(folder, "深层嵌套.docx", report_docx, "word/document.xml",
                      _document_xml("", body))


def deep_tables_docx(folder: Path, depth: int = 80) -> Path:
    """Tables nested inside table cells, 80 deep (240 XML levels: under the parser's limit)."""
    inner = "<w:p><w:r><w:t>9</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return _with_part(folder, "表中表.docx", report_docx, "word/document.xml",
                      _document_xml("", inner + "<w:p/>"))


def deep_xml_xlsx(folder: Path, depth: int = 100_000) -> Path:
    text = "<r>" * depth + "</r>" * depth
    return plain_xlsx(folder, "深层嵌套.xlsx", (f'<?xml version="1.0" encoding="UTF-8"?>'
                                               f'<sst xmlns="{S_NS}"><si>{text}</si></sst>'
                                               ).encode())


def deep_html(folder: Path, depth: int = 100_000) -> Path:
    path = folder / "深层嵌套.html"
    path.write_text("<html><body><h1>示例区2023年政府信息公开工作年度报告</h1>"
                    + "<div>" * depth + "正文" + "</div>" * depth + "</body></html>",
                    encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# Grids that explode: merged ranges and spans
# ---------------------------------------------------------------------------------------------

def xlsx_giant_merge(folder: Path) -> Path:
    """One merged range over a whole worksheet (17 billion positions)."""
    return plain_xlsx(folder, "整表合并.xlsx", sheet_extra=b'<mergeCells count="1">'
                      b'<mergeCell ref="A1:XFD1048576"/></mergeCells>')


def xlsx_many_merges(folder: Path, count: int = 2000) -> Path:
    """Two thousand merged ranges of 100 x 100 cells each (20 million positions)."""
    refs = "".join(f'<mergeCell ref="A{i * 100 + 3}:CV{i * 100 + 102}"/>' for i in range(count))
    return plain_xlsx(folder, "大量合并.xlsx", sheet_extra=b'<mergeCells count="%d">' % count
                      + refs.encode() + b"</mergeCells>")


def docx_giant_spans(folder: Path, cells: int = 200) -> Path:
    """A table whose cells each claim a grid span of a million columns."""
    row = "<w:tr>" + "".join(
        f'<w:tc><w:tcPr><w:gridSpan w:val="1000000"/></w:tcPr><w:p><w:r><w:t>{i}</w:t></w:r>'
        f"</w:p></w:tc>" for i in range(cells)) + "</w:tr>"
    return _with_part(folder, "超宽表格.docx", report_docx, "word/document.xml", _document_xml(
        "", f"<w:tbl>{row * 50}</w:tbl><w:p/>"))


def html_giant_spans(folder: Path, cells: int = 300) -> Path:
    row = "<tr>" + "<td colspan='100000' rowspan='100000'>1</td>" * cells + "</tr>"
    path = folder / "超大合并.html"
    path.write_text("<html><body><h1>示例区2023年政府信息公开工作年度报告</h1><table>"
                    + row * 300 + "</table></body></html>", encoding="utf-8")
    return path


def xlsx_formula_chain(folder: Path, length: int = 20_000) -> Path:
    """A formula chain A1 = A2 + 1, A2 = A3 + 1, ... twenty thousand long (recursion)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    for r in range(1, length):
        ws.cell(r, 1, f"=A{r + 1}+1")
    ws.cell(length, 1, 1)
    path = folder / "公式链.xlsx"
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[..., Path]
    codes: tuple[str, ...]              # acceptable outcomes: refusal codes or "checked"
    words: tuple[str, ...] = ()         # the Chinese message contains each of these
    needs: tuple[str, ...] = ()         # extra arguments: "secret", "url"
    seconds: float = 20.0               # wall-time bound (generous: the machine is shared)
    megabytes: int = 400                # peak resident memory bound of the checking process
    notes: list = field(default_factory=list, compare=False)


CASES = [
    Case("empty", empty, ("corrupt",), ("空的",)),
    Case("random_bytes", random_bytes, ("unsupported",), ("无法识别", ".docx")),
    # a picture is read by OCR now: this one is not a decodable image, so it is refused as such
    Case("jpeg_named_docx", jpeg_named_docx, ("unsupported", "corrupt"), ("图片",)),
    Case("exe_named_pdf", exe_named_pdf, ("unsupported",), ("二进制",)),
    Case("truncated_docx", truncated_docx, ("corrupt",), ("损坏或不完整", "重新下载")),
    Case("truncated_xlsx", truncated_xlsx, ("corrupt",), ("损坏或不完整",)),
    Case("truncated_pdf", truncated_pdf, ("corrupt",), ("不完整",)),
    Case("encrypted_docx", encrypted_docx, ("encrypted",), ("密码", "另存")),
    Case("encrypted_xlsx", encrypted_xlsx, ("encrypted",), ("密码",)),
    Case("encrypted_pdf", encrypted_pdf, ("encrypted",), ("密码",)),
    Case("legacy_doc", legacy_doc, ("corrupt",), ("损坏", "另存为", ".docx")),
    Case("legacy_wps", legacy_wps, ("corrupt",), ("损坏", "另存为", ".docx")),
    Case("legacy_xls", legacy_xls, ("corrupt",), ("损坏", ".xlsx")),
    Case("legacy_et", legacy_et, ("corrupt",), ("损坏", ".xlsx")),
    Case("xls_truncated", xls_truncated, ("corrupt",), ("损坏",)),
    Case("xls_too_big", xls_too_big, ("too_large",), ("文件过大",)),
    Case("xls_many_cells", xls_many_cells, ("too_large", "corrupt")),
    Case("xls_records_garbage", xls_records_garbage, ("corrupt", "not_a_report", "checked")),
    Case("doc_truncated", doc_truncated, ("corrupt",), ("损坏", "另存为")),
    Case("doc_stream_larger_than_file", doc_stream_larger_than_file, ("corrupt",), ("损坏",)),
    Case("doc_fat_loop", doc_fat_loop, ("corrupt", "not_a_report")),
    Case("doc_clx_out_of_stream", doc_clx_out_of_stream, ("corrupt",), ("损坏",)),
    Case("doc_huge_ccp", doc_huge_ccp, ("too_large",), ("文字过多",)),
    Case("doc_pieces_repeat_text", doc_pieces_repeat_text, ("too_large",), ("过多",)),
    Case("doc_fkp_garbage", doc_fkp_garbage, ("checked", "not_a_report", "corrupt")),
    Case("doc_encrypted", doc_encrypted, ("encrypted",), ("密码",)),
    Case("doc_directory_chain", doc_directory_chain, ("corrupt", "checked")),
    Case("ofd_truncated", ofd_truncated, ("corrupt",), ("损坏",)),
    Case("ofd_zip_bomb", ofd_zip_bomb, ("too_large",), ("解压后",)),
    Case("ofd_billion_laughs", ofd_billion_laughs, ("corrupt",), ("不安全的 XML",)),
    Case("ofd_xxe", ofd_xxe, ("corrupt",), ("不安全的 XML",), needs=("secret",)),
    Case("ofd_xxe_url", ofd_xxe_url, ("corrupt",), ("不安全的 XML",), needs=("url",)),
    Case("ofd_deep_xml", ofd_deep_xml, ("checked", "corrupt", "not_a_report")),
    Case("ofd_many_objects", ofd_many_objects, ("too_large",), ("过多",)),
    Case("ofd_delta_bomb", ofd_delta_bomb, ("checked", "not_a_report")),
    Case("ofd_many_rules", ofd_many_rules, ("checked", "not_a_report")),
    Case("ofd_missing_document", ofd_missing_document, ("corrupt",), ("损坏",)),
    Case("ofd_image_only", ofd_image_only, ("scanned",), ("扫描件",)),
    # a scan is read by OCR (onnxruntime's working set makes the memory bound an OCR one)
    Case("scanned_pdf", scanned_pdf, ("checked", "scanned"), ("扫描件",), seconds=180.0,
         megabytes=1500),
    Case("html_not_a_report", html_not_a_report, ("not_a_report",), ("没有找到", "年度报告")),
    Case("text_utf32", text_utf32, ("unsupported",), ("编码", "UTF-8")),
    Case("text_ebcdic", text_ebcdic, ("unsupported",), ("编码", "UTF-8")),
    Case("huge_text", huge_text, ("too_large",), ("文件过大", "上限")),
    Case("big_text", big_text, ("too_large",), ("文件过大", "8 MB")),
    Case("text_many_cells", text_many_cells, ("too_large",), ("过多",)),
    Case("text_under_the_limits", text_under_the_limits, ("not_a_report", "checked")),
    Case("docx_many_cells", docx_many_cells, ("too_large",), ("过多",)),
    Case("docx_under_the_cell_limit", docx_under_the_cell_limit, ("not_a_report", "checked")),
    Case("many_pages_pdf", many_pages_pdf, ("too_large",), ("50000 页", "上限"), seconds=12),
    Case("pdf_page_count_lies", pdf_page_count_lies, ("too_large",), ("超过 300 页",)),
    Case("zip_bomb_docx", zip_bomb_docx, ("too_large",), ("解压后", "恶意", "另存")),
    Case("zip_bomb_lying_size", zip_bomb_lying_size, ("corrupt",), ("损坏",)),
    Case("zip_bomb_xlsx", zip_bomb_xlsx, ("too_large",), ("解压后",)),
    Case("zip_bzip2_member", zip_bzip2_member, ("corrupt",), ("压缩方式",)),
    Case("zip_many_members", zip_many_members, ("too_large",), ("解压后",)),
    Case("billion_laughs_docx", billion_laughs_docx, ("corrupt",), ("不安全的 XML", "另存")),
    Case("billion_laughs_xlsx", billion_laughs_xlsx, ("corrupt",), ("不安全的 XML",)),
    Case("billion_laughs_html", billion_laughs_html, ("checked", "not_a_report", "corrupt")),
    Case("xxe_docx", xxe_docx, ("corrupt",), ("不安全的 XML",), needs=("secret",)),
    Case("xxe_url_docx", xxe_url_docx, ("corrupt",), ("不安全的 XML",), needs=("url",)),
    Case("xxe_xlsx", xxe_xlsx, ("corrupt",), ("不安全的 XML",), needs=("secret",)),
    Case("xxe_html", xxe_html, ("checked", "not_a_report", "corrupt"), needs=("secret",)),
    Case("deep_xml_docx", deep_xml_docx, ("corrupt",), ("损坏或不完整",)),
    Case("deep_xml_xlsx", deep_xml_xlsx, ("corrupt", "not_a_report")),
    Case("deep_html", deep_html, ("corrupt", "not_a_report")),
    Case("deep_tables_docx", deep_tables_docx, ("not_a_report", "too_large", "corrupt")),
    Case("xlsx_giant_merge", xlsx_giant_merge, ("too_large",), ("过多",)),
    Case("xlsx_many_merges", xlsx_many_merges, ("too_large",), ("过多",)),
    Case("docx_giant_spans", docx_giant_spans, ("too_large", "not_a_report", "corrupt")),
    Case("html_giant_spans", html_giant_spans, ("too_large", "not_a_report", "checked")),
    Case("xlsx_formula_chain", xlsx_formula_chain, ("not_a_report", "checked", "too_large")),
]
BY_NAME = {c.name: c for c in CASES}


def make(case: Case, folder: Path, secret: Path | None = None, url: str | None = None) -> Path:
    kwargs = {}
    if "secret" in case.needs:
        kwargs["secret"] = secret
    if "url" in case.needs:
        kwargs["url"] = url
    return case.make(folder, **kwargs)
