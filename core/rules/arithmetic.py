"""Arithmetic relations of 表三 and 表四, reported at the cell that is wrong.

One wrong cell usually breaks two relations (its row and its column). The localiser works per
independent group of relations (表三 as a whole; each 表四 group on its own) and finds the
smallest set of cells whose change repairs every relation of the group; each such cell becomes
one finding that names every relation it breaks. When several repairs are equally small, evidence
decides in a fixed order (recorded in ``Fix.evidence``); when nothing decides, every broken
relation of the group is reported at its total cell with the group's repairs as alternatives,
never as certain. A group that needs more than four changes is reported as too broken to locate.
"""
from __future__ import annotations

import re

from core import messages
from core.findings import EVIDENCE_ZH, Fix
from core.localize import MAX_REPAIR_SIZE
from core.rules.registry import Hit, rule

FAMILY_RULE = {"row": "T3-ROW-SUM", "column": "T3-COL-SUM", "balance": "T3-BALANCE",
               "group": "T4-GROUP-SUM"}
KIND_ORDER = ("row", "column", "balance", "group")


def _fmt(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def describe(ctx, rel) -> str:
    """本行各列之和为118，总计填写为125 — what the relation says with the numbers as written."""
    values = ctx.arith.values
    t = rel.table
    if rel.kind == "balance":
        col = rel.anchor[1]
        a = values[(t, "new", col)] + values[(t, "carried_in", col)]
        b = values[(t, "total", col)] + values[(t, "carried_out", col)]
        label = ctx.std.col_label(t, "new", col)
        return f"“{label}”列：一、新收加二、上年结转为{_fmt(a)}，（七）总计加四、结转下年度为{_fmt(b)}"
    anchor = values[(t, *rel.anchor)]
    parts = sum(values[(tt, r, c)] for tt, r, c, k in rel.terms if k < 0)
    if rel.kind == "row":
        label = ctx.std.row_label(t, rel.anchor[0])
        return f"“{label}”行各列之和为{_fmt(parts)}，总计填写为{_fmt(anchor)}"
    if rel.kind == "column":
        label = ctx.std.col_label(t, "total", rel.anchor[1])
        return f"“{label}”列各项办理结果之和为{_fmt(parts)}，（七）总计填写为{_fmt(anchor)}"
    label = ctx.std.row_label(t, rel.anchor[0])
    return f"{label}的结果维持、结果纠正、其他结果、尚未审结之和为{_fmt(parts)}，总计填写为{_fmt(anchor)}"


def _plan(ctx) -> dict[str, list[Hit]]:
    cached = ctx.__dict__.get("_arith_plan")
    if cached is not None:
        return cached
    plan: dict[str, list[Hit]] = {k: [] for k in KIND_ORDER}
    for comp in ctx.arith.components:           # each independent group of relations apart
        if comp.chosen is not None:
            _located(ctx, comp, plan)
        elif comp.repairs:
            _ambiguous(ctx, comp, plan)
        else:
            _unlocated(ctx, comp, plan)
    ctx.__dict__["_arith_plan"] = plan
    return plan


def short_name(std, t: str, r: str, c: str) -> str:
    """复议后起诉·总计, （三）1.属于国家秘密·自然人: a cell named as briefly as it stays clear."""
    row = std.row_label(t, r)
    if t == "t3":
        row = re.sub(r"（[^）]*）$", "", row) if not row.startswith("（") else \
            re.sub(r"(?<=.)（[^）]*）$", "", row)
        group = next(x.group for x in std.t3_rows if x.key == r)
        if "›" in group:
            row = re.sub(r"^(（[一二三四五六七]）).*$", r"\1", group.split("›")[-1].strip()) + row
    return f"{row}·{std.col_label(t, r, c)}"


def say_repair(std, repair: dict) -> str:
    """把 复议后起诉·总计 改为 5；把 … 改为 …"""
    return "；".join(messages.ARITH_SET.format(cell=short_name(std, t, r, c), value=_fmt(v))
                    for (t, r, c), v in repair.items())


def _repair_json(repair: dict) -> list[dict]:
    return [{"table": t, "row": r, "col": c, "value": v} for (t, r, c), v in repair.items()]


def _options(ctx, comp) -> tuple[list, list]:
    """The component's repairs as alternatives (the chosen one first) and in words."""
    anchors = {(rel.table, *rel.anchor) for rel in comp.relations}
    # totals first: when a group's parts and its total disagree, the total is the usual slip
    repairs = sorted(comp.repairs, key=lambda rep: sum(c not in anchors for c in rep))
    if comp.chosen in repairs:
        repairs.remove(comp.chosen)
        repairs.insert(0, comp.chosen)
    if len(repairs) < 2:
        return [], []
    return [_repair_json(rep) for rep in repairs], [say_repair(ctx.std, rep) for rep in repairs]


def _located(ctx, comp, plan):
    arith = ctx.arith
    alts, texts = _options(ctx, comp)
    because = ""
    if comp.evidence != "unique":
        because = messages.ARITH_DECIDED.format(n=len(comp.repairs),
                                                evidence=EVIDENCE_ZH[comp.evidence])
    for (t, r, c), new in comp.chosen.items():
        broken = [rel for rel in comp.violated if (t, r, c) in rel.cells()]
        own = [rel for rel in broken if tuple(rel.anchor) == (r, c)]
        pool = own or broken or comp.violated
        kind = sorted(pool, key=lambda rel: KIND_ORDER.index(rel.kind))[0].kind
        old = arith.values[(t, r, c)]
        reasons = "；".join(describe(ctx, rel) for rel in broken)
        msg = f"{ctx.cell_name(t, r, c)}填写为{_fmt(old)}，按勾稽关系应为{new}"
        msg += f"（{reasons}）。" if reasons else "。"
        msg += ("只改这一格即可使所有相关合计成立。" if len(comp.chosen) == 1 else
                f"同时修改{len(comp.chosen)}个单元格可使所有相关合计成立，这是改动最少的修正。")
        msg += because
        plan[kind].append(Hit(msg, ctx.cell_location(t, r, c), found=old, expected=new,
                              fix=Fix(t, r, c, new, alternatives=alts, evidence=comp.evidence,
                                      alternative_texts=texts)))


def _ambiguous(ctx, comp, plan):
    """Several equally small repairs and no evidence decides: one finding for the group (one
    cause, one choice), naming every broken relation, with the group's repairs to choose from."""
    alts, texts = _options(ctx, comp)
    options = "；或".join(texts[:6])
    rels = sorted(comp.violated, key=lambda rel: KIND_ORDER.index(rel.kind))
    first = rels[0]
    anchor = (first.table, *first.anchor)
    mine = next((rep for rep in comp.repairs if anchor in rep),
                next((rep for rep in comp.repairs if any(k in first.cells() for k in rep)),
                     comp.repairs[0]))
    if anchor in mine:
        cell, value = anchor, mine[anchor]
    else:
        cell, value = next(((k, v) for k, v in mine.items() if k in first.cells()),
                           next(iter(mine.items())))
    if len(rels) == 1:
        said = f"{describe(ctx, first)}，不相等。"
    else:
        said = (messages.ARITH_TOO_MANY_TABLE.format(table=messages.TABLE_SHORT[first.table])
                + f"有{len(rels)}处勾稽关系不成立（" + "；".join(describe(ctx, rel) for rel in rels)
                + "）。")
    msg = said + f"有{len(comp.repairs)}种同样小的修正方式，无法确定哪一格有误：{options}。请核实。"
    fix = Fix(*cell, value, alternatives=alts, certainty="confirm", alternative_texts=texts)
    t, r, c = cell
    plan[first.kind].append(Hit(msg, ctx.cell_location(t, r, c), found=ctx.arith.values[cell],
                                fix=fix))


def _unlocated(ctx, comp, plan):
    """No repair of up to MAX_REPAIR_SIZE cells: one finding for the group (one cause), at
    its table, naming every broken relation and listing the totals they end in."""
    rels = sorted(comp.violated, key=lambda rel: KIND_ORDER.index(rel.kind))
    first = rels[0]
    t, (r, c) = first.table, first.anchor
    names = "；".join(describe(ctx, rel) for rel in rels)
    too_many = messages.ARITH_TOO_MANY.format(count=len(rels), max=MAX_REPAIR_SIZE,
                                              relations=names)
    if len(rels) == 1:
        plan[first.kind].append(Hit(f"{describe(ctx, first)}，不相等。" + too_many,
                                    ctx.cell_location(t, r, c), found=ctx.arith.values[(t, r, c)]))
        return
    loc = ctx.cell_location(t, None, None)
    anchors = list(dict.fromkeys(rel.anchor for rel in rels))
    plan[first.kind].append(Hit(
        messages.ARITH_TOO_MANY_TABLE.format(table=messages.TABLE_SHORT[t]) + too_many, loc,
        expected={"cells": [{"row": row, "col": col} for row, col in anchors]}))


@rule("T3-ROW-SUM", "error", "表三行合计不等于各列之和")
def row_sums(ctx):
    """表三每一行的“总计”应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他
    六列之和（法人或其他组织没有小计列）。"""
    return _plan(ctx)["row"]


@rule("T3-COL-SUM", "error", "表三（七）总计不等于各项办理结果之和")
def column_sums(ctx):
    """表三每一列的“（七）总计”应等于（一）至（六）全部22个办理结果行之和；区分处理的申请只计入
    “（二）部分公开”。"""
    return _plan(ctx)["column"]


@rule("T3-BALANCE", "error", "表三勾稽关系不成立（一+二≠三+四）")
def balance(ctx):
    """表三左上角注明的勾稽关系：每一列“一、本年新收”加“二、上年结转”，等于“（七）总计”加
    “四、结转下年度继续办理”。"""
    return _plan(ctx)["balance"]


@rule("T4-GROUP-SUM", "error", "表四总计不等于各项之和")
def group_sums(ctx):
    """表四行政复议、未经复议直接起诉、复议后起诉三组，每组“总计”等于结果维持、结果纠正、其他结果、
    尚未审结之和（行政诉讼没有合计列）。"""
    return _plan(ctx)["group"]
