"""Checks against last year's report (given with --prior)."""
from __future__ import annotations

from core.rules.registry import Hit, rule


@rule("X-CARRIED", "warning", "上年结转与上年度报告不一致")
def carried_in(ctx):
    """本年表三“二、上年结转政府信息公开申请数量”每一列，应等于上年度报告表三“四、结转下年度继续
    办理”的同一列。"""
    if ctx.prior is None or not ctx.report.tables["t3"].found:
        return
    prior = ctx.prior.tables["t3"]
    for col in ctx.std.t3_cols:
        now = ctx.cell("t3", "carried_in", col.key)
        before = prior.cells.get(("carried_out", col.key))
        if now is None or before is None or now.value is None or before.value is None:
            continue
        if now.value != before.value:
            yield Hit(f"{ctx.cell_name('t3', 'carried_in', col.key)}为{now.value:g}，而上年度报告"
                      f"“四、结转下年度继续办理”该列为{before.value:g}。",
                      ctx.cell_location("t3", "carried_in", col.key), found=now.value,
                      expected=before.value)


@rule("X-VALID", "warning", "现行有效件数与上年度不衔接")
def valid_roll_forward(ctx):
    """表二“现行有效件数”：本年 = 上年现行有效 + 本年制发 − 本年废止（修订等情况可能例外，仅作警告）。"""
    if ctx.prior is None:
        return
    prior = ctx.prior.tables["t2"]
    for row in ("regulations", "normative"):
        cells = [ctx.cell("t2", row, c) for c in ("made", "repealed", "valid")]
        before = prior.cells.get((row, "valid"))
        if any(c is None or c.value is None for c in cells) or before is None or before.value is None:
            continue
        made, repealed, valid = (c.value for c in cells)
        expected = before.value + made - repealed
        if valid != expected:
            yield Hit(f"{ctx.cell_name('t2', row, 'valid')}为{valid:g}；上年度现行有效{before.value:g}件，"
                      f"本年制发{made:g}件、废止{repealed:g}件，应为{expected:g}。",
                      ctx.cell_location("t2", row, "valid"), found=valid, expected=expected)
