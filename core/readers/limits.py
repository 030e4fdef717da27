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
MAX_INFLATED_BYTES = 200 * 1024 * 1024      # all zip members together, uncompressed
MAX_MEMBER_RATIO = 200                      # uncompressed / compressed size of one member ...
BOMB_MEMBER_MIN_BYTES = 10 * 1024 * 1024    # ... only matters for members larger than this
MAX_ZIP_MEMBERS = 10_000                    # a .docx has a few dozen parts
MAX_XML_DEPTH = 256                         # element nesting our own tree walks follow
MAX_TABLE_NESTING = 16                      # tables inside table cells inside ...
MAX_PARAGRAPHS = 200_000                    # paragraphs in one document
MAX_TABLE_CELLS = 1_000_000                 # grid positions of all tables of one document
MAX_SPAN = 1000                             # an HTML colspan / rowspan larger than this is clamped

# Parts read as XML by python-docx / openpyxl (and by ourselves).
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCRYPTED_FLAG = 0x1


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
    """check_zip, then check_xml_safe on every XML part of the package (the parts python-docx
    and openpyxl parse are all among them)."""
    check_zip(zf)
    for info in zf.infolist():
        if info.filename.lower().endswith(_XML_SUFFIXES):
            check_xml_safe(zf.read(info))


def check_counts(paragraphs: int, cells: int) -> None:
    """Refuse a document with more paragraphs or table cells than any report has."""
    if paragraphs > MAX_PARAGRAPHS or cells > MAX_TABLE_CELLS:
        raise Refusal("too_large", messages.REFUSE_TOO_MANY_PARTS.format(
            paragraphs=MAX_PARAGRAPHS, cells=MAX_TABLE_CELLS))
