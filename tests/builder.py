"""Fixture builder: one report's CONTENT rendered into real files in several LAYOUTS.

The same content (title, intro, six sections, every cell of 表二/表三/表四, signature) can be
written as DOCX, TXT/Markdown, XLSX and HTML, so a test can check it through every reader and
expect the same findings.

    content = correct_content(seed=3)           # consistent numbers, realistic prose
    content.values[("t3", "r1", "natural")] = "7"
    broken_relations(content.values)            # -> the relation ids that now fail
    write(content, tmp_path / "r.docx", "docx", "merged")

Every label comes from core.standard.load(). The format's few header words that the standard
data does not carry (申请人情况, 法人或其他组织, 行政诉讼, 信息内容) are defined once below.
Everything is deterministic: the same content gives byte-identical files.
"""
from __future__ import annotations

import copy
import datetime
import html
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.standard import load  # noqa: E402

STD = load()

# Header words of the official tables that resources/standard/2021.json does not carry.
T2_CONTENT_HEADER = "信息内容"
T3_APPLICANT_HEADER = "申请人情况"
T3_ORG_HEADER = "法人或其他组织"
T4_SUIT_HEADER = "行政诉讼"
GROUP_SEP = " › "                          # separator inside RowSpec.group

SECTION_KEYS = tuple(s.key for s in STD.sections)
TABLE_OF_SECTION = {"S2": "t2", "S3": "t3", "S4": "t4"}
APPLICANTS = tuple(c.key for c in STD.t3_cols if c.key != "total")
T3_COLS = tuple(c.key for c in STD.t3_cols)
T3_ROWS = tuple(r.key for r in STD.t3_rows)
RESULT_ROWS = tuple(r.key for r in STD.t3_rows if r.group and r.key != "total")
T4_GROUPS = tuple(g.key for g in STD.t4_groups)
T4_COLS = tuple(c.key for c in STD.t4_cols)
T4_PARTS = tuple(c for c in T4_COLS if c != "total")

LAYOUTS = [("docx", "merged"), ("docx", "flat"), ("docx", "split"), ("txt", "tsv"),
           ("txt", "oneperline"), ("txt", "markdown"), ("xlsx", "sheets"), ("xlsx", "onesheet"),
           ("html", "rowspan")]
EXTRA_LAYOUTS = [("txt", "glued"), ("docx", "split_repeat")]
EXTENSIONS = {"docx": ".docx", "txt": ".txt", "xlsx": ".xlsx", "html": ".html"}
FIXED_TIME = datetime.datetime(2024, 1, 20, 9, 0, 0)

SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。；;]{0,30}$")


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------

def period_sentence(year: int) -> str:
    return f"报告数据统计期限为{year}年1月1日至{year}年12月31日。"


def default_intro(year: int) -> str:
    return ("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，编制本报告。"
            + period_sentence(year) + "本报告电子版可在本机关门户网站政府信息公开专栏查阅或下载。")


@dataclass
class ReportContent:
    agency: str = "示例市示例区人民政府办公室"
    year: int = 2023
    level: str = "部门"
    title: str = ""
    intro: str = ""
    # section key -> paragraphs. A missing key drops the whole section (heading, prose, table).
    sections: dict[str, list[str]] = field(default_factory=dict)
    # (table, row, col) -> raw cell text, for every cell of t2, t3 and t4.
    values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    signature_agency: str = ""
    signature_date: str = ""
    # section key -> heading text written instead of the official one ("" = no heading line).
    headings: dict[str, str] = field(default_factory=dict)
    # official table label -> the label written instead (e.g. {"社会公益组织": "社会组织"}).
    relabel: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if not self.title:
            self.title = f"{self.agency}{self.year}年政府信息公开工作年度报告"
        if not self.intro:
            self.intro = default_intro(self.year)
        if not self.signature_agency:
            self.signature_agency = self.agency
        if not self.signature_date:
            self.signature_date = f"{self.year + 1}年1月20日"

    def heading(self, key: str) -> str:
        return self.headings.get(key, STD.section(key).heading)

    def label(self, official: str) -> str:
        return self.relabel.get(official, official)

    def value(self, table: str, row: str, col: str) -> str:
        return self.values[(table, row, col)]

    def copy(self) -> "ReportContent":
        return copy.deepcopy(self)


def all_cell_keys() -> list[tuple[str, str, str]]:
    return [(t, r, c) for t in ("t2", "t3", "t4") for r, c in STD.cell_keys(t)]


# ---------------------------------------------------------------------------------------------
# Numbers: relations, recompute
# ---------------------------------------------------------------------------------------------

def as_int(text: str) -> int | None:
    """The integer a raw cell text means, or None (blank, "/", decimals...)."""
    t = str(text).strip()
    return int(t) if re.fullmatch(r"\d+", t) else None


def _num(values, key) -> int:
    n = as_int(values.get(key, ""))
    return 0 if n is None else n


def recompute(values: dict, balance: bool = False) -> dict:
    """A copy of `values` with every total recomputed from its parts.

    t3: each row's 总计 = sum of the six applicant columns; （七）总计 = sum of the 21 result rows
    per column; t4: each group's 总计 = sum of its four parts. With balance=True the carried_out
    row is also set so that new + carried_in = total + carried_out per column (it must stay >= 0).
    Non-numeric parts count as 0.
    """
    v = dict(values)
    for row in T3_ROWS:
        if row != "total":
            v[("t3", row, "total")] = str(sum(_num(v, ("t3", row, c)) for c in APPLICANTS))
    for col in T3_COLS:
        v[("t3", "total", col)] = str(sum(_num(v, ("t3", r, col)) for r in RESULT_ROWS))
    if balance:
        for col in APPLICANTS:
            out = (_num(v, ("t3", "new", col)) + _num(v, ("t3", "carried_in", col))
                   - _num(v, ("t3", "total", col)))
            if out < 0:
                raise ValueError(f"balance impossible in column {col}: carried_out would be {out}")
            v[("t3", "carried_out", col)] = str(out)
        v[("t3", "carried_out", "total")] = str(sum(_num(v, ("t3", "carried_out", c))
                                                    for c in APPLICANTS))
    for g in T4_GROUPS:
        v[("t4", g, "total")] = str(sum(_num(v, ("t4", g, c)) for c in T4_PARTS))
    return v


def broken_relations(values: dict) -> set[str]:
    """Ids of the standard's relations that fail. A relation with a non-integer cell is skipped."""
    broken = set()
    for rel in STD.relations:
        nums = [as_int(values.get((t, r, c), "")) for t, r, c, _ in rel.terms]
        if any(n is None for n in nums):
            continue
        if sum(n * coef for n, (_, _, _, coef) in zip(nums, rel.terms)) != 0:
            broken.add(rel.id)
    return broken


def undecidable_relations(values: dict) -> set[str]:
    """Ids of the relations with at least one non-integer cell (blank, "/", ...)."""
    return {rel.id for rel in STD.relations
            if any(as_int(values.get((t, r, c), "")) is None for t, r, c, _ in rel.terms)}


def relations_of(table: str, row: str, col: str) -> set[str]:
    """Ids of the relations that involve one cell."""
    return {rel.id for rel in STD.relations if (table, row, col) in rel.cells()}


# ---------------------------------------------------------------------------------------------
# correct_content: consistent numbers and prose
# ---------------------------------------------------------------------------------------------

# How often an applicant column is used at all, and its typical yearly count.
_COL_ACTIVITY = {"natural": (1.0, 5, 80), "commercial": (0.7, 1, 15), "research": (0.15, 1, 3),
                 "social": (0.2, 1, 3), "legal": (0.35, 1, 6), "other": (0.25, 1, 4)}
# Relative frequency of each handling result (r6_2 kept 0: it would require a fee notice in 六).
_RESULT_WEIGHTS = {"r1": 30, "r2": 8, "r3_1": 0.3, "r3_2": 0.8, "r3_3": 0.3, "r3_4": 2,
                   "r3_5": 1, "r3_6": 2, "r3_7": 1, "r3_8": 1.5, "r4_1": 20, "r4_2": 3, "r4_3": 2,
                   "r5_1": 5, "r5_2": 4, "r5_3": 1, "r5_4": 0.5, "r5_5": 2, "r6_1": 6, "r6_2": 0,
                   "r6_3": 4}


def _t2_values(rng: random.Random, zero: bool) -> dict:
    v = {("t2", r, c): "0" for r, c in STD.cell_keys("t2")}
    if zero:
        return v
    made, repealed = rng.randint(0, 6), rng.randint(0, 3)
    v[("t2", "normative", "made")] = str(made)
    v[("t2", "normative", "repealed")] = str(repealed)
    v[("t2", "normative", "valid")] = str(rng.randint(8, 40) + made)
    v[("t2", "licensing", "count")] = str(rng.randint(20, 900) if rng.random() < 0.7 else 0)
    v[("t2", "punishment", "count")] = str(rng.randint(1, 150) if rng.random() < 0.6 else 0)
    v[("t2", "coercion", "count")] = str(rng.randint(1, 12) if rng.random() < 0.3 else 0)
    if rng.random() < 0.3:
        v[("t2", "fees", "amount")] = f"{rng.randint(1, 900) / 100:.2f}"
    return v


def _t3_column(rng: random.Random, col: str, v: dict) -> None:
    share, low, high = _COL_ACTIVITY[col]
    active = col == "natural" or rng.random() < share
    new = rng.randint(low, high) if active else 0
    carried_in = rng.choice([0, 0, 0, 1, 2]) if active else 0
    carried_out = rng.randint(0, min(3, new + carried_in)) if active else 0
    handled = new + carried_in - carried_out
    counts = dict.fromkeys(RESULT_ROWS, 0)
    rows, weights = zip(*_RESULT_WEIGHTS.items())
    for row in rng.choices(rows, weights=weights, k=handled):
        counts[row] += 1
    v[("t3", "new", col)] = str(new)
    v[("t3", "carried_in", col)] = str(carried_in)
    v[("t3", "carried_out", col)] = str(carried_out)
    for row, n in counts.items():
        v[("t3", row, col)] = str(n)


def _t3_values(rng: random.Random, zero: bool) -> dict:
    v = {("t3", r, c): "0" for r, c in STD.cell_keys("t3")}
    if not zero:
        for col in APPLICANTS:
            _t3_column(rng, col, v)
    return v


def _t4_values(rng: random.Random, zero: bool) -> dict:
    v = {("t4", g, c): "0" for g, c in STD.cell_keys("t4")}
    if zero:
        return v
    chance = {"review": 0.5, "suit_direct": 0.25, "suit_after_review": 0.2}
    for g in T4_GROUPS:
        if rng.random() < chance[g]:
            for c, high in zip(T4_PARTS, (3, 1, 1, 1)):
                v[("t4", g, c)] = str(rng.randint(0, high))
            if all(v[("t4", g, c)] == "0" for c in T4_PARTS):
                v[("t4", g, "upheld")] = "1"
    return v


def request_sentence(values: dict) -> str:
    """The 依申请公开 sentence of 一 matching 表三 (or 未收到 when every cell is 0)."""
    if all(_num(values, ("t3", r, c)) == 0 for r, c in STD.cell_keys("t3")):
        return "本年度未收到政府信息公开申请。"
    n = {row: _num(values, ("t3", row, "total")) for row in ("new", "carried_in", "total",
                                                           "carried_out")}
    return (f"全年新收政府信息公开申请{n['new']}件，上年结转{n['carried_in']}件，"
            f"办结{n['total']}件，结转下年度{n['carried_out']}件。")


def review_sentence(values: dict) -> str:
    """The 行政复议/行政诉讼 sentence of 一 matching 表四."""
    review = _num(values, ("t4", "review", "total"))
    suits = _num(values, ("t4", "suit_direct", "total")) + _num(values, ("t4", "suit_after_review",
                                                                         "total"))
    if review == 0 and suits == 0:
        return "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    if suits == 0:
        return f"本年度政府信息公开行政复议{review}件，未发生行政诉讼案件。"
    if review == 0:
        return f"本年度因政府信息公开引起的行政诉讼{suits}件，未发生行政复议案件。"
    return f"本年度政府信息公开行政复议{review}件，行政诉讼{suits}件。"


_REQUEST_RE = re.compile(r"(?:全年新收政府信息公开申请\d+件，上年结转\d+件，办结\d+件，结转下年度\d+件。"
                         r"|本年度未收到政府信息公开申请。)")
_REVIEW_RE = re.compile(r"本年度[^。]*(?:行政复议|行政诉讼)[^。]*。")


def sync_prose(content: ReportContent) -> ReportContent:
    """Rewrite the request and review sentences of 一 so they match the current values."""
    paragraphs = content.sections.get("S1", [])
    for i, p in enumerate(paragraphs):
        p = _REQUEST_RE.sub(lambda _: request_sentence(content.values), p)
        p = _REVIEW_RE.sub(lambda _: review_sentence(content.values), p)
        paragraphs[i] = p
    return content


def self_name(agency: str, level: str) -> str:
    """How the report refers to its own agency: 我区 / 我县 ... for a government, else 本机关."""
    if level == "人民政府":
        place = agency.removesuffix("人民政府")
        for suffix in ("街道办事处", "区", "县", "市", "镇", "乡", "旗", "州", "省"):
            if place.endswith(suffix):
                return "我" + suffix[0]
    return "本机关"


def _s1_paragraphs(c: ReportContent, rng: random.Random, zero: bool) -> list[str]:
    me = self_name(c.agency, c.level)
    v = c.values
    info, docs, interp = rng.randint(300, 2500), rng.randint(10, 90), rng.randint(3, 30)
    made, valid = _num(v, ("t2", "normative", "made")), _num(v, ("t2", "normative", "valid"))
    columns, trainings, people = rng.randint(8, 40), rng.randint(1, 6), rng.randint(20, 200)
    active = (f"{c.year}年，{me}坚持以公开为常态、不公开为例外，依托政府门户网站、政务新媒体和政务公开专区"
              f"主动公开政府信息{info}条，其中政策文件{docs}件，政策解读材料{interp}篇。")
    if zero:
        active += "本年度未制发行政规范性文件。"
    else:
        active += (f"全年制发行政规范性文件{made}件，现行有效行政规范性文件{valid}件均已在行政规范性文件"
                   "专栏集中公开，并同步发布解读材料。")
    request = ("严格执行依申请公开登记、审核、办理、答复、归档等工作规范，畅通网上申请、信函申请和当面申请"
               "渠道。" + request_sentence(v) + ("" if zero else "全部申请均在法定期限内依法作出答复。")
               + review_sentence(v))
    management = ("严格落实政府信息公开保密审查和属性源头认定制度，坚持“先审查、后公开”和“一事一审”原则，"
                  "动态调整主动公开基本目录，定期清理已失效的政策文件，确保公开信息准确、规范、安全。")
    platform = (f"持续加强政府门户网站信息公开专栏建设，全年优化调整栏目{columns}个，规范政务新媒体"
                "运营管理，推动线上平台与政务服务大厅政务公开专区融合发展，便利企业群众查询获取政府信息。")
    oversight = (f"健全政务公开工作领导机制，明确专人负责政府信息公开日常工作。全年组织政务公开业务培训"
                 f"{trainings}次，参训{people}人次，定期开展栏目内容自查，发现问题及时整改。")
    if c.level == "人民政府":
        oversight += ("关于工作考核、社会评议和责任追究结果情况：将政务公开工作纳入年度绩效考核，"
                      "通过政务公开专区意见箱和满意度测评开展社会评议，本年度未发生因政府信息公开工作"
                      "不到位被责任追究的情况。")
    return ["（一）主动公开情况", active, "（二）依申请公开情况", request, "（三）政府信息管理情况",
            management, "（四）政府信息公开平台建设情况", platform, "（五）监督保障情况", oversight]


def _s5_paragraphs() -> list[str]:
    return ["（一）存在的主要问题",
            "一是政策解读的形式还不够丰富，图文、音视频解读占比不高；二是部分栏目信息更新不够及时，"
            "主动公开的深度和广度有待进一步拓展。",
            "（二）改进情况",
            "一是丰富政策解读形式，推动重要政策文件与解读材料同步起草、同步审签、同步发布；二是建立栏目"
            "更新台账，定期开展检查通报，切实提高信息发布的时效性和规范性。"]


def _s6_paragraphs(rng: random.Random) -> list[str]:
    proposals, suggestions = rng.randint(2, 30), rng.randint(2, 30)
    return ["本年度未收取信息处理费。",
            f"全年承办人大代表建议{suggestions}件、政协提案{proposals}件，办理复文已按规定公开。"]


def correct_content(seed: int = 0, zero: bool = False, agency: str = "示例市示例区人民政府办公室",
                    year: int = 2023, level: str = "部门") -> ReportContent:
    """A report whose every relation holds, with a realistic mix of zeros; deterministic in seed."""
    rng = random.Random(seed)
    values = {}
    values.update(_t2_values(rng, zero))
    values.update(_t3_values(rng, zero))
    values.update(_t4_values(rng, zero))
    c = ReportContent(agency=agency, year=year, level=level, values=recompute(values))
    c.sections = {"S1": _s1_paragraphs(c, rng, zero), "S2": [], "S3": [], "S4": [],
                  "S5": _s5_paragraphs(), "S6": _s6_paragraphs(rng)}
    return c


# ---------------------------------------------------------------------------------------------
# Table grids: one model, rendered by every writer
# ---------------------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None      # set on value cells


@dataclass(frozen=True)
class Covered:
    """A grid position covered by the span of the anchor cell at (row, col)."""
    row: int
    col: int


class Grid:
    """A table as a rectangle of anchor Cells and Covered positions."""

    def __init__(self, table: str, ncols: int):
        self.table, self.ncols = table, ncols
        self.rows: list[list[Cell | Covered | None]] = []

    def _ensure(self, nrows: int) -> None:
        while len(self.rows) < nrows:
            self.rows.append([None] * self.ncols)

    def put(self, r: int, c: int, text: str, rowspan: int = 1, colspan: int = 1, key=None) -> None:
        self._ensure(r + rowspan)
        for dr in range(rowspan):
            for dc in range(colspan):
                if self.rows[r + dr][c + dc] is not None:
                    raise ValueError(f"{self.table}: overlapping cells at {(r + dr, c + dc)}")
                self.rows[r + dr][c + dc] = Covered(r, c)
        self.rows[r][c] = Cell(text, rowspan, colspan, key)

    def check(self) -> "Grid":
        holes = [(r, c) for r, row in enumerate(self.rows) for c, x in enumerate(row) if x is None]
        if holes:
            raise ValueError(f"{self.table}: unfilled positions {holes[:5]}")
        return self

    def anchors(self):
        for r, row in enumerate(self.rows):
            for c, x in enumerate(row):
                if isinstance(x, Cell):
                    yield r, c, x

    def expanded(self, r: int) -> list[str]:
        """Every grid position of row r: the anchor's text, "" where covered."""
        return [x.text if isinstance(x, Cell) else "" for x in self.rows[r]]

    def row_cells(self, r: int) -> list[str]:
        """Row r as a Word-to-text copy gives it: one cell per horizontal span, "" for a cell
        continuing a vertical merge from above."""
        out, c = [], 0
        while c < self.ncols:
            x = self.rows[r][c]
            if isinstance(x, Cell):
                out.append(x.text)
                c += x.colspan
            else:
                out.append("")
                c = x.col + self.rows[x.row][x.col].colspan
        return out


def _t2_blocks() -> list[tuple[str, list]]:
    blocks: dict[str, list] = {}
    for spec in STD.t2_rows:
        blocks.setdefault(spec.caption, []).append(spec)
    return list(blocks.items())


def t2_grid(content: ReportContent, merged: bool = True) -> Grid:
    g, r, lab = Grid("t2", 4), 0, content.label
    for caption, specs in _t2_blocks():
        cols = specs[0].cols
        col_labels = [STD.t2_col_labels[(caption, k)] for k in cols]
        wide = 3 if (merged and len(cols) == 1) else 1
        if merged:
            g.put(r, 0, lab(caption), colspan=4)
        else:
            g.put(r, 0, lab(caption))
            for c in range(1, 4):
                g.put(r, c, "")
        g.put(r + 1, 0, lab(T2_CONTENT_HEADER))
        for i, text in enumerate(col_labels):
            g.put(r + 1, 1 + i, lab(text), colspan=wide)
        r += 2
        for spec in specs:
            g.put(r, 0, lab(spec.label))
            for i, k in enumerate(cols):
                g.put(r, 1 + i, content.value("t2", spec.key, k), colspan=wide, key=("t2", spec.key, k))
            r += 1
        if wide == 1:                                # pad single-column blocks
            for rr in range(r - len(specs) - 1, r):
                for c in range(1 + len(cols), 4):
                    g.put(rr, c, "")
    return g.check()


def _t3_header(g: Grid, content: ReportContent) -> None:
    lab = content.label
    cols = {c.key: c.label for c in STD.t3_cols}
    g.put(0, 0, lab(STD.t3_note), rowspan=3, colspan=3)
    g.put(0, 3, lab(T3_APPLICANT_HEADER), colspan=7)
    g.put(1, 3, lab(cols["natural"]), rowspan=2)
    g.put(1, 4, lab(T3_ORG_HEADER), colspan=5)
    g.put(1, 9, lab(cols["total"]), rowspan=2)
    for i, key in enumerate(APPLICANTS[1:]):
        g.put(2, 4 + i, lab(cols[key]))


def _group_parts(spec) -> list[str]:
    return spec.group.split(GROUP_SEP) if spec.group else []


def _t3_body(g: Grid, content: ReportContent, specs: list, top: int, all_specs: list) -> None:
    """Rows `specs` from grid row `top`; group labels merged over their rows within this part,
    with text only where the group starts (a continued group after a split stays empty)."""
    for i, spec in enumerate(specs):
        depth = len(_group_parts(spec))
        g.put(top + i, depth, content.label(spec.label), colspan=3 - depth)
        for j, col in enumerate(T3_COLS):
            g.put(top + i, 3 + j, content.value("t3", spec.key, col), key=("t3", spec.key, col))
    for level in (0, 1):
        i = 0
        while i < len(specs):
            parts = _group_parts(specs[i])
            if len(parts) <= level:
                i += 1
                continue
            j = i
            while j < len(specs) and _group_parts(specs[j])[level:level + 1] == [parts[level]]:
                j += 1
            first = next(s for s in all_specs if _group_parts(s)[level:level + 1] == [parts[level]])
            text = content.label(parts[level]) if first is specs[i] else ""
            g.put(top + i, level, text, rowspan=j - i)
            i = j


def t3_grids(content: ReportContent, merged: bool = True, split_after: str | None = None,
             repeat_header: bool = False) -> list[Grid]:
    """表三 as one grid, or two when split_after names the last row of the first part."""
    specs = list(STD.t3_rows)
    if not merged:
        return [_t3_flat(content, specs)]
    parts = [specs]
    if split_after:
        cut = [s.key for s in specs].index(split_after) + 1
        parts = [specs[:cut], specs[cut:]]
    grids = []
    for n, part in enumerate(parts):
        g = Grid("t3", 10)
        top = 0
        if n == 0 or repeat_header:
            _t3_header(g, content)
            top = 3
        _t3_body(g, content, part, top, specs)
        grids.append(g.check())
    return grids


def _t3_flat(content: ReportContent, specs: list) -> Grid:
    g = Grid("t3", 8)
    g.put(0, 0, "")
    for j, col in enumerate(STD.t3_cols):
        g.put(0, 1 + j, content.label(col.label))
    for i, spec in enumerate(specs):
        g.put(1 + i, 0, content.label(spec.label))
        for j, col in enumerate(T3_COLS):
            g.put(1 + i, 1 + j, content.value("t3", spec.key, col), key=("t3", spec.key, col))
    return g.check()


def t4_grid(content: ReportContent, merged: bool = True) -> Grid:
    lab = content.label
    groups = {g.key: g.label for g in STD.t4_groups}
    col_labels = [lab(c.label) for c in STD.t4_cols]
    if not merged:                                   # groups as rows, one header row
        g = Grid("t4", 6)
        g.put(0, 0, "")
        for j, text in enumerate(col_labels):
            g.put(0, 1 + j, text)
        for i, key in enumerate(T4_GROUPS):
            g.put(1 + i, 0, lab(groups[key]))
            for j, col in enumerate(T4_COLS):
                g.put(1 + i, 1 + j, content.value("t4", key, col), key=("t4", key, col))
        return g.check()
    g = Grid("t4", 15)
    g.put(0, 0, lab(groups["review"]), colspan=5)
    g.put(0, 5, lab(T4_SUIT_HEADER), colspan=10)
    for j, text in enumerate(col_labels):
        g.put(1, j, text, rowspan=2)
    g.put(1, 5, lab(groups["suit_direct"]), colspan=5)
    g.put(1, 10, lab(groups["suit_after_review"]), colspan=5)
    for j, text in enumerate(col_labels * 2):
        g.put(2, 5 + j, text)
    for i, (key, col) in enumerate((k, c) for k in T4_GROUPS for c in T4_COLS):
        g.put(3, i, content.value("t4", key, col), key=("t4", key, col))
    return g.check()


def table_grids(content: ReportContent, table: str, merged: bool = True,
                split: bool = False, repeat_header: bool = False) -> list[Grid]:
    if table == "t2":
        return [t2_grid(content, merged)]
    if table == "t3":
        return t3_grids(content, merged, "r3_8" if split else None, repeat_header)
    return [t4_grid(content, merged)]


# ---------------------------------------------------------------------------------------------
# Document flow: the order every writer follows
# ---------------------------------------------------------------------------------------------

def flow(content: ReportContent):
    """Blocks in reading order: (kind, text) with kind in title, para, heading, sub, table, sig;
    for kind "table" the text is the table key (t2/t3/t4)."""
    yield "title", content.title
    if content.intro:
        yield "para", content.intro
    for key in SECTION_KEYS:
        if key not in content.sections:
            continue
        heading = content.heading(key)
        if heading:
            yield "heading", heading
        for p in content.sections[key]:
            yield ("sub" if SUBHEADING.match(p) else "para"), p
        if key in TABLE_OF_SECTION:
            yield "table", TABLE_OF_SECTION[key]
    yield "sig", content.signature_agency
    yield "sig", content.signature_date


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

def _normalize_zip(path: Path) -> None:
    """Rewrite a zip package with fixed timestamps, so the same content gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2024-01-20T09:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)


def _docx_table(doc, grid: Grid):
    table = doc.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.style = "Table Grid"
    for r, c, cell in grid.anchors():
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text
    return table


def _docx_title(doc, content: ReportContent, layout: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = [content.title]
    if layout.startswith("split") and content.title.startswith(content.agency):
        lines = [content.agency, content.title[len(content.agency):]]
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = layout != "split"


def _docx_heading(doc, text: str, layout: str) -> None:
    if layout == "merged":
        doc.add_paragraph(text, style="Heading 1")
    elif layout == "flat":
        doc.add_paragraph().add_run(text).bold = True
    else:
        doc.add_paragraph(text)


def write_docx(content: ReportContent, path, layout: str = "merged") -> Path:
    """layout: merged (official), flat (no merges), split (表三 in two tables), split_repeat
    (split, the second part repeating the three header rows)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if layout not in ("merged", "flat", "split", "split_repeat"):
        raise ValueError(f"unknown docx layout {layout}")
    path = Path(path)
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = content.title, content.agency, content.agency
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    for kind, text in flow(content):
        if kind == "title":
            _docx_title(doc, content, layout)
        elif kind == "heading":
            _docx_heading(doc, text, layout)
        elif kind == "sub":
            doc.add_paragraph().add_run(text).bold = layout == "merged"
        elif kind == "para":
            doc.add_paragraph(text)
        elif kind == "sig":
            doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "table":
            grids = table_grids(content, text, merged=layout != "flat",
                                split=layout.startswith("split"),
                                repeat_header=layout == "split_repeat")
            for i, grid in enumerate(grids):
                if i:
                    doc.add_paragraph("")
                _docx_table(doc, grid)
    doc.save(str(path))
    _normalize_zip(path)
    return path


# ---------------------------------------------------------------------------------------------
# TXT / Markdown
# ---------------------------------------------------------------------------------------------

def _txt_table(grid: Grid, layout: str) -> str:
    rows = range(len(grid.rows))
    if layout == "tsv":
        return "\n".join("\t".join(grid.row_cells(r)) for r in rows)
    if layout == "glued":
        return "\n".join("".join(grid.row_cells(r)) for r in rows)
    if layout == "oneperline":
        return "\n\n".join("\n".join("\t" + x for x in grid.row_cells(r)) for r in rows)
    lines = ["| " + " | ".join(grid.expanded(r)) + " |" for r in rows]
    lines.insert(1, "|" + "---|" * grid.ncols)
    return "\n".join(lines)


def _txt_block(kind: str, text: str, layout: str) -> str:
    if layout == "markdown":
        prefix = {"title": "# ", "heading": "## ", "sub": "### "}.get(kind, "")
        return prefix + text
    return text


def render_txt(content: ReportContent, layout: str = "tsv") -> str:
    """The report as text: tsv, oneperline, markdown or glued."""
    if layout not in ("tsv", "oneperline", "markdown", "glued"):
        raise ValueError(f"unknown txt layout {layout}")
    blocks: list[tuple[bool, str]] = []                 # (is_table, text)
    for kind, text in flow(content):
        if kind == "table":
            blocks += [(True, _txt_table(g, layout)) for g in table_grids(content, text)]
        else:
            blocks.append((False, _txt_block(kind, text, layout)))
    sep = "\n" if layout == "oneperline" else "\n\n"
    out = []
    for i, (is_table, text) in enumerate(blocks):      # tables always stand between blank lines
        if i:
            out.append("\n\n" if is_table or blocks[i - 1][0] else sep)
        out.append(text)
    return "".join(out) + "\n"


def write_txt(content: ReportContent, path, layout: str = "tsv", encoding: str = "utf-8") -> Path:
    """encoding: utf-8 (default), gb18030 or utf-16 (with BOM)."""
    path = Path(path)
    path.write_bytes(render_txt(content, layout).encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

def _xl_value(cell: Cell):
    text = cell.text
    if cell.key is None:
        return text or None
    if re.fullmatch(r"\d+", text.strip()):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text.strip()):
        return float(text)
    return text or None


def _xl_grid(ws, grid: Grid, top: int) -> int:
    """Write the grid with its top-left at row `top`; return the next free row."""
    for r, c, cell in grid.anchors():
        ws.cell(top + r, 1 + c, _xl_value(cell))
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=top + r, start_column=1 + c,
                           end_row=top + r + cell.rowspan - 1, end_column=1 + c + cell.colspan - 1)
    return top + len(grid.rows)


def write_xlsx(content: ReportContent, path, layout: str = "sheets") -> Path:
    """sheets: 正文 (title and prose, one paragraph a row in column A) plus 表二/表三/表四;
    onesheet: everything on one sheet in reading order."""
    from openpyxl import Workbook

    if layout not in ("sheets", "onesheet"):
        raise ValueError(f"unknown xlsx layout {layout}")
    path = Path(path)
    wb = Workbook()
    wb.properties.creator = content.agency
    wb.properties.created = wb.properties.modified = FIXED_TIME
    text_ws = wb.active
    text_ws.title = "正文" if layout == "sheets" else "年度报告"
    text_ws.column_dimensions["A"].width = 100
    row = 1
    for kind, text in flow(content):
        if kind != "table":
            text_ws.cell(row, 1, text)
            row += 1
            continue
        for grid in table_grids(content, text, merged=True):
            if layout == "sheets":
                _xl_grid(wb.create_sheet(STD.table_names[text]), grid, 1)
            else:
                row = _xl_grid(text_ws, grid, row)
    wb.save(str(path))
    _normalize_zip(path)
    return path


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

def _html_table(grid: Grid) -> str:
    rows = []
    for r in range(len(grid.rows)):
        cells = []
        for x in grid.rows[r]:
            if not isinstance(x, Cell):
                continue
            span = (f' rowspan="{x.rowspan}"' if x.rowspan > 1 else "") + \
                   (f' colspan="{x.colspan}"' if x.colspan > 1 else "")
            cells.append(f"<td{span}>{html.escape(x.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="2" width="100%">\n'
            + "\n".join(rows) + "\n</table>")


def render_html(content: ReportContent, encoding: str = "utf-8") -> str:
    body = []
    for kind, text in flow(content):
        t = html.escape(text)
        if kind == "title":
            body.append(f'<p style="text-align:center"><strong>{t}</strong></p>')
        elif kind == "heading":
            body.append(f"<p><strong>{t}</strong></p>")
        elif kind == "sig":
            body.append(f'<p style="text-align:right">{t}</p>')
        elif kind == "table":
            body += [_html_table(g) for g in table_grids(content, text, merged=True)]
        else:
            body.append(f"<p>{t}</p>")
    return (f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{encoding}">\n'
            f"<title>{html.escape(content.title)}</title>\n</head>\n<body>\n"
            '<table class="layout" width="900" align="center"><tr><td>\n'
            + "\n".join(body) + "\n</td></tr></table>\n</body>\n</html>\n")


def write_html(content: ReportContent, path, layout: str = "rowspan",
               encoding: str = "utf-8") -> Path:
    if layout != "rowspan":
        raise ValueError(f"unknown html layout {layout}")
    path = Path(path)
    path.write_bytes(render_html(content, encoding).encode(encoding))
    return path


# ---------------------------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------------------------

WRITERS = {"docx": write_docx, "txt": write_txt, "xlsx": write_xlsx, "html": write_html}


def write(content: ReportContent, path, fmt: str, layout: str, **options) -> Path:
    """Render `content` as `fmt` in `layout` at `path`; options go to the writer (encoding=)."""
    return WRITERS[fmt](content, path, layout, **options)


def file_name(fmt: str, layout: str, stem: str = "report") -> str:
    ext = ".md" if layout == "markdown" else EXTENSIONS[fmt]
    return f"{stem}_{fmt}_{layout}{ext}"


def write_all(content: ReportContent, directory, layouts=None, stem: str = "report") -> dict:
    """Every layout into `directory`; returns {(fmt, layout): path}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return {(fmt, layout): write(content, directory / file_name(fmt, layout, stem), fmt, layout)
            for fmt, layout in (layouts or LAYOUTS)}
