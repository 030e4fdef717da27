"""Arithmetic relations of 表三 and 表四, reported at the cell that is wrong.

One wrong cell usually breaks two relations (its row and its column). The localiser finds the
smallest set of cells whose change repairs every relation, and each such cell becomes one finding
that names every relation it breaks. When several repairs are equally small, every broken
relation is reported at its total cell with the repairs as alternatives, never as certain.
"""
from __future__ import annotations

from core.findings import Fix
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
    arith = ctx.arith
    if arith.violated and len(arith.repairs) == 1:
        _unique_repair(ctx, arith, arith.repairs[0], plan)
    else:
        _unlocated(ctx, arith, plan)
    ctx.__dict__["_arith_plan"] = plan
    return plan


def _unique_repair(ctx, arith, repair, plan):
    for (t, r, c), new in repair.items():
        broken = [rel for rel in arith.violated if (t, r, c) in rel.cells()]
        own = [rel for rel in broken if tuple(rel.anchor) == (r, c)]
        kind = (own or sorted(broken, key=lambda rel: KIND_ORDER.index(rel.kind)))[0].kind
        old = arith.values[(t, r, c)]
        reasons = "；".join(describe(ctx, rel) for rel in broken)
        msg = (f"{ctx.cell_name(t, r, c)}填写为{_fmt(old)}，按勾稽关系应为{new}（{reasons}）。"
               "只改这一格即可使所有相关合计成立。")
        plan[kind].append(Hit(msg, ctx.cell_location(t, r, c), found=old, expected=new,
                              fix=Fix(t, r, c, new)))


def _alternatives(ctx, repairs) -> list[list[dict]]:
    return [[{"table": t, "row": r, "col": c, "value": v} for (t, r, c), v in rep.items()]
            for rep in repairs]


def _say_repair(ctx, repair) -> str:
    return "、".join(f"{ctx.cell_name(t, r, c)}改为{v}" for (t, r, c), v in repair.items())


def _unlocated(ctx, arith, plan):
    alts = _alternatives(ctx, arith.repairs)
    for rel in arith.violated:
        t, (r, c) = rel.table, rel.anchor
        msg = f"{describe(ctx, rel)}，不相等。"
        fix = None
        if arith.repairs:
            options = "；或".join(_say_repair(ctx, rep) for rep in arith.repairs[:6])
            msg += f"有{len(arith.repairs)}种同样小的修正方式，无法确定哪一格有误：{options}。请核实。"
            first = alts[0][0]
            fix = Fix(first["table"], first["row"], first["col"], first["value"],
                      alternatives=alts, certainty="confirm")
        else:
            msg += "需要改动的单元格较多，无法确定是哪一格有误，请逐项核对。"
        plan[rel.kind].append(Hit(msg, ctx.cell_location(t, r, c),
                                  found=arith.values[(t, r, c)], fix=fix))


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
