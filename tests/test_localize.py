"""The localiser on tables built in memory: which cell is wrong, and how sure we are."""
from __future__ import annotations

import random

import pytest

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


# --- issue 16: per component, evidence, several wrong cells ------------------------------------

def _t4(review, suit_direct, suit_after_review):
    cols = ("upheld", "corrected", "other", "pending", "total")
    out = {}
    for group, values in (("review", review), ("suit_direct", suit_direct),
                          ("suit_after_review", suit_after_review)):
        out.update({(group, c): v for c, v in zip(cols, values)})
    return out


def test_two_broken_groups_are_located_apart_each_at_its_own_total():
    # the published report: 行政复议 10/1/0/0 总计 0, 复议后起诉 5/0/0/0 总计 0
    t4 = _t4((10, 1, 0, 0, 0), (0, 0, 0, 0, 0), (5, 0, 0, 0, 0))
    result = analyse(STD, tables(consistent_values(), t4))
    comps = {tuple(r.id for r in c.violated): c for c in result.components}
    assert set(comps) == {("t4.group.review",), ("t4.group.suit_after_review",)}
    review = comps[("t4.group.review",)]
    assert review.chosen == {("t4", "review", "total"): 11} and review.evidence == "unique"
    after = comps[("t4.group.suit_after_review",)]
    # 总计 5 or 维持 0 are equally small; a total left 0 under non-zero parts decides
    assert {("t4", "suit_after_review", "upheld"): 0} in after.repairs
    assert after.chosen == {("t4", "suit_after_review", "total"): 5}
    assert after.evidence == "total_zero"
    assert result.settled == {("t4", "review", "total"): 11, ("t4", "suit_after_review", "total"): 5}


def test_table_three_and_table_four_are_independent_components():
    v = consistent_values(2)
    v[("r1", "natural")] += 3
    t4 = _t4((10, 1, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    result = analyse(STD, tables(v, t4))
    assert len(result.components) == 2
    assert {frozenset(c.chosen) for c in result.components} == {
        frozenset({("t3", "r1", "natural")}), frozenset({("t4", "review", "total")})}


def _mutated(seed: int, cells: list, delta: int = 5):
    base = consistent_values(seed)
    v = dict(base)
    for key in cells:
        v[key] = base[key] + delta
    return base, v


@pytest.mark.parametrize("cells", [
    [("r1", "natural"), ("r5_2", "legal")],
    [("r3_4", "commercial"), ("new", "other"), ("r6_1", "total")],
    [("r2", "research"), ("r4_3", "social"), ("carried_out", "natural"), ("r6_3", "other")],
    [("r1", "natural"), ("r1", "legal"), ("r4_2", "commercial"), ("carried_in", "total")],
])
def test_several_wrong_cells_in_different_places_are_the_exact_culprits(cells):
    base, v = _mutated(4, cells)
    result = analyse(STD, tables(v))
    [comp] = result.components
    assert comp.located
    assert {("t3", *k): base[k] for k in cells} in comp.repairs
    assert comp.chosen == {("t3", *k): base[k] for k in cells}


def test_more_than_four_wrong_cells_are_reported_as_not_locatable_not_guessed():
    cells = [("r1", "natural"), ("r2", "commercial"), ("r3_1", "research"),
             ("r4_1", "social"), ("r5_1", "legal")]
    _, v = _mutated(6, cells)
    result = analyse(STD, tables(v))
    [comp] = result.components
    assert not comp.located and comp.repairs == [] and comp.chosen is None
    assert len(comp.violated) == 10


def test_a_formula_cell_is_never_a_candidate():
    t4 = _t4((3, 0, 0, 0, 3), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    t4[("review", "upheld")] = 4
    data = tables(consistent_values(), t4)
    data["t4"].cells[("review", "total")].formula = True
    result = analyse(STD, data)
    [comp] = result.components
    assert all(("t4", "review", "total") not in rep for rep in comp.repairs)
    assert comp.chosen == {("t4", "review", "upheld"): 3}


def test_a_typing_slip_decides_between_equally_small_repairs():
    t4 = _t4((7, 5, 0, 0, 21), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0))   # 21 typed for 12
    result = analyse(STD, tables(consistent_values(), t4))
    [comp] = result.components
    assert len(comp.repairs) >= 2
    assert comp.chosen == {("t4", "review", "total"): 12} and comp.evidence == "typo"


def test_last_years_carried_out_decides_the_carried_in_cell():
    from core.localize import Clues

    base, v = _mutated(8, [("carried_in", "natural")], delta=2)
    # changing 上年结转 or 本年新收 of that column repairs the balance equally well... and the row
    v[("carried_in", "total")] += 2
    result = analyse(STD, tables(v))
    [comp] = result.components
    assert len(comp.repairs) >= 2 and comp.chosen is None
    clues = Clues(prior={("t3", "carried_in", "natural"): base[("carried_in", "natural")],
                         ("t3", "carried_in", "total"): base[("carried_in", "total")]})
    result = analyse(STD, tables(v), clues)
    [comp] = result.components
    assert comp.evidence == "prior"
    assert comp.chosen == {("t3", "carried_in", "natural"): base[("carried_in", "natural")],
                           ("t3", "carried_in", "total"): base[("carried_in", "total")]}


def test_prose_numbers_decide_between_equally_small_repairs():
    from core.localize import Clues

    t4 = _t4((3, 2, 0, 0, 6), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    result = analyse(STD, tables(consistent_values(), t4),
                     Clues(stated={("t4", "review", "total"): {5}}))
    [comp] = result.components
    assert comp.chosen == {("t4", "review", "total"): 5} and comp.evidence == "prose"


def test_ambiguity_without_evidence_stays_unchosen():
    t4 = _t4((3, 2, 0, 0, 6), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    result = analyse(STD, tables(consistent_values(), t4))
    [comp] = result.components
    assert comp.chosen is None and len(comp.repairs) == 5 and result.settled == {}


def test_typing_slips():
    from core.localize.evidence import is_typo

    assert is_typo("21", 12) and is_typo("105", 15) and is_typo("15", 105) and is_typo("13", 18)
    assert not is_typo("0", 5) and not is_typo("21", 30) and not is_typo("12", 12)
    assert not is_typo("", 3) and not is_typo("123", 321)


def test_a_search_that_runs_out_of_its_budget_locates_nothing_rather_than_guess(monkeypatch):
    """Four wrong cells need a search of many nodes; with too small a budget the component is
    reported as not locatable (the finding then lists the broken relations), never guessed."""
    from core.localize import solve

    cells = [("r1", "natural"), ("r1", "legal"), ("r4_2", "commercial"), ("carried_in", "total")]
    base, v = _mutated(4, cells)
    [comp] = analyse(STD, tables(v)).components
    assert comp.located and comp.chosen == {("t3", *k): base[k] for k in cells}
    monkeypatch.setattr(solve, "NODE_BUDGET", 10)
    [comp] = analyse(STD, tables(v)).components
    assert not comp.located and comp.repairs == [] and comp.chosen is None
    assert comp.violated
