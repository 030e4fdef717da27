"""Split digits glued together by a copy from a web page ('12070100128' -> 120·7·0·1·0·0·128).

A split is accepted only when the table's own relations leave exactly one consistent choice;
otherwise the row is marked unreadable with the candidate splits, never guessed.
"""
from __future__ import annotations

from itertools import product

from core.report import CellValue, RecognitionNote
from core.standard import with_single_r6

MAX_PART_DIGITS = 6
MAX_COMBINATIONS = 50_000
MAX_BROKEN_SPLITS = 500     # splits of the one row no split of which keeps its own total


def compositions(digits: str, parts: int):
    """Every way to cut ``digits`` into ``parts`` numbers without leading zeros. A space in
    ``digits`` is a cut the text itself shows ("230 000023": 23·0 | 0·0·0·0·23 is not possible,
    the space must fall between two numbers); cuts without a space are allowed too."""
    if " " in digits:
        tokens = digits.split()
        forced = set()
        pos = 0
        for t in tokens[:-1]:
            pos += len(t)
            forced.add(pos)
        for cand in _compositions("".join(tokens), parts):
            cuts = set()
            pos = 0
            for v in cand[:-1]:
                pos += len(str(v))
                cuts.add(pos)
            if forced <= cuts:
                yield cand
        return
    yield from _compositions(digits, parts)


def _compositions(digits: str, parts: int):
    if parts == 1:
        if len(digits) <= MAX_PART_DIGITS and (digits == "0" or not digits.startswith("0")):
            yield [int(digits)]
        return
    if not digits:
        return
    max_len = 1 if digits[0] == "0" else MAX_PART_DIGITS
    for k in range(1, min(max_len, len(digits) - parts + 1) + 1):
        head = int(digits[:k])
        for rest in _compositions(digits[k:], parts - 1):
            yield [head] + rest


def _t2_rank(cols, values) -> tuple:
    """Most plausible first (表二 has no relation to decide): 现行有效 at least 本年制发 (what was
    made this year is in force unless repealed), then numbers of like length."""
    by = dict(zip(cols, values))
    implausible = "valid" in by and "made" in by and by["valid"] < by["made"]
    lengths = [len(str(v)) for v in values]
    return (implausible, max(lengths) - min(lengths), max(lengths))


def _row_consistent(values: list[int]) -> bool:
    """表三: the last column is the sum of the six before it."""
    return sum(values[:-1]) == values[-1]


def _t4_consistent(values: list[int]) -> bool:
    return all(sum(values[g:g + 4]) == values[g + 4] for g in (0, 5, 10))


def split_glued_rows(std, scan, glued):
    t3_rows = [(row, digits, src) for table, row, digits, src in glued if table == "t3"]
    for table, row, digits, src in glued:
        if table == "t2":
            cols = next(r.cols for r in std.t2_rows if r.key == row)
            cands = sorted(compositions(digits, len(cols)), key=lambda c: _t2_rank(cols, c))
            _assign(scan, "t2", row, cols, digits, src, cands)
        elif table == "t4":
            keys = [(g.key, c.key) for g in std.t4_groups for c in std.t4_cols]
            cands = [c for c in compositions(digits, len(keys)) if _t4_consistent(c)]
            _assign_t4(scan, keys, digits, src, cands)
    if t3_rows:
        _split_t3(std, scan, t3_rows)


def _assign(scan, table, row, cols, digits, src, cands, relation_checked=False):
    data = scan.tables[table]
    if len(cands) == 1:
        for col, v in zip(cols, cands[0]):
            data.cells[(row, col)] = CellValue(digits, "number", v, src, derived=True, placed_by="glued")
        scan.notes.append(RecognitionNote("glued_split", table, row, digits, src,
                                          {"values": cands[0], "checked": relation_checked}))
        return
    for col in cols:
        data.cells[(row, col)] = CellValue(digits, "unreadable", None, src)
    scan.notes.append(RecognitionNote("unreadable_row", table, row, digits, src,
                                      {"candidates": cands[:6], "count": len(cands)}))


def _assign_t4(scan, keys, digits, src, cands):
    data = scan.tables["t4"]
    data.row_sources.pop("*", None)
    for k in keys:
        data.row_sources[k[0]] = src
    if len(cands) == 1:
        for k, v in zip(keys, cands[0]):
            data.cells[k] = CellValue(digits, "number", v, src, derived=True, placed_by="glued")
        scan.notes.append(RecognitionNote("glued_split", "t4", None, digits, src,
                                          {"values": cands[0], "checked": True}))
    else:
        for k in keys:
            data.cells[k] = CellValue(digits, "unreadable", None, src)
        scan.notes.append(RecognitionNote("unreadable_row", "t4", None, digits, src,
                                          {"candidates": cands[:6], "count": len(cands)}))


def _split_t3(std, scan, rows):
    """The joint search: each row's splits that keep its own total, then the one combination
    of rows that every column relation accepts. When no combination keeps every relation (the
    report's own numbers are wrong somewhere), the combination that breaks the fewest, if only
    one does. A row no split of which keeps its own total stays unread (its digits are wrong)
    and does not stop the others from being split: when it is the only one, all its splits
    take part in the search (to choose the others' splits), none is read as its value."""
    present = {r for r, _, _ in rows} | set(scan.tables["t3"].row_sources)
    if "r6" in present and not present & {"r6_1", "r6_2", "r6_3"}:
        std = with_single_r6()       # the 2019 single row （六）其他处理 stands for its three
    cols = [c.key for c in std.t3_cols]
    cands = {row: [c for c in compositions(digits, len(cols)) if _row_consistent(c)]
             for row, digits, _ in rows}
    search = {r: cands[r] for r, _, _ in rows if cands[r]}
    broken = [(r, list(compositions(d, len(cols)))) for r, d, _ in rows if not cands[r]]
    if len(broken) == 1 and 0 < len(broken[0][1]) <= MAX_BROKEN_SPLITS:
        search[broken[0][0]] = broken[0][1]      # helps choose the others; stays unread itself
    names = list(search)
    chosen: dict[str, list[int]] = {}
    total = 1
    for r in names:
        total *= len(search[r])
    if names and total <= MAX_COMBINATIONS:
        varying = {r for r in names if len(search[r]) > 1}
        relations = [rel for rel in std.relations if rel.table == "t3"
                     and any(r in varying for _, r, _, _ in rel.terms)]
        best, best_count = None, 0
        for combo in product(*(search[r] for r in names)):
            trial = dict(zip(names, combo))
            n = _t3_broken(scan, cols, relations, trial)
            if best is None or n < best:
                best, best_count, chosen = n, 1, trial
            elif n == best:
                best_count += 1
                if best == 0:
                    break
        if best_count != 1:
            chosen = {}
    for row, digits, src in rows:
        if row in chosen and cands[row]:
            _assign(scan, "t3", row, cols, digits, src, [chosen[row]], relation_checked=True)
        else:
            _assign(scan, "t3", row, cols, digits, src, cands[row])


def _t3_broken(scan, cols, relations, trial: dict[str, list[int]]) -> int:
    """How many of ``relations`` the rows of ``trial`` (with the table's other cells) break."""
    data = scan.tables["t3"]
    count = 0
    for rel in relations:
        total = 0
        for _, r, c, coef in rel.terms:
            if r in trial:
                v = trial[r][cols.index(c)]
            else:
                cell = data.cells.get((r, c))
                v = cell.value if cell is not None else None
            if v is None:
                break
            total += v * coef
        else:
            count += total != 0
    return count
