"""Arithmetic of the standard tables: determine blanks, find broken relations, locate the culprits.

1. Blanks (and "/", "—", unreadable cells) are unknowns, never silently 0. Propagation through
   the relations determines what it can: a relation with one unknown fixes it; a relation whose
   unknowns all add up to 0 makes each of them 0 (values are non-negative).
2. A relation whose cells are all known and whose sum is not 0 is violated.
3. Localisation, per independent component (relations that share no cell are solved apart: the
   three 表四 groups are independent of each other and of 表三): every smallest set of cells,
   up to ``MAX_REPAIR_SIZE``, whose change to non-negative integers makes every relation of the
   component hold (``solve``). A formula cell of a spreadsheet is derived, never a candidate.
4. Between several equally small repairs, evidence decides in a fixed order (``evidence``); when
   nothing decides, the repairs stay alternatives and nothing is presented as certain.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core.localize.evidence import Clues, decide
from core.localize.solve import MAX_REPAIR_SIZE, minimal_repairs
from core.standard import Relation, Standard

CellKey = tuple[str, str, str]          # (table, row, col)

__all__ = ["analyse", "Arithmetic", "Component", "Clues", "MAX_REPAIR_SIZE", "CellKey"]


@dataclass
class Component:
    """Relations linked by shared cells, at least one of them violated."""

    relations: list[Relation]
    violated: list[Relation]
    repairs: list[dict[CellKey, int]] = field(default_factory=list)   # every minimal repair
    chosen: dict[CellKey, int] | None = None      # the repair to apply, when decided
    evidence: str | None = None                   # what decided: unique, total_zero, prose, ...
    located: bool = True                          # False: no repair of up to MAX_REPAIR_SIZE cells

    def cells(self) -> set[CellKey]:
        return {c for rel in self.relations for c in rel.cells()}


@dataclass
class Arithmetic:
    values: dict[CellKey, float]                     # every known value, determined ones included
    determined: dict[CellKey, int]                   # unknown cells the relations fixed
    undetermined: set[CellKey]                       # unknown cells left open
    violated: list[Relation]
    components: list[Component] = field(default_factory=list)

    def residual(self, rel: Relation) -> float:
        return sum(self.values[(t, r, c)] * k for t, r, c, k in rel.terms)

    @property
    def repairs(self) -> list[dict[CellKey, int]]:
        """The minimal repairs of the only broken component; with several broken components,
        the decided repairs merged into one (or none when one of them is undecided)."""
        if len(self.components) == 1:
            return self.components[0].repairs
        if self.components and all(c.chosen for c in self.components):
            return [self.settled]
        return []

    @property
    def settled(self) -> dict[CellKey, int]:
        """Every decided repair, merged: what the tables mean once the located cells are fixed."""
        out: dict[CellKey, int] = {}
        for comp in self.components:
            out.update(comp.chosen or {})
        return out

    def component_of(self, cell: CellKey) -> Component | None:
        return next((c for c in self.components if cell in c.cells()), None)


def table_values(tables) -> tuple[dict[CellKey, float], set[CellKey]]:
    values: dict[CellKey, float] = {}
    unknown: set[CellKey] = set()
    for tkey, data in tables.items():
        for (row, col), cell in data.cells.items():
            if cell.value is not None:
                values[(tkey, row, col)] = cell.value
            else:
                unknown.add((tkey, row, col))
    return values, unknown


def formula_cells(tables) -> set[CellKey]:
    return {(t, r, c) for t, data in tables.items() for (r, c), cell in data.cells.items()
            if getattr(cell, "formula", False)}


def written(tables) -> dict[CellKey, str]:
    return {(t, r, c): cell.raw for t, data in tables.items()
            for (r, c), cell in data.cells.items()}


def analyse(std: Standard, tables, clues: Clues | None = None) -> Arithmetic:
    values, unknown = table_values(tables)
    relations = [r for r in std.relations if tables[r.table].found]
    for rel in relations:        # a missing row: its cells are unknown too
        for cell in rel.cells():
            if cell not in values:
                unknown.add(cell)
    determined = propagate(relations, values, unknown)
    violated = [rel for rel in relations
                if not any(c in unknown for c in rel.cells()) and _residual(rel, values) != 0]
    result = Arithmetic(values, determined, unknown, violated)
    if violated:
        clues = clues or Clues()
        clues.written = {**written(tables), **clues.written}
        active = [r for r in relations if not any(c in unknown for c in r.cells())]
        derived = formula_cells(tables) | clues.derived
        for group in components(active):
            broken = [r for r in group if r in violated]
            if not broken:
                continue
            comp = Component(group, broken)
            inputs = substitute(group, derived, values)
            candidates = {c for rel in inputs for c in rel.cells()} - set(determined) - derived
            comp.repairs, comp.located = minimal_repairs(inputs, values, candidates)
            comp.chosen, comp.evidence = decide(comp.repairs, group, values, clues)
            result.components.append(comp)
    return result


def substitute(relations: list[Relation], derived: set, values: dict) -> list[Relation]:
    """The relations over input cells only: a formula cell (a spreadsheet's total) follows its
    inputs, so the relation that defines it (its own, which the sheet keeps true) is dropped and
    the cell is replaced by its inputs wherever else it appears. A formula cell whose own
    relation does not hold (a formula other than the standard's) stays as a fixed value."""
    rels = list(relations)
    for _ in range(len(derived) + 1):
        defining = None
        for rel in rels:
            cell = (rel.table, *rel.anchor)
            if cell in derived and cell in rel.cells() and _residual(rel, values) == 0:
                defining = rel
                break
        if defining is None:
            return rels
        cell = (defining.table, *defining.anchor)
        own = next(k for t, r, c, k in defining.terms if (t, r, c) == cell)
        parts = [(t, r, c, -k / own) for t, r, c, k in defining.terms if (t, r, c) != cell]
        out = []
        for rel in rels:
            if rel is defining:
                continue
            coef = sum(k for t, r, c, k in rel.terms if (t, r, c) == cell)
            if not coef:
                out.append(rel)
                continue
            merged: dict = {}
            for t, r, c, k in rel.terms:
                if (t, r, c) != cell:
                    merged[(t, r, c)] = merged.get((t, r, c), 0) + k
            for t, r, c, k in parts:
                merged[(t, r, c)] = merged.get((t, r, c), 0) + coef * k
            terms = tuple((t, r, c, int(k) if float(k).is_integer() else k)
                          for (t, r, c), k in merged.items() if k)
            out.append(Relation(rel.id, rel.kind, rel.table, rel.anchor, terms))
        rels = out
    return rels


def components(relations: list[Relation]) -> list[list[Relation]]:
    """Relations grouped by shared cells (union-find), each group in the standard's order."""
    parent = list(range(len(relations)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    owner: dict = {}
    for i, rel in enumerate(relations):
        for cell in rel.cells():
            if cell in owner:
                parent[find(i)] = find(owner[cell])
            else:
                owner[cell] = i
    groups: dict = {}
    for i, rel in enumerate(relations):
        groups.setdefault(find(i), []).append(rel)
    return list(groups.values())


def _residual(rel: Relation, values: dict) -> float:
    return sum(values[(t, r, c)] * k for t, r, c, k in rel.terms)


def propagate(relations: list[Relation], values: dict, unknown: set) -> dict[CellKey, int]:
    determined: dict[CellKey, int] = {}
    changed = True
    while changed:
        changed = False
        for rel in relations:
            open_terms = [(tuple(t[:3]), t[3]) for t in rel.terms if tuple(t[:3]) in unknown]
            if not open_terms:
                continue
            known = sum(values[tuple(t[:3])] * t[3] for t in rel.terms if tuple(t[:3]) not in unknown)
            if len(open_terms) == 1:
                cell, coef = open_terms[0]
                value = -known / coef
                if value >= 0 and float(value).is_integer():
                    _fix(cell, int(value), values, unknown, determined)
                    changed = True
            elif known == 0 and len({k > 0 for _, k in open_terms}) == 1:
                for cell, _ in open_terms:
                    _fix(cell, 0, values, unknown, determined)
                changed = True
    return determined


def _fix(cell, value, values, unknown, determined):
    values[cell] = value
    unknown.discard(cell)
    determined[cell] = value
