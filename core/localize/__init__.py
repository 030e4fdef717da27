"""Arithmetic of the standard tables: determine blanks, find broken relations, locate the culprits.

1. Blanks (and "/", "—", unreadable cells) are unknowns, never silently 0. Propagation through
   the relations determines what it can: a relation with one unknown fixes it; a relation whose
   unknowns all add up to 0 makes each of them 0 (values are non-negative).
2. A relation whose cells are all known and whose sum is not 0 is violated.
3. Localisation: the smallest set of known cells whose change (to non-negative integers) makes
   every relation hold. A cell that breaks both its row and its column is found as one change.
   Several minimal repairs: all are returned, and callers mark the finding ambiguous.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from core.standard import Relation, Standard

CellKey = tuple[str, str, str]          # (table, row, col)
MAX_REPAIR_SIZE = 3
MAX_CANDIDATES_FOR_TRIPLES = 40


@dataclass
class Arithmetic:
    values: dict[CellKey, float]                     # every known value, determined ones included
    determined: dict[CellKey, int]                   # unknown cells the relations fixed
    undetermined: set[CellKey]                       # unknown cells left open
    violated: list[Relation]
    repairs: list[dict[CellKey, int]] = field(default_factory=list)   # minimal repairs

    def residual(self, rel: Relation) -> float:
        return sum(self.values[(t, r, c)] * k for t, r, c, k in rel.terms)


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


def analyse(std: Standard, tables) -> Arithmetic:
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
        result.repairs = minimal_repairs(relations, values, unknown, set(determined), violated)
    return result


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


def minimal_repairs(relations, values, unknown, determined, violated) -> list[dict[CellKey, int]]:
    active = [r for r in relations if not any(c in unknown for c in r.cells())]
    candidates = sorted({c for r in violated for c in r.cells() if c not in determined})
    for size in range(1, MAX_REPAIR_SIZE + 1):
        if size == 3 and len(candidates) > MAX_CANDIDATES_FOR_TRIPLES:
            break
        found = []
        for subset in combinations(candidates, size):
            subset_set = set(subset)
            if not all(subset_set & set(r.cells()) for r in violated):
                continue
            repair = _solve(subset, active, values)
            if repair is not None:
                found.append(repair)
        if found:
            # totals first: when a group's parts and its total disagree, correcting the total
            # is the conventional reading (still offered only for confirmation)
            anchors = {(r.table, *r.anchor) for r in relations}
            return sorted(found, key=lambda rep: sum(c not in anchors for c in rep))
    return []


def _solve(cells: tuple[CellKey, ...], relations: list[Relation], values) -> dict[CellKey, int] | None:
    """The unique change of ``cells`` that makes every relation hold, or None."""
    index = {c: i for i, c in enumerate(cells)}
    rows = []
    for rel in relations:
        coefs = [Fraction(0)] * len(cells)
        touched = False
        residual = Fraction(0)
        for t, r, c, k in rel.terms:
            key = (t, r, c)
            residual += Fraction(values[key]).limit_denominator() * k
            if key in index:
                coefs[index[key]] += k
                touched = True
        if not touched:
            if residual != 0:
                return None
            continue
        rows.append(coefs + [-residual])
    solution = _eliminate(rows, len(cells))
    if solution is None:
        return None
    repair = {}
    for cell, delta in zip(cells, solution):
        new = Fraction(values[cell]).limit_denominator() + delta
        if delta == 0 or new < 0 or new.denominator != 1:
            return None
        repair[cell] = int(new)
    return repair


def _eliminate(rows: list[list[Fraction]], n: int) -> list[Fraction] | None:
    """Gauss-Jordan; None when inconsistent or not uniquely determined."""
    rows = [r[:] for r in rows]
    pivot_row = 0
    pivots = []
    for col in range(n):
        pick = next((i for i in range(pivot_row, len(rows)) if rows[i][col] != 0), None)
        if pick is None:
            return None         # a free variable: not unique
        rows[pivot_row], rows[pick] = rows[pick], rows[pivot_row]
        p = rows[pivot_row][col]
        rows[pivot_row] = [v / p for v in rows[pivot_row]]
        for i in range(len(rows)):
            if i != pivot_row and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[pivot_row])]
        pivots.append(pivot_row)
        pivot_row += 1
    for r in rows[pivot_row:]:
        if r[n] != 0:
            return None
    return [rows[i][n] for i in range(n)]
