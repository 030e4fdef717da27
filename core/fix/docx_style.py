"""A new DOCX in the official document style (GB/T 9704-2012 党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt)
centred; first-level headings 黑体 三号, second-level 楷体_GB2312 三号, body 仿宋_GB2312 三号
(16 pt); fixed line spacing 28.95 pt (22 lines a page); first-line indent two characters; page
numbers "— 1 —" at the foot. East Asian font names are set next to Times New Roman for Latin
text; where the GB2312 fonts are not installed Word and WPS fall back to their 仿宋 / 楷体.

The functions add one kind of block each and return the python-docx proxy they made.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import (
    WD_CELL_VERTICAL_ALIGNMENT,
    WD_ROW_HEIGHT_RULE,
    WD_TABLE_ALIGNMENT,
)
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt, RGBColor

from core import messages
from core.fix import oxml
from core.fix.layout import Grid

LATIN_FONT = "Times New Roman"
BODY_PT = 16            # 三号
TITLE_PT = 22           # 二号
TABLE_PT = 10.5         # 五号
PAGE_NUMBER_PT = 14     # 四号
ROW_MIN_MM = 6          # table rows at least this high
KEEP_TOGETHER_ROWS = 16
LINE_PT = 28.95         # 22 lines on the type area of an A4 page
INDENT_CHARS = 200      # two characters, in hundredths of a character
PAGE = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}

STYLE_TITLE = "Report Title"
STYLE_HEADING1 = "Heading 1"
STYLE_HEADING2 = "Heading 2"
STYLE_SIGNATURE = "Report Signature"
STYLE_TABLE = "Report Table Text"
STYLE_PLACEHOLDER = "Report Placeholder"


def new_document():
    """An empty document with the page set up and the report's styles defined."""
    doc = Document()
    _page_setup(doc.sections[0])
    _define_styles(doc)
    _page_numbers(doc)
    return doc


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(18)


def _font(style, east_asia: str, size: float, bold: bool = False) -> None:
    style.font.size = Pt(size)
    style.font.bold = style.font.cs_bold = bold
    style.font.italic = style.font.cs_italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    oxml.set_fonts(style.element.get_or_add_rPr(), LATIN_FONT, east_asia)


def _paragraph(style, align=None, indent: bool = True, line: float | None = LINE_PT) -> None:
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if line is None:
        fmt.line_spacing = 1.0
    else:
        fmt.line_spacing = Pt(line)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    if align is not None:
        fmt.alignment = align
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)
    oxml.set_indent_chars(style.element.get_or_add_pPr(),
                          first_line=INDENT_CHARS if indent else 0)


def _style(doc, name: str, base: str = "Normal"):
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
        style.quick_style = True
        return style


def _define_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _font(normal, messages.FIX_FONT_BODY, BODY_PT)
    _paragraph(normal, WD_ALIGN_PARAGRAPH.JUSTIFY)
    for name, font in ((STYLE_HEADING1, messages.FIX_FONT_HEADING1),
                       (STYLE_HEADING2, messages.FIX_FONT_HEADING2)):
        heading = doc.styles[name]
        _font(heading, font, BODY_PT)
        _paragraph(heading, WD_ALIGN_PARAGRAPH.LEFT)
        heading.paragraph_format.keep_with_next = True
    title = _style(doc, STYLE_TITLE)
    _font(title, messages.FIX_FONT_TITLE, TITLE_PT)
    _paragraph(title, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=None)
    title.paragraph_format.space_after = Pt(LINE_PT)
    signature = _style(doc, STYLE_SIGNATURE)
    _paragraph(signature, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    signature.paragraph_format.right_indent = Pt(BODY_PT * 2)
    placeholder = _style(doc, STYLE_PLACEHOLDER)
    placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    table = _style(doc, STYLE_TABLE)
    _font(table, messages.FIX_FONT_TABLE, TABLE_PT)
    _paragraph(table, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=None)


def _page_numbers(doc) -> None:
    footer = doc.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    oxml.set_indent_chars(p._p.get_or_add_pPr(), first_line=0)
    left = p.add_run("— ")
    left.font.size = Pt(PAGE_NUMBER_PT)
    oxml.set_fonts(left._r.get_or_add_rPr(), LATIN_FONT, messages.FIX_FONT_PAGE_NUMBER)
    oxml.add_field(p._p, "PAGE", left._r.rPr)
    right = p.add_run(" —")
    right.font.size = Pt(PAGE_NUMBER_PT)


# ---------------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------------

def add_title(doc, text: str):
    return doc.add_paragraph(text, style=STYLE_TITLE)


def add_heading(doc, text: str, level: int = 1):
    return doc.add_paragraph(text, style=STYLE_HEADING1 if level == 1 else STYLE_HEADING2)


def add_body(doc, text: str):
    return doc.add_paragraph(text)


def add_placeholder(doc, text: str):
    return doc.add_paragraph(text, style=STYLE_PLACEHOLDER)


def add_signature(doc, text: str):
    return doc.add_paragraph(text, style=STYLE_SIGNATURE)


def add_grid_table(doc, grid: Grid, texts: dict) -> dict:
    """The grid as a bordered Word table; ``texts`` maps a value key to its text. Returns the
    python-docx cells by value key and by label key."""
    table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    oxml.no_table_style_look(table._tbl)
    for i, width in enumerate(grid.widths_mm):
        table.columns[i].width = Mm(width)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Mm(grid.widths_mm[i])
    cells = {}
    for spec in grid.cells:
        cell = table.cell(spec.row, spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(spec.row + spec.rowspan - 1,
                                         spec.col + spec.colspan - 1))
        text = texts.get(spec.key, "") if spec.key is not None else spec.text
        _fill_cell(cell, text, spec.role)
        if spec.key is not None:
            cells[spec.key] = cell
        if spec.label is not None:
            cells[spec.label] = cell
    for r in range(grid.header_rows):
        oxml.set_repeat_header(table.rows[r]._tr)
    if grid.nrows <= KEEP_TOGETHER_ROWS:          # a short table stays on one page
        for row in table.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    for row in table.rows:
        row.height = Mm(ROW_MIN_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        oxml.set_cant_split(row._tr)
    return cells


def _fill_cell(cell, text: str, role: str) -> None:
    p = cell.paragraphs[0]
    p.style = STYLE_TABLE
    if role in ("label", "note"):
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if text:
        p.add_run(text)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
