"""Write resources/standard/2021.json and 2019.json from the facts of docs/format-2021.md (the
spec; §8 for the superseded 2019 format: the old 表二 columns and blocks, 表三 （六） as one row).

The JSON file is the committed source of truth at run time; this script documents how the
relations were expanded and regenerates the file when the facts change:

    python tools/gen_standard.py
"""
from __future__ import annotations

import json
from pathlib import Path

SECTIONS = [
    ("S1", "一", "总体情况", ["总体情况", "总体工作情况", "基本情况"]),
    ("S2", "二", "主动公开政府信息情况", ["主动公开政府信息情况"]),
    ("S3", "三", "收到和处理政府信息公开申请情况", ["收到和处理政府信息公开申请情况"]),
    ("S4", "四", "政府信息公开行政复议、行政诉讼情况",
     ["政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"]),
    ("S5", "五", "存在的主要问题及改进情况", ["存在的主要问题及改进情况", "存在的主要问题和改进情况"]),
    ("S6", "六", "其他需要报告的事项", ["其他需要报告的事项"]),
]

TOPICS = [
    ("active", "主动公开", ["主动公开"]),
    ("request", "依申请公开", ["依申请公开", "依申请"]),
    ("management", "政府信息管理", ["信息管理", "政府信息管理"]),
    ("platform", "政府信息公开平台建设", ["平台建设", "公开平台", "平台"]),
    ("oversight", "监督保障", ["监督保障", "监督", "保障"]),
]

T2_BLOCKS = [
    ("第二十条第（一）项",
     [("made", "本年制发件数"), ("repealed", "本年废止件数"), ("valid", "现行有效件数")],
     [("regulations", "规章", []), ("normative", "行政规范性文件", ["规范性文件"])]),
    ("第二十条第（五）项", [("count", "本年处理决定数量")], [("licensing", "行政许可", [])]),
    ("第二十条第（六）项", [("count", "本年处理决定数量")],
     [("punishment", "行政处罚", []), ("coercion", "行政强制", [])]),
    ("第二十条第（八）项", [("amount", "本年收费金额（单位：万元）")],
     [("fees", "行政事业性收费", [])]),
]

T3_COLS = [
    ("natural", "自然人", []), ("commercial", "商业企业", []), ("research", "科研机构", []),
    ("social", "社会公益组织", ["社会组织", "公益组织"]), ("legal", "法律服务机构", []),
    ("other", "其他", []), ("total", "总计", ["合计"]),
]

R3 = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
      "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
R4 = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
R5 = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
      "要求行政机关确认或重新出具已获取信息"]
R6 = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]


def t3_rows(single_r6: bool = False):
    rows = [("new", "一、本年新收政府信息公开申请数量", "", ["本年新收政府信息公开申请数量"]),
            ("carried_in", "二、上年结转政府信息公开申请数量", "", ["上年结转政府信息公开申请数量"]),
            ("r1", "（一）予以公开", "三、本年度办理结果", ["予以公开"]),
            ("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果",
             ["部分公开"])]
    groups = (("（三）不予公开", "r3", R3), ("（四）无法提供", "r4", R4),
              ("（五）不予处理", "r5", R5), ("（六）其他处理", "r6", R6))
    for group, key, labels in groups:
        if single_r6 and key == "r6":      # the 2019 format: one row without sub-items
            rows.append(("r6", group, "三、本年度办理结果", ["其他处理"]))
            continue
        for i, label in enumerate(labels, 1):
            rows.append((f"{key}_{i}", f"{i}.{label}", f"三、本年度办理结果 › {group}", []))
    rows.append(("total", "（七）总计", "三、本年度办理结果", ["总计"]))
    rows.append(("carried_out", "四、结转下年度继续办理", "", ["结转下年度继续办理"]))
    return rows


T4_GROUPS = [("review", "行政复议"), ("suit_direct", "未经复议直接起诉"),
             ("suit_after_review", "复议后起诉")]
T4_COLS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
           ("pending", "尚未审结"), ("total", "总计")]

OLD_2019_MARKERS = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "其他对外管理服务事项",
                    "上一年项目数量", "本年增/减", "政府集中采购", "采购项目数量", "采购总金额"]


def relations(rows):
    rels = []
    parts = [c[0] for c in T3_COLS[:-1]]
    result_rows = [r[0] for r in rows if r[0].startswith("r")]
    for key, label, _, _ in rows:
        rels.append({"id": f"t3.row.{key}", "kind": "row", "table": "t3", "anchor": [key, "total"],
                     "terms": [["t3", key, "total", 1]] + [["t3", key, c, -1] for c in parts]})
    for col, *_ in T3_COLS:
        rels.append({"id": f"t3.col.{col}", "kind": "column", "table": "t3", "anchor": ["total", col],
                     "terms": [["t3", "total", col, 1]] + [["t3", r, col, -1] for r in result_rows]})
    for col, *_ in T3_COLS:
        rels.append({"id": f"t3.balance.{col}", "kind": "balance", "table": "t3",
                     "anchor": ["carried_out", col],
                     "terms": [["t3", "new", col, 1], ["t3", "carried_in", col, 1],
                               ["t3", "total", col, -1], ["t3", "carried_out", col, -1]]})
    for g, _ in T4_GROUPS:
        rels.append({"id": f"t4.group.{g}", "kind": "group", "table": "t4", "anchor": [g, "total"],
                     "terms": [["t4", g, "total", 1]] + [["t4", g, c, -1] for c, _ in T4_COLS[:-1]]})
    return rels


T2_BLOCKS_2019 = [
    ("第二十条第（一）项",
     [("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"),
      ("total_published", "对外公开总数量")],
     [("regulations", "规章", []), ("normative", "规范性文件", ["行政规范性文件"])]),
    ("第二十条第（五）项",
     [("previous", "上一年项目数量"), ("change", "本年增/减"), ("count", "处理决定数量")],
     [("licensing", "行政许可", []), ("other_services", "其他对外管理服务事项", [])]),
    ("第二十条第（六）项",
     [("previous", "上一年项目数量"), ("change", "本年增/减"), ("count", "处理决定数量")],
     [("punishment", "行政处罚", []), ("coercion", "行政强制", [])]),
    ("第二十条第（八）项", [("previous", "上一年项目数量"), ("change", "本年增/减")],
     [("fees", "行政事业性收费", [])]),
    ("第二十条第（九）项", [("purchases", "采购项目数量"), ("purchase_amount", "采购总金额")],
     [("procurement", "政府集中采购", [])]),
]


def build(version: str = "2021"):
    old = version == "2019"
    rows = t3_rows(single_r6=old)
    return {
        "version": version,
        "source": "国办公开办函〔2019〕60号" if old else "国办公开办函〔2021〕30号",
        "sections": [{"key": k, "numeral": n, "title": t, "variants": v} for k, n, t, v in SECTIONS],
        "topics": [{"key": k, "title": t, "keywords": kw} for k, t, kw in TOPICS],
        "tables": {
            "t2": {"name": "表二", "title": "主动公开政府信息情况", "section": "S2",
                   "blocks": [{"caption": cap, "cols": [{"key": k, "label": lab} for k, lab in cols],
                               "rows": [{"key": k, "label": lab, "variants": v} for k, lab, v in rws]}
                              for cap, cols, rws in (T2_BLOCKS_2019 if old else T2_BLOCKS)]},
            "t3": {"name": "表三", "title": "收到和处理政府信息公开申请情况", "section": "S3",
                   "note": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                   "cols": [{"key": k, "label": lab, "variants": v} for k, lab, v in T3_COLS],
                   "rows": [{"key": k, "label": lab, "group": g, "variants": v} for k, lab, g, v in rows]},
            "t4": {"name": "表四", "title": "政府信息公开行政复议、行政诉讼情况", "section": "S4",
                   "groups": [{"key": k, "label": lab} for k, lab in T4_GROUPS],
                   "cols": [{"key": k, "label": lab} for k, lab in T4_COLS]},
        },
        "relations": relations(rows),
        "old_2019_markers": OLD_2019_MARKERS,
        "fee_keywords": ["信息处理费", "处理费", "收费", "收取费用", "费用"],
    }


if __name__ == "__main__":
    for version in ("2021", "2019"):
        out = Path(__file__).resolve().parent.parent / "resources" / "standard" / f"{version}.json"
        out.write_text(json.dumps(build(version), ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    print(out)
