"""Degraded renderings of a report model: the forms real published reports are found in.

tests/builder.py renders a report's CONTENT in clean layouts (DOCX, XLSX, TSV, markdown...).
Real reports reach the checker in worse shapes (tests/fixtures/real/README.md). This module
renders the same content in each of those classes, from the same model, so a test can demand
the same cells and the same findings whatever the shape:

- ``runon``: crawler text: a header ("标题: …", "原文链接: …", "==== 正文 ===="), then the whole
  report on ONE line, each row's digits glued ("…申请数量21710000218二、上年结转…"), spaces
  inside some labels ("社会公益 组织", "三、本年度办 理结果") and between some numbers;
- ``cells_bar`` / ``cells_trailing`` / ``cells_blank``: tables copied one cell a line: "|" lines
  between cells; cells ending in " |" with "||" row ends; cells separated by one blank line with
  one more blank line per empty cell. ``cut=`` ends the text inside 表三 (a page excerpt);
- ``md_detached``: markdown converted from a PDF: 表三 in pieces, some rows' labels detached from
  their numbers (wrapped label lines before label-less value rows, a stray single digit line);
- ``md_t4_groups``: markdown whose 表四 is three small tables under group headings;
- ``md_pieces``: markdown whose 表三 is one small table per group under headings, with generic
  column names (数据1…数据6), labels without numbering and a stray header row;
- ``pdf_wps``: a PDF drawn directly (tests/pdf_draw.py, not LibreOffice): text placed in ruled
  cells, 表三 broken over two pages with its header repeated and a page number between;
- ``html_page``: a saved web page: the article inside navigation, footer and browser notice.

Content options that combine with every class: ``single_r6(content)`` (the 2019 single row
（六）其他处理 in a 2021+ report), ``typo_labels(content, rng)`` (one character changed in some
row labels) and ``drift_labels(content)`` (规范性文件, 社会组织).

    content = correct_content(seed=3)
    d = Degraded(content)                       # the model: rows, cells, expected values
    path = write(d, tmp_path, "runon", seed=1)
    d.expected_cells()                          # {(table, row, col): value or None}
"""
from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

from core.standard import load
from tests import builder as b

STD = b.STD
STD_2019 = load("2019")
R6_SUBROWS = ("r6_1", "r6_2", "r6_3")
R6_SPEC = next(r for r in STD_2019.t3_rows if r.key == "r6")

CLASSES = ("runon", "cells_bar", "cells_trailing", "cells_blank", "md_detached", "md_t4_groups",
           "md_pieces", "pdf_wps", "html_page")
SUFFIX = {"runon": ".txt", "cells_bar": ".txt", "cells_trailing": ".txt", "cells_blank": ".txt",
          "md_detached": ".md", "md_t4_groups": ".md", "md_pieces": ".md", "pdf_wps": ".pdf", "html_page": ".html",
          "md_clean": ".md"}

# Header words a narrow cell wraps ("商业\n企业").
HEADER_WORDS = {"商业企业", "科研机构"}
# Labels as drifted in real reports (official -> written).
DRIFTS = {"行政规范性文件": "规范性文件", "社会公益组织": "社会组织",
          "（二）部分公开（区分处理的，只计这一情形，不计其他情形）":
          "（二）部分公开（区分处理的，只计这一情况，不计其他情形）",
          "5.属于三类内部事务信息": "5.属于三类内容事务信息",
          "第二十条第（五）项": "第二十条 第（五）项"}
# Characters a typo puts in place of one of the label's own.
TYPO_CHARS = "止之的已以在其"


# ---------------------------------------------------------------------------------------------
# The model: content plus the degradations of its content
# ---------------------------------------------------------------------------------------------

def single_r6(content: b.ReportContent) -> b.ReportContent:
    """The report with the 2019 single row （六）其他处理 in place of its three sub-items (values:
    their sums). Marked by ``content.single_r6 = True``."""
    c = content.copy()
    for col in b.T3_COLS:
        c.values[("t3", "r6", col)] = str(sum(b._num(c.values, ("t3", r, col)) for r in R6_SUBROWS))
        for r in R6_SUBROWS:
            del c.values[("t3", r, col)]
    c.single_r6 = True
    return c


def is_single_r6(content) -> bool:
    return getattr(content, "single_r6", False)


def t3_specs(content) -> list:
    """表三's rows as written: the standard's, or with the single （六） row."""
    specs = list(STD.t3_rows)
    if is_single_r6(content):
        at = [s.key for s in specs].index(R6_SUBROWS[0])
        specs = specs[:at] + [R6_SPEC] + [s for s in specs[at:] if s.key not in R6_SUBROWS]
    return specs


def typo_labels(content: b.ReportContent, rng: random.Random, count: int = 2) -> dict[str, str]:
    """Change one character (not the numbering) in ``count`` long 表三 row labels; returns the
    changes (official -> written), also recorded in ``content.relabel``."""
    candidates = [s.label for s in t3_specs(content)
                  if len(s.label) >= 9 and s.key not in ("new", "carried_in", "carried_out")]
    out = {}
    for label in rng.sample(candidates, count):
        m = re.match(r"^(?:\d+\.|（[一二三四五六七]）|[一二三四]、)", label)
        start = m.end() if m else 0
        pos = rng.randrange(start + 1, len(label) - 1)
        ch = next(c for c in TYPO_CHARS if c not in label[pos - 1:pos + 2])
        out[label] = label[:pos] + ch + label[pos + 1:]
    content.relabel.update(out)
    return out


def drift_labels(content: b.ReportContent) -> dict[str, str]:
    content.relabel.update(DRIFTS)
    return dict(DRIFTS)


def expected_cells(content) -> dict[tuple[str, str, str], object]:
    """(table, row, col) -> the value a person reads: a number, or None for a blank cell."""
    out = {}
    for (t, r, c), raw in content.values.items():
        text = str(raw).strip()
        out[(t, r, c)] = float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None
    return out


# ---------------------------------------------------------------------------------------------
# Grids with the content's degradations (single （六） row)
# ---------------------------------------------------------------------------------------------

def t3_grid(content, top_header: bool = True, specs=None) -> b.Grid:
    all_specs = t3_specs(content)
    specs = all_specs if specs is None else specs
    g = b.Grid("t3", 10)
    top = 0
    if top_header:
        b._t3_header(g, content)
        top = 3
    b._t3_body(g, content, specs, top, all_specs)
    return g.check()


def grids(content, table: str) -> list[b.Grid]:
    if table == "t3":
        return [t3_grid(content)]
    return b.table_grids(content, table)


@dataclass
class Row:
    """One table row as text: the group captions that start on it, its label, its raw values."""
    table: str
    key: str
    captions: list[str]
    label: str
    values: list[str]


def t2_rows(content) -> list[tuple[str, list[str], list[Row]]]:
    """(caption, column labels, rows) per block of 表二."""
    out = []
    for caption, specs in b._t2_blocks():
        cols = specs[0].cols
        heads = [content.label(STD.t2_col_labels[(caption, k)]) for k in cols]
        rows = [Row("t2", s.key, [], content.label(s.label), [content.value("t2", s.key, k) for k in cols])
                for s in specs]
        out.append((content.label(caption), heads, rows))
    return out


def t3_rows(content) -> list[Row]:
    rows, seen = [], set()
    for spec in t3_specs(content):
        caps = []
        for part in b._group_parts(spec):
            if part not in seen:
                seen.add(part)
                caps.append(content.label(part))
        rows.append(Row("t3", spec.key, caps, content.label(spec.label),
                        [content.value("t3", spec.key, c) for c in b.T3_COLS]))
    return rows


def t4_values(content) -> list[tuple[str, str, list[str]]]:
    return [(g.key, content.label(g.label), [content.value("t4", g.key, c) for c in b.T4_COLS])
            for g in STD.t4_groups]


def t3_header_words(content) -> list[str]:
    cols = {c.key: content.label(c.label) for c in STD.t3_cols}
    return [content.label(b.T3_APPLICANT_HEADER), cols["natural"], content.label(b.T3_ORG_HEADER),
            cols["total"]] + [cols[k] for k in b.APPLICANTS[1:]]


def t4_header_words(content) -> list[str]:
    groups = {g.key: content.label(g.label) for g in STD.t4_groups}
    cols = [content.label(c.label) for c in STD.t4_cols]
    return ([groups["review"], content.label(b.T4_SUIT_HEADER)] + cols
            + [groups["suit_direct"], groups["suit_after_review"]] + cols * 2)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _space_inside(text: str, rng: random.Random, p: float = 0.3) -> str:
    """Sometimes one space inside a label (after its numbering), as a crawler leaves it."""
    if len(text) < 5 or rng.random() >= p:
        return text
    m = re.match(r"^(?:\d+\.|（[一二三四五六七]）|[一二三四]、)", text)
    start = (m.end() if m else 0) + 2
    if start >= len(text) - 1:
        return text
    pos = rng.randrange(start, len(text) - 1)
    if not ("\u4e00" <= text[pos - 1] <= "\u9fff" and "\u4e00" <= text[pos] <= "\u9fff"):
        return text
    return text[:pos] + " " + text[pos:]


def _glue(values: list[str], rng: random.Random, p_space: float = 0.15) -> str:
    """Digits of a row run together; sometimes a space between two of the numbers."""
    out = values[0]
    for v in values[1:]:
        out += (" " if rng.random() < p_space else "") + v
    return out


def _flow(content):
    yield from b.flow(content)


def _md_escape(text: str) -> str:
    return text.replace("|", "｜")


# ---------------------------------------------------------------------------------------------
# (a) run-on crawler text
# ---------------------------------------------------------------------------------------------

def render_runon(content, rng: random.Random) -> str:
    head = [f"标题: {content.title}", f"发布时间: {content.year + 1}-01-20 09:30", "文号: ",
            f"发布机构: {content.agency}", "栏目: 政府信息公开年报",
            "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/202401/t20240120_12345.htm",
            "本地目录: zwgk/zfxxgknb/202401/12345", "页面链接与图片详见 links.tsv(同目录)",
            "==================== 正文 ===================="]
    body = []
    for kind, text in _flow(content):
        if kind == "title":
            continue                          # the crawler's header carries the title
        if kind == "table":
            body.append(_runon_table(content, text, rng))
        elif kind == "heading":
            body.append(text + (" " if rng.random() < 0.5 else ""))
        else:
            body.append(text)
    return "\n".join(head) + "\n" + "".join(body) + "\n"


def _runon_table(content, table: str, rng: random.Random) -> str:
    out = []
    if table == "t2":
        for caption, heads, rows in t2_rows(content):
            out.append(caption + b.T2_CONTENT_HEADER + "".join(heads))
            for row in rows:
                out.append(row.label + _glue(row.values, rng))
    elif table == "t3":
        out.append(content.label(STD.t3_note))
        out.append("".join(_space_inside(w, rng, 0.5) if len(w) >= 6 else w
                           for w in t3_header_words(content)))
        for row in t3_rows(content):
            caps = "".join(_space_inside(c, rng, 0.5) + (" " if rng.random() < 0.3 else "")
                           for c in row.captions)
            label = _space_inside(row.label, rng)
            if len(row.label) > 30 and rng.random() < 0.7:
                label += " "
            out.append(caps + label + _glue(row.values, rng))
    else:
        out.append("".join(t4_header_words(content)))
        out.append("".join(v for _, _, vals in t4_values(content) for v in vals))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# (b) one cell a line: bar, trailing, blank
# ---------------------------------------------------------------------------------------------

def _grid_rows(grid: b.Grid) -> list[list[str]]:
    """Each row's cells as a web page copy gives them: one per horizontal span, nothing for a
    position continuing a vertical merge from above."""
    rows = []
    for r in range(len(grid.rows)):
        cells, c = [], 0
        while c < grid.ncols:
            x = grid.rows[r][c]
            if isinstance(x, b.Cell):
                cells.append(x.text)
                c += x.colspan
            else:
                anchor = grid.rows[x.row][x.col]
                if x.row == r:                           # covered horizontally: nothing
                    c += 1
                else:
                    c = x.col + anchor.colspan
        rows.append(cells)
    return rows


def _cells_table(grid: b.Grid, shape: str, rng: random.Random) -> str:
    lines = []
    last_bar = rng.random() < 0.5
    split_words = shape == "blank" and rng.random() < 0.5
    for cells in _grid_rows(grid):
        for text in cells:
            if shape == "bar":
                lines += ([text] if text else []) + ["|"]
            elif shape == "trailing":
                lines.append(f"{text} |" if text else "|")
            elif split_words and len(text) == 4 and text in HEADER_WORDS:
                lines += [text[:2], text[2:]]            # "商业\n\n企业": a wrapped header
            else:
                lines.append(text)
        if shape == "trailing" and grid.ncols > len(cells):
            # as a browser copies it: one bar for each grid column the row did not fill
            # (a single "|" reads like one more empty cell)
            lines.append("|" * (grid.ncols - len(cells)))
    if shape == "bar":
        if not last_bar:
            lines.pop()                                   # bars only between cells
        return "\n".join(lines)
    if shape == "trailing":
        return "\n".join(lines)
    return _join_blank(lines)


def _join_blank(cells: list[str]) -> str:
    """Cells one a line, a blank line between two cells and one more for each empty cell."""
    out = []
    gap = 0
    for text in cells:
        if not text:
            gap += 1
            continue
        if out:
            out.append("\n" * (2 + gap))
        gap = 0
        out.append(text)
    return "".join(out)


_HALFWIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def halfwidth(text: str) -> str:
    """Full-width brackets and punctuation as some crawlers leave them: "(一)", "数量:"."""
    return text.translate(_HALFWIDTH)


def render_cells(content, shape: str, rng: random.Random) -> str:
    blocks = []
    for kind, text in _flow(content):
        if kind == "table":
            for g in grids(content, text):
                blocks.append(_cells_table(g, shape, rng))
        else:
            blocks.append(text)
    return "\n".join(blocks) + "\n"


def cut_inside(text: str, content, row: str = "r3_6", extra: int = 3) -> str:
    """The text cut off ``extra`` characters into 表三's row ``row`` (a page that was saved only
    up to there)."""
    label = content.label(next(s.label for s in t3_specs(content) if s.key == row))
    alike = {"（": "[（(]", "）": "[）)]", "：": "[：:]", "，": "[，,]"}
    m = re.search(r"\s*".join(alike.get(ch, re.escape(ch)) for ch in label), text)
    return text[:m.start() + extra]


# ---------------------------------------------------------------------------------------------
# (c) (d) markdown: flat tables; labels detached; 表四 in three group tables
# ---------------------------------------------------------------------------------------------

def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _md_t2(content) -> str:
    parts = []
    for caption, heads, rows in t2_rows(content):
        parts.append(caption)
        parts.append(_md_table([b.T2_CONTENT_HEADER, *heads], [[r.label, *r.values] for r in rows]))
    return "\n\n".join(parts)


def _md_t3_flat(content) -> str:
    cols = [content.label(c.label) for c in STD.t3_cols]
    return _md_table(["", *cols], [[r.label, *r.values] for r in t3_rows(content)])


def _md_t4_wide(content) -> str:
    cols = [content.label(c.label) for c in STD.t4_cols]
    return _md_table(["", *cols], [[label, *vals] for _, label, vals in t4_values(content)])


def _md_t4_groups(content) -> str:
    cols = [content.label(c.label) for c in STD.t4_cols]
    parts = []
    for key, label, vals in t4_values(content):
        heading = label if key == "review" else f"{content.label(b.T4_SUIT_HEADER)}（{label}）"
        parts.append(f"### {heading}\n" + _md_table(cols, [vals]))
    return "\n\n".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def _md_t3_detached(content, rng: random.Random) -> str:
    """表三 in pieces, as a PDF-to-markdown converter leaves it: labelled rows in small tables
    (the first row of each piece standing as its header); group captions as loose lines; one or
    two runs of rows whose labels stand as wrapped lines before their label-less value rows; a
    stray single digit line among the wrapped labels."""
    rows = t3_rows(content)
    result = [i for i, r in enumerate(rows) if r.key not in ("new", "carried_in", "total",
                                                            "carried_out")]
    runs: list[list[int]] = []
    for _ in range(50):
        if len(runs) == 2:
            break
        start = rng.choice(result[1:-2])
        run = list(range(start, min(start + rng.randint(1, 3), result[-1])))
        if run and all(abs(run[0] - r[0]) >= 5 for r in runs):
            runs.append(run)
    starts = {run[0]: run for run in runs}
    width = rng.choice([9, 10, 11])
    cols = [content.label(c.label) for c in STD.t3_cols]
    out = ["申请人情况", content.label(STD.t3_note)]
    piece: list[list[str]] = [["", *cols]]

    def flush():
        if piece:
            out.append(_md_table(piece[0], piece[1:]))
            piece.clear()

    i = 0
    while i < len(rows):
        if i in starts:
            flush()
            run = starts[i]
            lines = []
            for j in run:
                for cap in rows[j].captions:
                    lines += _wrap(cap, 4)
                lines += _wrap(rows[j].label, width)
            if rng.random() < 0.6:
                lines.insert(rng.randrange(1, len(lines) + 1), str(rng.randint(1, 9)))
            out.append("\n".join(lines))
            for j in run:
                out.append(_md_table(rows[j].values, []))
            i = run[-1] + 1
            continue
        row = rows[i]
        if row.captions:
            flush()
            out.append("\n".join(row.captions))
        piece.append([row.label, *row.values])
        i += 1
    flush()
    return "\n\n".join(out)


GENERIC_COLS = ["类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"]
STRAY_HEADER = ["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度",
                "总计"]


def _loose_numbering(label: str) -> str:
    """"1.属于国家秘密" -> "1. 属于国家秘密", "（一）予以公开" -> "(一) 予以公开"."""
    label = re.sub(r"^(\d+)\.", r"\1. ", label)
    return re.sub(r"^（([一二三四五六七])）", r"(\1) ", label)


def _md_t3_pieces(content, rng: random.Random) -> str:
    """表三 as a PDF-to-markdown tool cut it: one small table per group under a heading, generic
    column names (类别, 数据1…数据6, 总计), labels without their numbering where the heading
    carries it, stray mini-tables for the applicant header, and a stray header row (other
    words) inside the last piece, which also holds （七）总计 and 四、结转下年度继续办理."""
    out = [content.label(STD.t3_note)]
    orgs = [content.label(c.label) for c in STD.t3_cols if c.key in b.APPLICANTS[1:]]
    for head in ("自然人", "法人或其他组织", "总计"):
        cols = orgs if head == "法人或其他组织" else ["(数据项目)", "数量"]
        out.append(f"### 申请人情况 ({head})\n" + _md_table(cols, [["-"] * len(cols)]))
    pieces: list[tuple[str, list[list[str]]]] = []
    for row in t3_rows(content):
        if row.key in ("new", "carried_in"):                # 一、二、: a heading each
            label = row.label[2:] if rng.random() < 0.7 else row.label
            pieces.append((row.label, [[label, *row.values]]))
            continue
        for cap in row.captions:
            pieces.append((_loose_numbering(cap), []))
        own = re.match(r"^（[一二六]）", row.label) and not row.captions[1:] and \
            row.key != "total"
        if own and (row.captions or not pieces[-1][1] or row.key in ("r2", "r6")):
            # （一）（二）(the single （六）): a heading, the label without its numbering
            pieces.append((_loose_numbering(row.label), [[row.label[3:], *row.values]]))
            continue
        pieces[-1][1].append([_loose_numbering(row.label), *row.values])
    blocks = [f"### {h}" + ("\n" + _md_table(GENERIC_COLS, body) if body else "")
              for h, body in pieces]
    heading, last = pieces[-1]
    cut = rng.randrange(2, 4)                            # rows after the stray header
    if len(last) > cut:
        blocks[-1] = f"### {heading}\n" + _md_table(GENERIC_COLS, last[:-cut])
        blocks.append(_md_table(STRAY_HEADER, last[-cut:]))
    return "\n\n".join(out + blocks)


def render_md(content, variant: str, rng: random.Random) -> str:
    blocks = []
    for kind, text in _flow(content):
        if kind == "table":
            if text == "t2":
                blocks.append(_md_t2(content))
            elif text == "t3":
                t3 = {"detached": _md_t3_detached, "pieces": _md_t3_pieces}.get(variant)
                blocks.append(t3(content, rng) if t3 else _md_t3_flat(content))
            else:
                blocks.append(_md_t4_groups(content) if variant == "t4_groups"
                              else _md_t4_wide(content))
        else:
            prefix = {"title": "# ", "heading": "## "}.get(kind, "")
            blocks.append(prefix + text)
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------
# (h) a saved web page
# ---------------------------------------------------------------------------------------------

NAV = ["首页", "政务公开", "政府信息公开", "政府信息公开年报", "政务服务", "互动交流", "走进本区"]


def _html_table(grid: b.Grid, word: bool) -> str:
    """A report table as a page shows it; ``word``: pasted from Word (every cell's text inside
    <p><span>, an empty cell holding &nbsp;)."""
    rows = []
    for r in range(len(grid.rows)):
        cells = []
        for x in grid.rows[r]:
            if not isinstance(x, b.Cell):
                continue
            span = (f' rowspan="{x.rowspan}"' if x.rowspan > 1 else "") + \
                   (f' colspan="{x.colspan}"' if x.colspan > 1 else "")
            text = html.escape(x.text)
            if word:
                text = (f'<p style="text-align:center"><span style="font-family:仿宋_GB2312">'
                        f'{text or "&nbsp;"}</span></p>')
            cells.append(f'<td{span} valign="middle">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
            '<tbody>\n' + "\n".join(rows) + "\n</tbody></table>")


def render_html_page(content, rng: random.Random) -> str:
    word = rng.random() < 0.5
    body = []
    for kind, text in _flow(content):
        t = html.escape(text)
        if kind == "title":
            body.append(f'<h1 class="title">{t}</h1>')
        elif kind == "table":
            body += [_html_table(g, word) for g in grids(content, text)]
        elif kind == "sig":
            body.append(f'<p style="text-align:right">{t}</p>')
        else:
            body.append(f'<p style="text-indent:2em">{t}</p>')
    article = "\n".join(body)
    if rng.random() < 0.5:                  # many sites still lay the article out in a table
        article = f'<table class="layout" width="100%"><tr><td>\n{article}\n</td></tr></table>'
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(NAV))
    links = "".join(f'<li><a href="/nb/{y}.htm">{content.agency}{y}年政府信息公开工作年度报告</a></li>'
                    for y in range(content.year - 3, content.year))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{html.escape(content.title)}_{html.escape(content.agency)}</title>
</head>
<body>
<div class="top-bar">欢迎访问{html.escape(content.agency)}门户网站 | 无障碍浏览 | 长者模式 | 登录 | 注册</div>
<div class="header"><div class="logo">{html.escape(content.agency)}</div>
<div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button></div></div>
<ul class="mainNav">{nav}</ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="meta">索引号：000000000/{content.year + 1}-00012 发布机构：{html.escape(content.agency)}
发布日期：{content.year + 1}-01-20 浏览次数：1024 字号：[大 中 小]</div>
<div class="article">
{article}
</div>
<div class="share">分享到：微信 微博 打印本页 关闭窗口</div>
<div class="related"><h3>相关链接</h3><ul>{links}</ul></div>
<div class="footer"><p>主办单位：{html.escape(content.agency)} 承办单位：某某区大数据中心</p>
<p>网站标识码：0000000000 备案号：某ICP备00000000号-1 公安机关备案号：00000000000000</p>
<p>建议您使用以下浏览器版本：IE10及以上版本、Chrome、Firefox，1920×1080分辨率浏览本网站</p></div>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------

def render(content, cls: str, seed: int = 0, cut: str | None = None,
           cut_bytes: int | None = None) -> bytes:
    """``content`` rendered in degradation class ``cls`` (deterministic in ``seed``). ``cut``
    (a 表三 row key) ends the text a few characters into that row, ``cut_bytes`` ends the file
    after that many bytes, maybe inside a character (text classes only)."""
    rng = random.Random(f"{cls}-{seed}")
    if cls == "runon":
        text = render_runon(content, rng)
        if rng.random() < 0.3:
            text = halfwidth(text)
    elif cls.startswith("cells_"):
        text = render_cells(content, cls[len("cells_"):], rng)
        if rng.random() < 0.5:
            text = halfwidth(text)
    elif cls == "md_detached":
        text = render_md(content, "detached", rng)
    elif cls == "md_t4_groups":
        text = render_md(content, "t4_groups", rng)
    elif cls == "md_pieces":
        text = render_md(content, "pieces", rng)
    elif cls == "md_clean":
        text = render_md(content, "clean", rng)
    elif cls == "html_page":
        text = render_html_page(content, rng)
    elif cls == "pdf_wps":
        from tests.pdf_draw import render_pdf
        return render_pdf(content, rng)
    else:
        raise ValueError(f"unknown degradation class {cls}")
    if cut:
        text = cut_inside(text, content, cut)
    data = text.encode("utf-8")
    return data[:cut_bytes] if cut_bytes else data


def write(content, directory, cls: str, seed: int = 0, cut: str | None = None,
          stem: str = "report", cut_bytes: int | None = None) -> Path:
    path = Path(directory) / f"{stem}_{cls}_{seed}{SUFFIX[cls]}"
    path.write_bytes(render(content, cls, seed, cut, cut_bytes))
    return path


def bytes_into(content, cls: str, seed: int, row: str, chars: int = 2) -> int:
    """A byte count that ends the UTF-8 file one byte into the ``chars``+1-th character of
    表三's row ``row`` (a page excerpt of N bytes cuts characters in two)."""
    text = render(content, cls, seed, cut=row).decode("utf-8")
    return len(text[:len(text) - 3 + chars].encode("utf-8")) + 1
