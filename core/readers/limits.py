"""Size and structure limits every reader enforces, and the zip / XML safety checks.

A real annual report is a few hundred KB. Anything far beyond these limits is a wrong file or a
hostile one (zip bomb, billion laughs, external entities); it is refused before it costs memory.
"""
from __future__ import annotations

import re
import zipfile

from core import messages
from core.model import Refusal

MAX_FILE_BYTES = 100 * 1024 * 1024          # the file as given
MAX_TEXT_BYTES = 8 * 1024 * 1024            # a .txt / .md / .html file (a report is ~100 KB)
MAX_DOCUMENT_CHARS = 500_000                # text read from any file (a long report: ~40,000)
MAX_INFLATED_BYTES = 200 * 1024 * 1024      # all zip members together, uncompressed
MAX_MEMBER_RATIO = 200                      # uncompressed / compressed size of one member ...
BOMB_MEMBER_MIN_BYTES = 10 * 1024 * 1024    # ... only matters for members larger than this
MAX_ZIP_MEMBERS = 10_000                    # a .docx has a few dozen parts
MAX_XML_DEPTH = 256                         # element nesting our own tree walks follow
MAX_TABLE_NESTING = 16                      # tables inside table cells inside ...
MAX_PARAGRAPHS = 50_000                     # paragraphs in one document (a report: ~200)
MAX_TABLE_CELLS = 100_000                   # grid positions of all tables (a report: ~1,000)
MAX_SPAN = 1000                             # an HTML colspan / rowspan larger than this is clamped
MAX_MERGED_CELLS = 50_000                   # positions covered by an XLSX's merged ranges
ZIP_READ_CHUNK = 1 << 20                    # a zip member is inflated this much at a time

# Parts read as XML by python-docx / openpyxl (and by ourselves).
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCRYPTED_FLAG = 0x1
# Office writes members stored or deflated. zipfile inflates bzip2 / LZMA members without an
# output bound (one read can expand a few KB into gigabytes), so they are refused unopened.
_OFFICE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def check_zip(zf: zipfile.ZipFile) -> None:
    """Refuse a zip whose declared sizes (the central directory, read before anything is
    inflated) make it a bomb. zipfile never inflates a member past its declared file_size,
    so the declared sizes bound the memory any later read can take."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _inflated()
    total = 0
    for info in infos:
        if info.flag_bits & _ENCRYPTED_FLAG:
            raise Refusal("encrypted", messages.REFUSE_ENCRYPTED)
        if info.compress_type not in _OFFICE_COMPRESSION:
            raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(
                detail=messages.CORRUPT_COMPRESSION))
        total += info.file_size
        if total > MAX_INFLATED_BYTES or _is_bomb_member(info):
            raise _inflated()


def _is_bomb_member(info: zipfile.ZipInfo) -> bool:
    if info.file_size <= BOMB_MEMBER_MIN_BYTES:
        return False
    return info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1)


def _inflated() -> Refusal:
    return Refusal("too_large", messages.REFUSE_INFLATED.format(
        limit=messages.human_size(MAX_INFLATED_BYTES)))


def check_xml_safe(xml_bytes: bytes) -> None:
    """Refuse any DOCTYPE or ENTITY declaration: OOXML parts never need one, and they are the
    carriers of entity expansion (billion laughs) and external entities (XXE)."""
    if _DTD.search(_as_ascii(xml_bytes)):
        raise Refusal("corrupt", messages.REFUSE_HOSTILE_XML)


def _as_ascii(xml_bytes: bytes) -> bytes:
    """UTF-16 XML (legal in OOXML) is searched through both of its byte projections, so the
    ASCII markers still match."""
    head = xml_bytes[:4]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) == 4 and 0 in head):
        return xml_bytes[0::2] + b"\n" + xml_bytes[1::2]
    return xml_bytes


def check_zip_parts(zf: zipfile.ZipFile) -> None:
    """check_zip, then inflate every member through ``read_member`` (a member whose data
    inflates past its declared size is refused as corrupt, with bounded memory) and
    check_xml_safe every XML part (the parts python-docx and openpyxl parse are all among them).
    After this, the library's own unbounded ``ZipFile.read`` calls are bounded by the declared
    sizes that check_zip accepted."""
    check_zip(zf)
    for info in zf.infolist():
        if info.filename.lower().endswith(_XML_SUFFIXES):
            check_xml_safe(read_member(zf, info))
        else:
            read_member(zf, info, keep=False)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool = True) -> bytes:
    """A member's bytes, inflated ZIP_READ_CHUNK at a time. ``ZipFile.read`` asks zlib for up
    to 2 GB in one call and only then cuts to the declared size, so a member that declares
    1 KB and inflates to gigabytes takes gigabytes; read in chunks, it stops at the declared
    size and fails its CRC check (zipfile.BadZipFile). ``keep=False`` only verifies."""
    if info.compress_type not in _OFFICE_COMPRESSION:
        raise Refusal("corrupt", messages.REFUSE_CORRUPT.format(
            detail=messages.CORRUPT_COMPRESSION))
    if info.file_size > MAX_INFLATED_BYTES:
        raise _inflated()
    parts = []
    with zf.open(info) as member:
        while chunk := member.read(ZIP_READ_CHUNK):
            if keep:
                parts.append(chunk)
    return b"".join(parts)


def check_merged(area: int) -> None:
    """Refuse merged ranges covering more positions than any report's tables have (openpyxl
    makes an object for every covered position while it loads)."""
    if area > MAX_MERGED_CELLS:
        raise too_many_parts()


def too_many_parts() -> Refusal:
    return Refusal("too_large", messages.REFUSE_TOO_MANY_PARTS.format(
        paragraphs=MAX_PARAGRAPHS, cells=MAX_TABLE_CELLS))


def check_text_bytes(size: int) -> None:
    """Refuse a text or HTML file far larger than any report written as text: checking it
    would take minutes (the recognizer's time grows with the text)."""
    if size > MAX_TEXT_BYTES:
        raise Refusal("too_large", messages.REFUSE_TOO_LARGE.format(
            size=messages.human_size(size), limit=messages.human_size(MAX_TEXT_BYTES)))


def check_document_chars(doc) -> None:
    """Refuse a document whose paragraphs and cells hold more text than any report (the bound
    on the recognizer's and the rules' time, whatever the format)."""
    total = 0
    for block in doc.blocks:
        if hasattr(block, "rows"):
            total += sum(len(c.text) for row in block.rows for c in row)
        else:
            total += len(block.text)
        if total > MAX_DOCUMENT_CHARS:
            raise Refusal("too_large", messages.REFUSE_TOO_MUCH_TEXT.format(
                limit=MAX_DOCUMENT_CHARS))


def check_counts(paragraphs: int, cells: int) -> None:
    """Refuse a document with more paragraphs or table cells than any report has."""
    if paragraphs > MAX_PARAGRAPHS or cells > MAX_TABLE_CELLS:
        raise too_many_parts()
