"""Evidence that decides between equally small repairs of one component, in a fixed order.

1. ``total_zero``: the repair changes only totals that were written 0 (or left blank) while the
   parts they sum are not all 0 — a total left unfilled.
2. ``prose``: the repaired values agree with numbers stated in the report's text ("行政复议11件").
3. ``prior``: the repaired 上年结转 agrees with last year's 结转下年度 (when last year's report
   is given).
4. ``typo``: every changed cell's new value is a typing slip of what was written: one digit
   differs (in a number of two digits or more), two adjacent digits swapped, one digit missing
   or extra.

The first kind of evidence that singles out exactly one repair decides; when none does, the
repairs stay alternatives for a person to choose. A unique minimal repair needs no evidence
(``unique``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ORDER = ("total_zero", "prose", "prior", "typo")


@dataclass
class Clues:
    """What the evidence may look at, keyed by (table, row, col)."""

    written: dict = field(default_factory=dict)     # the raw text of each cell
    stated: dict = field(default_factory=dict)      # prose: cell -> set of stated numbers
    prior: dict = field(default_factory=dict)       # last year's value a cell must equal
    derived: set = field(default_factory=set)       # formula cells: never candidates


def decide(repairs: list[dict], relations, values: dict, clues: Clues) -> tuple[dict | None, str | None]:
    """(the repair chosen, the evidence) or (None, None) when nothing decides."""
    if len(repairs) == 1:
        return repairs[0], "unique"
    if not repairs:
        return None, None
    tests = {"total_zero": lambda rep: _total_left_zero(rep, relations, values),
             "prose": None, "prior": None,
             "typo": lambda rep: all(is_typo(clues.written.get(c, ""), v) for c, v in rep.items())}
    for kind in ORDER:
        if kind == "prose":
            chosen = _best_agreement(repairs, values, clues.stated)
        elif kind == "prior":
            chosen = _best_agreement(repairs, values, {c: {v} for c, v in clues.prior.items()})
        else:
            passing = [rep for rep in repairs if tests[kind](rep)]
            chosen = passing[0] if len(passing) == 1 else None
        if chosen is not None:
            return chosen, kind
    return None, None


def _total_left_zero(repair: dict, relations, values: dict) -> bool:
    for cell in repair:
        own = [rel for rel in relations if (rel.table, *rel.anchor) == cell]
        if not own or values.get(cell) not in (0, None):
            return False
        if not any(values.get(c) for rel in own for c in rel.cells() if c != cell):
            return False
    return True


def _best_agreement(repairs: list[dict], values: dict, stated: dict) -> dict | None:
    """The one repair under which the most stated cells hold a stated value, when it is the
    only one with that many and at least one agrees."""
    if not stated:
        return None
    scores = []
    for rep in repairs:
        after = lambda c: rep.get(c, values.get(c))     # noqa: E731
        scores.append(sum(after(c) in wanted for c, wanted in stated.items()))
    best = max(scores)
    if best == 0 or scores.count(best) != 1:
        return None
    return repairs[scores.index(best)]


def is_typo(written: str, value: int) -> bool:
    """``value`` differs from the digits ``written`` by one typing slip."""
    a = re.sub(r"\D", "", written or "")
    b = str(value)
    if not a or a == b:
        return False
    if len(a) == len(b):
        if len(a) < 2:          # 0 -> 5 is any change of a one-digit number, not a slip
            return False
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                and a[diff[1]] == b[diff[0]])
    if abs(len(a) - len(b)) == 1:
        long, short = (a, b) if len(a) > len(b) else (b, a)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    return False
