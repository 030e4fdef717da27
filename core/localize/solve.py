"""Exact minimal repairs of one component of relations.

A repair is a set of cells and new values (non-negative integers) that makes every relation of
the component hold. The search finds every repair of the smallest size up to ``MAX_REPAIR_SIZE``
changed cells, exactly:

- every violated relation must contain a changed cell, so the search branches on the cells of
  the uncovered violated relation with the fewest candidates;
- once every violated relation is covered, a further cell of a minimal repair shares a relation
  with a chosen one (a group of changed cells that touches no violated relation could be dropped,
  and the repair would not be minimal), so the search branches on those neighbours only;
- a chosen set is a repair when the linear system of the relations it touches has one solution
  (exact fractions) and every new value is a non-negative integer different from the old one.

Sizes are tried in increasing order, so the first size with a repair is the minimum. A node budget
keeps pathological inputs bounded: when it runs out the component is reported as too broken to
locate, never with a guess.
"""
from __future__ import annotations

from fractions import Fraction

MAX_REPAIR_SIZE = 4
MAX_REPAIRS = 60          # distinct minimal repairs kept per component
# search nodes per component, all sizes together: 1,210 at most for 1-7 random wrong cells of
# 表三 (bench/bench_localize.py's cases), 10,695 for the worst fuzzed report; at about 85 µs a
# node the budget bounds a pathological table to about 4 s, then "too broken to locate"
NODE_BUDGET = 50_000


class Problem:
    """One component: its relations as {cell: coefficient} with the residual of each."""

    def __init__(self, relations, values: dict, candidates: set):
        self.rels = [dict() for _ in relations]
        for i, rel in enumerate(relations):
            for t, r, c, k in rel.terms:
                key = (t, r, c)
                self.rels[i][key] = self.rels[i].get(key, 0) + k
        self.values = {c: _frac(values[c]) for rel in self.rels for c in rel}
        self.residual = [sum(k * self.values[c] for c, k in rel.items()) for rel in self.rels]
        self.violated = [i for i, res in enumerate(self.residual) if res != 0]
        self.candidates = candidates
        self.rels_of: dict = {}
        for i, rel in enumerate(self.rels):
            for c in rel:
                if c in candidates:
                    self.rels_of.setdefault(c, []).append(i)
        # the change a relation asks of a cell when that cell is the only one changed in it
        self.implied = {(c, i): _ratio(-self.residual[i], self.rels[i][c])
                        for c, rels in self.rels_of.items() for i in rels}
        self.cover = [frozenset(c for c in rel if c in candidates) for rel in self.rels]
        self.nodes = 0

    def invalid_for(self, cell, delta) -> bool:
        new = self.values[cell] + delta
        return delta == 0 or new < 0 or (not isinstance(new, int) and new.denominator != 1)


def minimal_repairs(relations, values: dict, candidates: set,
                    max_size: int = MAX_REPAIR_SIZE) -> tuple[list[dict], bool]:
    """(every minimal repair, True) or ([], False) when none of up to ``max_size`` cells exists
    or the search budget ran out."""
    p = Problem(relations, values, candidates)
    if not p.violated:
        return [], True
    for size in range(1, max_size + 1):
        found: list[dict] = []
        seen: set = set()
        try:
            _search(p, (), size, seen, found)
        except _Budget:
            return [], False
        if found:
            found.sort(key=lambda rep: sorted(rep))
            return found[:MAX_REPAIRS], True
    return [], False


class _Budget(Exception):
    pass


def _search(p: Problem, chosen: tuple, size: int, seen: set, found: list) -> None:
    p.nodes += 1
    if p.nodes > NODE_BUDGET:
        raise _Budget
    must = _needs(p, chosen)
    left = size - len(chosen)
    if _packing(must) > left:
        return
    if left == 0:
        if not must and len(found) < MAX_REPAIRS:
            repair = solve(p, chosen)
            if repair is not None:
                found.append(repair)
        return
    if must and left == 1:          # the last cell must meet every need at once
        branch = sorted(frozenset.intersection(*must))
    elif must:
        branch = sorted(min(must, key=len))
    else:
        touched = {i for c in chosen for i in p.rels_of[c]}
        branch = sorted({c for i in touched for c in p.rels[i]
                         if c in p.candidates and c not in chosen})
    for cell in branch:
        nxt = tuple(sorted(chosen + (cell,)))
        if nxt in seen:
            continue
        seen.add(nxt)
        _search(p, nxt, size, seen, found)


def _needs(p: Problem, chosen: tuple) -> list[frozenset]:
    """Sets of cells each of which any repair containing ``chosen`` must hit.

    Every violated relation no chosen cell lies in needs one of its cells. A relation in which
    exactly one chosen cell lies fixes that cell's change; when two such relations ask different
    changes of the same cell, or the change gives a negative or fractional value or no change at
    all, a further cell must lie in one of those relations.
    """
    count: dict = {}
    for c in chosen:
        for i in p.rels_of[c]:
            count[i] = count.get(i, 0) + 1
    must = [p.cover[i] - set(chosen) for i in p.violated if i not in count]
    for c in chosen:
        solo = [i for i in p.rels_of[c] if count[i] == 1]
        wanted = {p.implied[(c, i)] for i in solo}
        if not wanted or (len(wanted) == 1 and not p.invalid_for(c, next(iter(wanted)))):
            continue
        must.append(frozenset().union(*(p.cover[i] for i in solo)) - set(chosen))
    return must


def _packing(sets: list) -> int:
    """How many of ``sets`` are pairwise disjoint (greedy, smallest first): each needs a cell of
    its own, a lower bound on the cells still to choose."""
    used: set = set()
    n = 0
    for cells in sorted(sets, key=len):
        if not cells:
            return 10 ** 6         # a need nothing can meet
        if not cells & used:
            used |= cells
            n += 1
    return n


def solve(p: Problem, cells: tuple) -> dict | None:
    """The unique change of ``cells`` that makes every relation hold, or None."""
    index = {c: n for n, c in enumerate(cells)}
    rows = []
    for i in {i for c in cells for i in p.rels_of[c]}:
        coefs = [Fraction(0)] * len(cells)
        for c, k in p.rels[i].items():
            if c in index:
                coefs[index[c]] += k
        rows.append(coefs + [Fraction(-p.residual[i])])
    solution = eliminate(rows, len(cells))
    if solution is None:
        return None
    repair = {}
    for cell, delta in zip(cells, solution):
        new = Fraction(p.values[cell]) + delta
        if delta == 0 or new < 0 or new.denominator != 1:
            return None
        repair[cell] = int(new)
    return repair


def eliminate(rows: list[list[Fraction]], n: int) -> list[Fraction] | None:
    """Gauss-Jordan; None when inconsistent or not uniquely determined."""
    rows = [r[:] for r in rows]
    pivot_row = 0
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
        pivot_row += 1
    for r in rows[pivot_row:]:
        if r[n] != 0:
            return None
    return [rows[i][n] for i in range(n)]


def _frac(v):
    """Integers stay int (fast); other numbers become exact fractions."""
    if isinstance(v, float):
        return int(v) if v.is_integer() else Fraction(v).limit_denominator()
    return v


def _ratio(a, b):
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b
    return Fraction(a) / b
