"""Every piece of raw WordprocessingML the fixer touches, in one place.

python-docx has proxies for paragraphs, runs, tables and styles, but none for cell or paragraph
shading (``w:shd``), East Asian font names, character-unit indents, repeated header rows, page
number fields, or for walking a table by its grid columns the way the DOCX reader numbers them.
Those live here, as small functions on lxml elements; the rest of ``core/fix`` uses proxies.

Children are inserted in schema order (ECMA-376 sequences), so Word and WPS accept the result.
"""
from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W_P, W_R, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
_RUN_CONTAINERS = {qn(f"w:{t}") for t in ("hyperlink", "ins", "moveTo", "smartTag", "sdt",
                                          "sdtContent", "fldSimple", "customXml", "dir", "bdo")}
_TEXT_TAGS = {qn(f"w:{t}") for t in ("t", "tab", "br", "cr", "noBreakHyphen", "softHyphen",
                                     "sym", "ptab")}
_CHANGE_TAGS = {qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange",
                                       "pPrChange", "numPr", "sectPr")}
_FILL_DEFAULTS = {qn("w:val"): "clear", qn("w:color"): "auto"}

# Schema order of the children that matter here (elements after the one inserted).
_PPR_AFTER_SHD = ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_PPR_AFTER_IND = _PPR_AFTER_SHD[_PPR_AFTER_SHD.index("w:ind") + 1:]
_TCPR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                   "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                   "w:tcPrChange")
_TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders",
               "w:shd") + _TCPR_AFTER_SHD
_TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


# ---------------------------------------------------------------------------------------------
# Generic helpers
# ---------------------------------------------------------------------------------------------

def _insert_ordered(parent, child, successors: tuple[str, ...]):
    """Insert ``child`` before the first existing element named in ``successors``."""
    names = {qn(s) for s in successors}
    for existing in parent:
        if existing.tag in names:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _get_or_add(parent, tag: str, successors: tuple[str, ...]):
    found = parent.find(qn(tag))
    if found is None:
        found = _insert_ordered(parent, OxmlElement(tag), successors)
    return found


def _children(el, tags: set[str]) -> list:
    """Direct children with one of ``tags``, looking through content controls / custom XML."""
    out = []
    for child in el:
        if child.tag in tags:
            out.append(child)
        elif child.tag in _WRAPPERS:
            out.extend(_children(child, tags))
    return out


def _ppr(p):
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    return ppr


def _tcpr(tc):
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is None:
        tcpr = OxmlElement("w:tcPr")
        tc.insert(0, tcpr)
    return tcpr


def _int_attr(el, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(qn("w:val"), default)), 0)
    except ValueError:
        return default


def is_cell(el) -> bool:
    return el is not None and el.tag == W_TC


def is_paragraph(el) -> bool:
    return el is not None and el.tag == W_P


def direct_runs(p) -> list:
    return [child for child in p if child.tag == W_R]


def start_of_blank_run_before(p):
    """``p``, or the first of the blank paragraphs directly above it (the gap before a
    signature belongs below whatever is inserted there)."""
    first = p
    previous = first.getprevious()
    while is_paragraph(previous) and paragraph_is_blank(previous):
        first = previous
        previous = first.getprevious()
    return first


def insert_before(anchor, new) -> None:
    anchor.addprevious(new)


def insert_after(anchor, new) -> None:
    anchor.addnext(new)


# ---------------------------------------------------------------------------------------------
# Tables addressed like the DOCX reader addresses them
# ---------------------------------------------------------------------------------------------

def table_rows(tbl) -> list:
    """The table's ``w:tr`` elements in order (rows inside content controls included), the
    indexes the DOCX reader gives as ``SourceRef.row``."""
    return _children(tbl, {W_TR})


def row_cells(tr) -> list[tuple[int, int, object]]:
    """(first grid column, span, w:tc) for each cell of a row, after ``w:gridBefore``."""
    col = _int_attr(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
    out = []
    for tc in _children(tr, {W_TC}):
        span = max(_int_attr(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), 1), 1)
        out.append((col, span, tc))
        col += span
    return out


def cell_at(tbl, row: int, col: int):
    """The ``w:tc`` at grid position (row, col) (the one whose span covers col), or None.
    A cell continuing a vertical merge is resolved to the merge's first cell above."""
    rows = table_rows(tbl)
    if not 0 <= row < len(rows):
        return None
    for r in range(row, -1, -1):
        tc = _covering(rows[r], col)
        if tc is None:
            return None
        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        if vmerge is None or vmerge.get(qn("w:val")) == "restart" or r == 0:
            return tc
    return None


def _covering(tr, col: int):
    for start, span, tc in row_cells(tr):
        if start <= col < start + span:
            return tc
    return None


def first_cell(tbl, row: int | None = None):
    rows = table_rows(tbl)
    if not rows:
        return None
    cells = row_cells(rows[row if row is not None and 0 <= row < len(rows) else 0])
    return cells[0][2] if cells else None


def cell_paragraphs(tc) -> list:
    """The cell's own paragraphs (not those of tables nested in it)."""
    return _children(tc, {W_P})


def set_repeat_header(tr) -> None:
    """Repeat this row at the top of each page the table continues on."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tr.insert(0, trpr)
    _get_or_add(trpr, "w:tblHeader", _TRPR_AFTER_HEADER)


def set_cant_split(tr) -> None:
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tr.insert(0, trpr)
    _get_or_add(trpr, "w:cantSplit", ("w:trHeight", "w:tblHeader") + _TRPR_AFTER_HEADER)


# ---------------------------------------------------------------------------------------------
# Runs and paragraph text
# ---------------------------------------------------------------------------------------------

def text_runs(p) -> list:
    """Runs that make up the paragraph's visible text, in order: direct runs and those inside
    hyperlinks, tracked insertions, smart tags, content controls, simple fields. Tracked
    deletions and text boxes are not the paragraph's text."""
    runs = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == W_R:
            runs.append(child)
        elif child.tag in _RUN_CONTAINERS:
            stack.append(iter(child))
    return runs


def run_has_text(r) -> bool:
    return any(child.tag in _TEXT_TAGS for child in r)


def run_is_empty(r) -> bool:
    """Nothing but run properties: a run text can be put in without losing anything."""
    return all(child.tag == qn("w:rPr") for child in r)


def clear_run_text(r) -> None:
    """Remove the run's text (and tabs, breaks, symbols), keeping its properties and anything
    else it carries (comment references, drawings, field characters)."""
    for child in list(r):
        if child.tag in _TEXT_TAGS:
            r.remove(child)


def paragraph_is_blank(p) -> bool:
    """No text and nothing drawn: only properties, empty runs, bookmarks, proofing marks."""
    for r in p.iter(W_R):
        for child in r:
            if child.tag != qn("w:rPr"):
                return False
    return True


def remove(el) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _clean_rpr(rpr):
    rpr = copy.deepcopy(rpr)
    rpr.tag = qn("w:rPr")
    for child in list(rpr):
        if child.tag in _CHANGE_TAGS:
            rpr.remove(child)
    return rpr


def mark_run_properties(p):
    """The paragraph mark's run properties as a run's ``w:rPr`` (what Word gives text typed
    into an empty paragraph), or None."""
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    return _clean_rpr(rpr) if rpr is not None and len(rpr) else None


def run_properties(r):
    rpr = r.find(qn("w:rPr"))
    return _clean_rpr(rpr) if rpr is not None else None


def set_run_properties(r, rpr) -> None:
    old = r.find(qn("w:rPr"))
    if old is not None:
        r.remove(old)
    if rpr is not None:
        r.insert(0, rpr)


def neighbour_run_properties(tc):
    """The properties of the first text run in another cell of the same row, or None."""
    tr = tc.getparent()
    while tr is not None and tr.tag != W_TR:
        tr = tr.getparent()
    if tr is None:
        return None
    for _, _, other in row_cells(tr):
        if other is tc:
            continue
        for p in cell_paragraphs(other):
            for r in text_runs(p):
                if run_has_text(r):
                    return run_properties(r)
    return None


def has_numbering(p) -> bool:
    """The paragraph is numbered automatically (its numeral is not part of its text)."""
    return p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None


def clone_paragraph_shell(p):
    """A new empty paragraph formatted like ``p``: its paragraph properties (no section break,
    numbering or tracked change) and one run with the properties of its first text run."""
    new = OxmlElement("w:p")
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for child in list(ppr):
            if child.tag in (qn("w:sectPr"), qn("w:numPr"), qn("w:pPrChange")):
                ppr.remove(child)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is not None:
            for child in list(rpr):
                if child.tag in _CHANGE_TAGS:
                    rpr.remove(child)
        new.append(ppr)
    run = OxmlElement("w:r")
    source = next((r for r in text_runs(p) if run_has_text(r)), None)
    rpr = run_properties(source) if source is not None else mark_run_properties(p)
    if rpr is not None:
        run.append(rpr)
    new.append(run)
    return new


# ---------------------------------------------------------------------------------------------
# Shading: the mark every change carries
# ---------------------------------------------------------------------------------------------

def _set_fill(shd, fill: str) -> None:
    for attr, value in _FILL_DEFAULTS.items():
        shd.set(attr, value)
    shd.set(qn("w:fill"), fill)


def shade_cell(tc, fill: str) -> None:
    """Cell background ``fill`` (hex RGB), kept in ``w:tcPr`` schema order."""
    tcpr = _tcpr(tc)
    shd = tcpr.find(qn("w:shd"))
    if shd is None:
        shd = _insert_ordered(tcpr, OxmlElement("w:shd"), _TCPR_AFTER_SHD)
    _set_fill(shd, fill)


def shade_paragraph(p, fill: str) -> None:
    ppr = _ppr(p)
    shd = ppr.find(qn("w:shd"))
    if shd is None:
        shd = _insert_ordered(ppr, OxmlElement("w:shd"), _PPR_AFTER_SHD)
    _set_fill(shd, fill)


def cell_fill(tc) -> str | None:
    shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return shd.get(qn("w:fill")) if shd is not None else None


def paragraph_fill(p) -> str | None:
    shd = p.find(f"{qn('w:pPr')}/{qn('w:shd')}")
    return shd.get(qn("w:fill")) if shd is not None else None


# ---------------------------------------------------------------------------------------------
# Document style (GB/T 9704): fonts, character-unit indents, page number field
# ---------------------------------------------------------------------------------------------

def set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Latin and East Asian font names on a ``w:rPr`` (of a style or a run); theme font
    references, which would override the names, are removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_indent_chars(ppr, first_line: int | None = None, left: int | None = None,
                     right: int | None = None) -> None:
    """Indents in hundredths of a character (200 = two characters), which Word and WPS prefer
    over the absolute ``w:firstLine`` / ``w:left`` kept beside them as a fallback."""
    ind = _get_or_add(ppr, "w:ind", _PPR_AFTER_IND)
    for attr, value in (("w:firstLineChars", first_line), ("w:leftChars", left),
                        ("w:rightChars", right)):
        if value is not None:
            ind.set(qn(attr), str(value))


def add_field(paragraph_el, instruction: str, run_rpr=None) -> None:
    """A simple field (e.g. ``PAGE``) at the end of a paragraph."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    if run_rpr is not None:
        run.append(copy.deepcopy(run_rpr))
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph_el.append(field)


def no_table_style_look(tbl) -> None:
    """Plain grid: no banded or first-row emphasis from the table style."""
    tblpr = tbl.find(qn("w:tblPr"))
    if tblpr is None:
        return
    look = tblpr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tblpr.append(look)
    for attr in ("w:firstRow", "w:lastRow", "w:firstColumn", "w:lastColumn", "w:noHBand",
                 "w:noVBand"):
        look.set(qn(attr), "0" if "Band" not in attr else "1")
    look.set(qn("w:val"), "0000")
