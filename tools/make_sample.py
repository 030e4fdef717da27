"""Write resources/samples/示例报告.docx: a fictional report with typical errors injected.

    python tools/make_sample.py

The agency is fictional (示例市示例区人民政府, level 人民政府, year 2023); the layout is the official
one (merged tables, tests/builder.py layout "merged"). The base report is consistent; these nine
errors are injected, each with the finding the checker is expected to make:

 1. 表三 "1.本机关不掌握相关政府信息" × 自然人 written 31 instead of 13 (digits swapped).
    Expected: T3-ROW-SUM on that row (parts 36 ≠ 总计 18) and T3-COL-SUM on 自然人 (parts 66 ≠
    （七）总计 48); both relations meet in one cell, which is the culprit: suggest 13.
 2. 表三 "二、上年结转政府信息公开申请数量" × 法律服务机构 left blank ("").
    Expected: T-BLANK; the row relation determines it: suggest 0.
 3. 表二 "规章" × 本年制发件数 written "/".
    Expected: T-PLACEHOLDER (write 0).
 4. 表四 行政复议: 结果维持 2, 结果纠正 1, 其他结果 0, 尚未审结 0, 总计 0.
    Expected: T4-GROUP-SUM on 行政复议 × 总计: suggest 3.
 5. 表三 column label "社会组织" instead of "社会公益组织".
    Expected: T-LABEL (the official label differs); the column is still read.
 6. 一、总体情况 says "全年新收政府信息公开申请59件" while 表三 新收 × 总计 is 61.
    Expected: N-T3-COUNT (stated 59, table 61).
 7. Section 五、存在的主要问题及改进情况 missing entirely.
    Expected: SEC-MISSING for S5.
 8. Section 六 heading written "六、其他需要说明的事项".
    Expected: SEC-TITLE (official: 六、其他需要报告的事项); the section is still recognised.
 9. The statistics period says 2023年1月1日至2023年11月30日.
    Expected: M-PERIOD (not the whole year).

The title, agency, year and signature are correct, so agency/year/level detection works, and the
report covers 工作考核、社会评议和责任追究结果情况 (required of a 人民政府) and states 未收取信息处理费.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.builder import STD, ReportContent, recompute, write_docx  # noqa: E402

AGENCY = "示例市示例区人民政府"
YEAR = 2023
OUTPUT = ROOT / "resources" / "samples" / "示例报告.docx"

RENAMED_S6 = "六、其他需要说明的事项"
WRONG_PERIOD = f"{YEAR}年1月1日至{YEAR}年11月30日"
STATED_NEW = 59

SAMPLE_ERRORS = [
    {"id": 1, "rule": "T3-ROW-SUM", "also": ["T3-COL-SUM"], "table": "t3", "row": "r4_1",
     "col": "natural", "section": "S3", "found": "31", "expected": "13",
     "description": "digits swapped in one part cell: its row total and the 自然人 column sum both "
                    "fail; the culprit is the cell where the two failing relations meet"},
    {"id": 2, "rule": "T-BLANK", "also": [], "table": "t3", "row": "carried_in", "col": "legal",
     "section": "S3", "found": "", "expected": "0",
     "description": "blank value cell; the carried_in row relation determines it as 0"},
    {"id": 3, "rule": "T-PLACEHOLDER", "also": [], "table": "t2", "row": "regulations",
     "col": "made", "section": "S2", "found": "/", "expected": "0",
     "description": "'/' written where 0 is meant"},
    {"id": 4, "rule": "T4-GROUP-SUM", "also": [], "table": "t4", "row": "review", "col": "total",
     "section": "S4", "found": "0", "expected": "3",
     "description": "行政复议 总计 0 while 维持 2 + 纠正 1 = 3"},
    {"id": 5, "rule": "T-LABEL", "also": [], "table": "t3", "row": None, "col": "social",
     "section": "S3", "found": "社会组织", "expected": "社会公益组织",
     "description": "drifted column label"},
    {"id": 6, "rule": "N-T3-COUNT", "also": [], "table": "t3", "row": "new", "col": "total",
     "section": "S1", "found": str(STATED_NEW), "expected": "61",
     "description": "the prose of 一 states a 新收 count different from 表三"},
    {"id": 7, "rule": "SEC-MISSING", "also": [], "table": None, "row": None, "col": None,
     "section": "S5", "found": None, "expected": STD.section("S5").heading,
     "description": "section 五 missing entirely"},
    {"id": 8, "rule": "SEC-TITLE", "also": [], "table": None, "row": None, "col": None,
     "section": "S6", "found": RENAMED_S6, "expected": STD.section("S6").heading,
     "description": "section 六 renamed"},
    {"id": 9, "rule": "M-PERIOD", "also": [], "table": None, "row": None, "col": None,
     "section": None, "found": WRONG_PERIOD, "expected": f"{YEAR}年1月1日至{YEAR}年12月31日",
     "description": "statistics period is not the whole year"},
]

# Non-zero part cells of the consistent base (every other part is 0; totals are recomputed).
_T2 = {("regulations", "made"): 0, ("regulations", "repealed"): 0, ("regulations", "valid"): 0,
       ("normative", "made"): 5, ("normative", "repealed"): 2, ("normative", "valid"): 47,
       ("licensing", "count"): 1268, ("punishment", "count"): 215, ("coercion", "count"): 9,
       ("fees", "amount"): 0}
_T3_PARTS = {
    "new": {"natural": 46, "commercial": 9, "social": 1, "legal": 3, "other": 2},
    "carried_in": {"natural": 3, "commercial": 1},
    "r1": {"natural": 18, "commercial": 4, "legal": 1, "other": 1},
    "r2": {"natural": 5, "commercial": 1},
    "r3_4": {"natural": 1},
    "r3_6": {"natural": 2},
    "r4_1": {"natural": 13, "commercial": 3, "social": 1, "legal": 1},
    "r4_2": {"natural": 1},
    "r5_1": {"natural": 4},
    "r5_2": {"natural": 2},
    "r6_1": {"natural": 1, "legal": 1},
    "r6_3": {"natural": 1, "other": 1},
}
_T4_PARTS = {("review", "upheld"): 2, ("review", "corrected"): 1}


def _base_values() -> dict:
    values = {("t2", r, c): str(_T2[(r, c)]) for r, c in STD.cell_keys("t2")}
    for r, c in STD.cell_keys("t3"):
        values[("t3", r, c)] = str(_T3_PARTS.get(r, {}).get(c, 0))
    for g, c in STD.cell_keys("t4"):
        values[("t4", g, c)] = str(_T4_PARTS.get((g, c), 0))
    return recompute(values, balance=True)


def _s1(new_count: int, v: dict) -> list[str]:
    t = {row: v[("t3", row, "total")] for row in ("carried_in", "total", "carried_out")}
    return [
        "（一）主动公开情况",
        "2023年，我区坚持以公开为常态、不公开为例外，围绕区委、区政府中心工作，依托区政府门户网站、"
        "“示例区发布”政务新媒体和政务服务中心政务公开专区，全面做好法定主动公开内容发布工作。全年主动"
        "公开各类政府信息2316条，其中区政府及区政府办公室文件58件、政策解读材料37篇、重大行政决策预公开"
        "事项6项。全年制发行政规范性文件5件，废止2件，现行有效行政规范性文件47件已在行政规范性文件专栏"
        "集中统一公开。聚焦财政预决算、重大建设项目、公共资源配置、乡村振兴等重点领域，及时准确发布"
        "相关信息。",
        "（二）依申请公开情况",
        "我区严格执行依申请公开登记、审核、办理、答复、归档工作规范，统一答复文书格式，畅通网上申请、"
        f"信函申请和当面申请渠道。全年新收政府信息公开申请{new_count}件，上年结转{t['carried_in']}件，"
        f"办结{t['total']}件，结转下年度{t['carried_out']}件。从申请人类型看，以自然人申请为主；从申请"
        "内容看，主要集中在征地拆迁、房屋安置、规划建设等领域。全部申请均在法定期限内依法作出答复，"
        "对申请人提出的疑问耐心沟通解释，依法依规化解争议。",
        "（三）政府信息管理情况",
        "严格落实政府信息公开保密审查和属性源头认定制度，坚持“先审查、后公开”和“一事一审”原则，公文在"
        "起草环节即明确公开属性。动态调整主动公开基本目录，组织各部门、各街道对已公开的政策文件开展集中"
        "清理，对失效、废止文件及时标注，确保公开信息准确、规范、安全。",
        "（四）政府信息公开平台建设情况",
        "持续推进区政府门户网站集约化建设，全年优化调整信息公开专栏栏目12个，新增“惠企政策”“民生实事”"
        "等专题。加强政务新媒体规范管理，开展全区政务新媒体常态化巡检，推动线上平台与政务服务中心政务"
        "公开专区融合发展，为企业群众查询政府信息提供便利。",
        "（五）监督保障情况",
        "区政府成立由分管副区长任组长的政务公开工作领导小组，明确区政府办公室为政务公开工作主管部门，"
        "各部门确定专人负责政府信息公开日常工作。全年组织全区政务公开业务培训4次，参训236人次。关于工作"
        "考核、社会评议和责任追究结果情况：区政府将政务公开工作纳入全区高质量发展综合绩效考核，考核结果"
        "在全区通报；通过政务公开专区意见箱、网上满意度测评等方式开展社会评议，群众满意度较高；本年度"
        "未发生因政府信息公开工作不到位被责任追究的情况。",
    ]


def _s5() -> list[str]:
    return [
        "（一）存在的主要问题",
        "一是部分部门政策解读形式较为单一，图文、音视频解读占比不高；二是个别街道信息更新不够及时，"
        "基层政务公开标准化规范化水平有待提升。",
        "（二）改进情况",
        "一是推动重要政策文件与解读材料同步起草、同步审签、同步发布，丰富解读形式；二是建立栏目更新"
        "台账，按季度开展检查通报，加强对街道政务公开工作的业务指导。",
    ]


def _s6() -> list[str]:
    return [
        "（一）收取信息处理费情况",
        "本年度未收取信息处理费。",
        "（二）人大代表建议和政协提案办理结果公开情况",
        "全年共承办人大代表建议46件、政协提案52件，均已按期办结，办理复文按规定公开。",
        "（三）政务公开工作创新情况",
        "围绕“5·15政务公开日”开展政府开放日活动，邀请企业代表、群众代表走进区政务服务中心，面对面"
        "听取意见建议，进一步增强政务公开工作的互动性和实效性。",
    ]


def _intro(period: str) -> str:
    return ("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，编制本报告。"
            f"报告数据统计期限为{period}。本报告电子版可在示例区人民政府门户网站查阅或下载，"
            "如对本报告有疑问，请与示例区人民政府办公室联系。")


def build_sample_content(inject: bool = True) -> ReportContent:
    """The sample report; inject=False gives the consistent base without the nine errors."""
    values = _base_values()
    new_total = int(values[("t3", "new", "total")])
    period = f"{YEAR}年1月1日至{YEAR}年12月31日"
    c = ReportContent(agency=AGENCY, year=YEAR, level="人民政府", intro=_intro(period),
                      values=values, signature_date=f"{YEAR + 1}年1月20日")
    c.sections = {"S1": _s1(new_total, values), "S2": [], "S3": [], "S4": [], "S5": _s5(),
                  "S6": _s6()}
    if inject:
        _inject(c, new_total)
    return c


def _inject(c: ReportContent, new_total: int) -> None:
    v = c.values
    assert v[("t3", "r4_1", "natural")] == "13" and v[("t3", "carried_in", "legal")] == "0"
    v[("t3", "r4_1", "natural")] = "31"                                   # 1
    v[("t3", "carried_in", "legal")] = ""                                 # 2
    v[("t2", "regulations", "made")] = "/"                                # 3
    v[("t4", "review", "total")] = "0"                                    # 4
    c.relabel["社会公益组织"] = "社会组织"                                  # 5
    c.sections["S1"] = _s1(STATED_NEW, v)                                 # 6
    assert new_total != STATED_NEW
    del c.sections["S5"]                                                  # 7
    c.headings["S6"] = RENAMED_S6                                         # 8
    c.intro = _intro(WRONG_PERIOD)                                        # 9


def main(path: Path = OUTPUT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_docx(build_sample_content(), path, "merged")
    return path


if __name__ == "__main__":
    print(main())
