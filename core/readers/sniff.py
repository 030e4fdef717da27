"""Decide what a file is from its bytes (magic numbers, zip members), never from its name."""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
import zlib

from core import messages
from core.model import Refusal
from core.readers import limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")
OLE_WORD_STREAM = "WordDocument"
OLE_SHEET_STREAMS = ("Workbook", "Book")
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
                b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00")
SCAN_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG JPEG TIFF
ARCHIVE_MAGICS = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")
PDF_MARKER = b"%PDF-"
PDF_HEADER_WINDOW = 1024        # readers accept junk before %PDF- within the first KB
BINARY_WINDOW = 8192
HTML_WINDOW = 4096
UTF16_MAX_UNPRINTABLE = 0.02
_HTML_START = ("<!doctype html", "<html")
_HTML_INSIDE = re.compile(r"<(table|body)[\s>]", re.IGNORECASE)
_LEADING_NOISE = re.compile(r"^(\s|<\?xml[^>]*>|<!--.*?-->)*", re.DOTALL)
OFD_ROOT = "OFD.xml"
_WORD_CONTENT_TYPE = b"wordprocessingml.document.main+xml"
_SHEET_CONTENT_TYPE = b"spreadsheetml.sheet.main+xml"
_MACRO_CONTENT_TYPES = (b"ms-word.document.macroEnabled", b"ms-word.template",
                        b"wordprocessingml.template", b"ms-excel.sheet.macroEnabled",
                        b"spreadsheetml.template", b"ms-excel.template")


def detect(data: bytes) -> str:
    """Return "docx", "doc", "xlsx", "xls", "pdf", "ofd", "html" or "text"; raise Refusal for
    what no reader takes."""
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith(ZIP_MAGICS):
        return _zip_kind(data)
    if PDF_MARKER in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(SCAN_IMAGE_MAGICS):
        return "image"          # a scanned page: read by OCR (core/readers/ocr.py)
    _refuse_known_binary(data)
    if _is_binary(data[:BINARY_WINDOW]):
        raise unsupported(messages.UNSUPPORTED_BINARY)
    if _is_html(data[:HTML_WINDOW]):
        return "html"
    return "text"


def unsupported(detail: str = "") -> Refusal:
    return Refusal("unsupported", messages.REFUSE_UNSUPPORTED.format(detail=detail))


def _ole_kind(data: bytes) -> str:
    """An OLE compound file is a Word 97-2003 .doc or WPS .wps (a WordDocument stream), an
    Excel 97-2003 .xls or WPS .et workbook (a Workbook or Book stream), or an encrypted OOXML
    package (EncryptionInfo / EncryptedPackage streams)."""
    names = _ole_streams(data)
    if names is None:                   # no readable directory: judge by the names it holds
        if all(n.encode("utf-16-le") in data for n in OLE_ENCRYPTION_STREAMS):
            raise Refusal("encrypted", messages.REFUSE_ENCRYPTED)
        raise Refusal("corrupt", messages.REFUSE_CORRUPT_OLE.format(detail=messages.CORRUPT_OLE))
    if any(n in names for n in OLE_ENCRYPTION_STREAMS):
        raise Refusal("encrypted", messages.REFUSE_ENCRYPTED)
    if OLE_WORD_STREAM in names:
        return "doc"
    if any(n in names for n in OLE_SHEET_STREAMS):
        return "xls"
    raise unsupported(messages.UNSUPPORTED_OLE)


def _ole_streams(data: bytes) -> set[str] | None:
    """The names of the streams in the root storage, or None when the directory is broken."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=False)
                    if len(entry) == 1}
    except Exception:       # olefile raises many kinds on broken directories
        return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            return _zip_kind_by_content(zf, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            RuntimeError, NotImplementedError, zlib.error):
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(detail=messages.CORRUPT_ZIP))


def _zip_kind_by_content(zf: zipfile.ZipFile, names: set[str]) -> str:
    """Packages whose main part is not at the usual name, and the zips no reader takes."""
    if "[Content_Types].xml" in names:
        info = zf.getinfo("[Content_Types].xml")
        if info.file_size <= limits.BOMB_MEMBER_MIN_BYTES:
            types = limits.read_member(zf, info)
            if any(t in types for t in _MACRO_CONTENT_TYPES):
                raise unsupported(messages.UNSUPPORTED_MACRO)
            if _WORD_CONTENT_TYPE in types:
                return "docx"
            if _SHEET_CONTENT_TYPE in types:
                return "xlsx"
    if "mimetype" in names:
        raise unsupported(messages.UNSUPPORTED_ODF)
    if OFD_ROOT in names:
        return "ofd"
    raise unsupported(messages.UNSUPPORTED_ZIP)


def _refuse_known_binary(data: bytes) -> None:
    if data.startswith(IMAGE_MAGICS) or _is_bmp(data) or _is_webp(data):
        raise unsupported(messages.UNSUPPORTED_IMAGE)
    if data.startswith(ARCHIVE_MAGICS):
        raise unsupported(messages.UNSUPPORTED_ARCHIVE)
    if data.startswith(b"{\\rtf"):
        raise unsupported(messages.UNSUPPORTED_RTF)
    if b"<w:wordDocument" in data[:HTML_WINDOW]:      # Word 2003 XML
        raise Refusal("legacy_format", messages.REFUSE_LEGACY)


def _is_bmp(data: bytes) -> bool:
    return data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00"


def _is_webp(data: bytes) -> bool:
    return data.startswith(b"RIFF") and data[8:12] == b"WEBP"


def _is_binary(head: bytes) -> bool:
    """NUL bytes mean binary, unless the head is UTF-16 text (a BOM, or NULs mostly on one
    side of each byte pair that decode to printable text)."""
    if 0 not in head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return utf16_codec(head) is None


def utf16_codec(head: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when BOM-less bytes read as UTF-16 text, else None.

    Chinese UTF-16 has NULs on both sides (ASCII in one byte order, U+XX00 like 一 in the
    other), so the test is whether the bytes decode to printable text; the side with more NULs
    (ASCII: digits, line breaks, markup) breaks a tie."""
    even = head[:len(head) // 2 * 2]
    lean_le = even[1::2].count(0) >= even[0::2].count(0)
    order = ("utf-16-le", "utf-16-be") if lean_le else ("utf-16-be", "utf-16-le")
    scored = [(s, codec) for codec in order if (s := _unprintable_share(even, codec)) is not None]
    if not scored:
        return None
    share, codec = min(scored, key=lambda sc: sc[0])
    return codec if share <= UTF16_MAX_UNPRINTABLE else None


def _unprintable_share(data: bytes, codec: str) -> float | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        if err.start < len(data) - 4:           # only a pair split at the window's end is fine
            return None
        text = data[:err.start].decode(codec)
    if not text:
        return None
    return sum(1 for ch in text if _unprintable(ch)) / len(text)


def _unprintable(ch: str) -> bool:
    if ch in "\t\n\r\f":
        return False
    return unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")


def _is_html(head: bytes) -> bool:
    text = _lenient_text(head)
    start = _LEADING_NOISE.sub("", text, count=1)[:20].lower()
    return start.startswith(_HTML_START) or bool(_HTML_INSIDE.search(text))


def _lenient_text(head: bytes) -> str:
    """Enough of a decoding to find ASCII markup: any ASCII-compatible encoding passes through,
    UTF-16 is recognised by its BOM or NUL pattern."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    if 0 in head:
        return head.decode(utf16_codec(head) or "utf-16-le", errors="ignore")
    return head.decode("utf-8", errors="ignore")
