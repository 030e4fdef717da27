"""Plain text and Markdown: decode whatever encoding, then find paragraphs and tables.

Tables in text come in the shapes real reports are copied in:
- tab-separated rows (one line a row),
- markdown pipe tables,
- one cell a line, each prefixed by a tab, rows separated by blank lines (a copy from Word),
- rows with their digits glued to the label ("规章1056"): those stay paragraphs; the
  recognizer splits them, because only the table's relations can tell where one number ends.
"""
from __future__ import annotations

import codecs
import re

from core import messages
from core.model import Cell, Document, Paragraph, Refusal, SourceRef, Table
from core.readers import limits
from core.readers.text_cells import Region, find_regions

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or the NUL pattern), else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:4000]
    if looks_ebcdic(head):
        raise Refusal("unsupported", messages.REFUSE_ENCODING)
    if len(head) >= 4:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        if odd_nuls > len(head) // 8 and even_nuls == 0:
            return data.decode("utf-16-le", errors="replace")
        if even_nuls > len(head) // 8 and odd_nuls == 0:
            return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            return data[:err.start].decode("utf-8")     # a page cut inside its last character
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise Refusal("unsupported", messages.REFUSE_ENCODING)
    return data.decode(best.encoding, errors="replace")


def looks_ebcdic(head: bytes) -> bool:
    """EBCDIC (IBM mainframe) text: its space is 0x40 ("@" in ASCII) and its line end 0x15 or
    0x25, so "@" is the commonest byte and there is no ASCII line feed or space. GB18030 would
    otherwise decode it without error into meaningless characters."""
    at = head.count(0x40)
    return (len(head) >= 64 and at * 10 > len(head) and head.count(0x20) * 10 < at
            and 0x0A not in head)


def _check_size(text: str) -> None:
    """Cheap upper bounds, before any Cell is made: the characters (blanks counted twice over),
    the tabs (each separates a cell) and the lines (each is at least a paragraph)."""
    if len(text) > 2 * limits.MAX_DOCUMENT_CHARS:
        raise Refusal("too_large", messages.REFUSE_TOO_MUCH_TEXT.format(
            limit=limits.MAX_DOCUMENT_CHARS))
    limits.check_counts(text.count("\n") + 1, text.count("\t"))


def read_text(path: str, data: bytes) -> Document:
    text = decode(data)
    if "\x00" in text:
        raise Refusal("unsupported", messages.REFUSE_ENCODING)
    _check_size(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = Document(path=path, kind="text")
    doc.blocks = list(_blocks(lines, find_regions(lines)))
    limits.check_counts(len(doc.paragraphs()),
                        sum(len(row) for t in doc.tables() for row in t.rows))
    return doc


def _is_one_per_line_group(group: list[tuple[int, str]]) -> bool:
    """A group of lines each holding one cell: every tabbed line has a single leading tab."""
    tabbed = [s for _, s in group if "\t" in s]
    if not tabbed or not group[0][1].startswith("\t"):
        return False
    return all(s.startswith("\t") and "\t" not in s[1:] for s in tabbed)


def _blocks(lines: list[str], regions: dict[int, Region]):
    n = len(lines)
    i = 0
    table_count = 0
    pending_rows: list[list[Cell]] = []
    pending_start = 0
    pending_kind = ""

    def flush():
        nonlocal pending_rows, table_count, pending_kind
        if pending_rows:
            table = Table(pending_rows, SourceRef("text", table=table_count, line=pending_start))
            table_count += 1
            pending_rows = []
            pending_kind = ""
            return table
        return None

    while i < n:
        line = lines[i]
        if i in regions:
            t = flush()
            if t:
                yield t
            yield regions[i].table
            i = regions[i].end
            continue
        if not line.strip() and not line.startswith("\t"):
            # a blank line ends a pipe table, but tab tables may contain stray blank lines
            if pending_kind == "pipe":
                t = flush()
                if t:
                    yield t
            i += 1
            continue
        # one cell a line: gather the group up to the next blank line
        if line.startswith("\t") and "\t" not in line[1:]:
            j = i
            group = []
            while j < n and (lines[j].strip() or lines[j].startswith("\t")):
                group.append((j, lines[j]))
                j += 1
            if _is_one_per_line_group(group):
                if pending_kind not in ("", "oneline"):
                    t = flush()
                    if t:
                        yield t
                if not pending_rows:
                    pending_start = i + 1
                pending_kind = "oneline"
                cells: list[Cell] = []
                for k, (ln, s) in enumerate(group):
                    if s.startswith("\t") or not cells:
                        cells.append(Cell(s[1:].strip() if s.startswith("\t") else s.strip(),
                                          SourceRef("text", line=ln + 1, row=len(pending_rows),
                                                    col=len(cells), table=table_count)))
                    else:   # a line break inside the previous cell
                        cells[-1].text += "\n" + s.strip()
                pending_rows.append(cells)
                i = j
                continue
        if "\t" in line:
            if pending_kind not in ("", "tsv"):
                t = flush()
                if t:
                    yield t
            if not pending_rows:
                pending_start = i + 1
            pending_kind = "tsv"
            parts = line.split("\t")
            pending_rows.append([Cell(p.strip(), SourceRef("text", line=i + 1, row=len(pending_rows),
                                                          col=c, table=table_count))
                                 for c, p in enumerate(parts)])
            i += 1
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if pending_kind not in ("", "pipe"):
                t = flush()
                if t:
                    yield t
            if not pending_rows:
                pending_start = i + 1
            pending_kind = "pipe"
            if not _MD_RULE.match(stripped):
                parts = stripped.strip("|").split("|")
                pending_rows.append([Cell(p.strip().replace("<br>", "\n"),
                                          SourceRef("text", line=i + 1, row=len(pending_rows),
                                                    col=c, table=table_count))
                                     for c, p in enumerate(parts)])
            i += 1
            continue
        t = flush()
        if t:
            yield t
        m = _MD_HEADING.match(line)
        if m:
            yield Paragraph(m.group(2).strip(), SourceRef("text", line=i + 1),
                            style=f"md-h{len(m.group(1))}")
        else:
            text = stripped
            bold = False
            if text.startswith("**") and text.endswith("**") and len(text) > 4:
                text, bold = text[2:-2].strip(), True
            yield Paragraph(text, SourceRef("text", line=i + 1), bold=bold)
        i += 1
    t = flush()
    if t:
        yield t
