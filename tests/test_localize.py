"""The localiser on tables built in memory: which cell is wrong, and how sure we are."""
from __future__ import annotations

import random

from core.localize import analyse
from core.report import CellValue, TableData
from core.standard import load

STD = load()
COLS = [c.key for c in STD.t3_cols]
RESULT_ROWS = [r.key for r in STD.t3_rows if r.key.startswith("r")]


def consistent_values(seed: int = 1, force: dict | None = None) -> dict:
    rnd = random.Random(seed)
    v = {}
    for row in RESULT_ROWS + ["carried_out", "carried_in"]:
        for col in COLS[:-1]:
            v[(row, col)] = rnd.choice([0, 0, 0, 1, 2, 5])
    v.update(force or {})
    for col in COLS[:-1]:
        v[("total", col)] = sum(v[(r, col)] for r in RESULT_ROWS)
        v[("new", col)] = v[("total", col)] + v[("carried_out", col)] - v[("carried_in", col)]
        if v[("new", col)] < 0:
            v[("carried_in", col)] += v[("new", col)]
            v[("new", col)] = 0
    for row in [r.key for r in STD.t3_rows]:
        v[(row, "total")] = sum(v[(row, c)] for c in COLS[:-1])
    return v


def tables(t3_values: dict, t4_values: dict | None = None):
    t3 = TableData("t3", found=True)
    for key, value in t3_values.items():
        t3.cells[key] = (CellValue("", "blank", None, None) if value is None
                         else CellValue(str(value), "number", value, None))
    t4 = TableData("t4", found=bool(t4_values))
    for key, value in (t4_values or {}).items():
        t4.cells[key] = CellValue(str(value), "number", value, None)
    return {"t2": TableData("t2"), "t3": t3, "t4": t4}


def test_consistent_table_has_no_violation():
    result = analyse(STD, tables(consistent_values()))
    assert result.violated == [] and result.repairs == []


def test_interior_cell_breaking_row_and_column_is_the_unique_culprit():
    v = consistent_values()
    original = v[("r4_1", "natural")]
    v[("r4_1", "natural")] = original + 7
    result = analyse(STD, tables(v))
    assert {r.id for r in result.violated} == {"t3.row.r4_1", "t3.col.natural"}
    assert result.repairs == [{("t3", "r4_1", "natural"): original}]


def test_every_single_cell_mutation_is_located_at_that_cell():
    base = consistent_values(3)
    for key in base:
        v = dict(base)
        v[key] = base[key] + 4
        result = analyse(STD, tables(v))
        assert result.repairs == [{("t3", *key): base[key]}], key


def test_blank_operand_is_determined_by_the_relations_not_assumed_zero():
    v = consistent_values(force={("r1", "natural"): 3})
    v[("r1", "natural")] = None
    result = analyse(STD, tables(v))
    assert result.determined[("t3", "r1", "natural")] == 3
    assert result.violated == []


def test_blanks_whose_relation_sums_to_zero_are_zero():
    v = consistent_values()
    for col in COLS[:-1]:
        v[("r6_3", col)] = None
    v[("r6_3", "total")] = 0
    result = analyse(STD, tables(v))
    assert all(result.determined[("t3", "r6_3", c)] == 0 for c in COLS[:-1])


def test_real_world_review_total_zero_is_repaired_at_the_total():
    # 表四 review group: 维持 10, 纠正 1, 总计 0 — the published real-world example.
    t4 = {("review", "upheld"): 10, ("review", "corrected"): 1, ("review", "other"): 0,
          ("review", "pending"): 0, ("review", "total"): 0}
    for g in ("suit_direct", "suit_after_review"):
        for c in ("upheld", "corrected", "other", "pending", "total"):
            t4[(g, c)] = 0
    result = analyse(STD, tables(consistent_values(), t4))
    assert [r.id for r in result.violated] == ["t4.group.review"]
    # total alone -> 11 is one change; 维持 and 纠正 to 0 would be two: the single one wins
    assert result.repairs == [{("t4", "review", "total"): 11}]


def test_two_equally_small_repairs_are_both_offered_never_one_as_certain():
    v = consistent_values(5)
    v[("r1", "natural")] += 1
    v[("r2", "natural")] -= 1 if v[("r2", "natural")] else -1
    if v[("r2", "natural")] > consistent_values(5)[("r2", "natural")]:
        v[("r1", "natural")] -= 2     # keep the column sum intact
    result = analyse(STD, tables(v))
    assert {r.id for r in result.violated} == {"t3.row.r1", "t3.row.r2"}
    assert len(result.repairs) >= 2
    assert {("t3", "r1", "total"), ("t3", "r2", "total")} in [set(r) for r in result.repairs]
