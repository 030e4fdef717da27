"""Measure the checker on the real published reports of tests/fixtures/real against their truth.

    python tools/real_reports.py              # a table per file on the console
    python tools/real_reports.py --write-docs # also docs/real-reports.md
    python tools/real_reports.py -v FILE      # the differences of one file

For each file: the cells read right (every cell a careful reviewer reads, by the spec's keys), the
reviewer's defects found at their place with their severity, and the errors reported that the
reviewer does not list (false or overstated). tests/test_real_reports.py asserts the same.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import api  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "real"
T3_COLS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T2_SINGLE = {"licensing": "count", "punishment": "count", "coercion": "count", "fees": "amount"}


def truth() -> list[dict]:
    return json.loads((REAL / "truth.json").read_text(encoding="utf-8"))


def truth_cells(entry: dict) -> dict[tuple[str, str, str], object]:
    """(table, row, col) -> the value a person reads (None for a blank cell)."""
    out: dict = {}
    tables = entry["tables"]
    for row, values in tables.get("t3", {}).items():
        for col, v in zip(T3_COLS, values):
            out[("t3", row, col)] = v
    for group, values in tables.get("t4", {}).items():
        for col, v in zip(T4_COLS, values):
            out[("t4", group, col)] = v
    for row, v in tables.get("t2", {}).items():
        if isinstance(v, dict):
            for col, x in v.items():
                out[("t2", row, col)] = x
        else:
            out[("t2", row, T2_SINGLE[row])] = v
    return out


def read_cells(result) -> dict[tuple[str, str, str], object]:
    out = {}
    for table, data in result.report.tables.items():
        for (row, col), cell in data.cells.items():
            out[(table, row, col)] = cell.value
    return out


def _col_range(spec: str) -> set[str] | None:
    if spec == "*":
        return None
    if ".." in spec:
        a, b = spec.split("..")
        for cols in (T3_COLS, T4_COLS):
            if a in cols and b in cols:
                return set(cols[cols.index(a):cols.index(b) + 1])
    return {spec}


def matches(defect: dict, finding) -> bool:
    """Whether ``finding`` reports ``defect`` at its place (``where`` in the spec's keys)."""
    where = defect["where"].split("/")
    loc = finding.location
    if where[0] == "title":
        return finding.rule.startswith("M-TITLE")
    if where[0] == "sections":
        if len(where) == 1:
            return loc.table is None and finding.rule.startswith(("SEC-", "S1-", "S"))
        return loc.section == f"S{where[1]}" and loc.table is None
    table = where[0]
    if loc.table != table:
        return False
    if len(where) == 1:
        return True
    row = where[1]
    if row != "*" and loc.row is not None and loc.row != row:
        return False
    if row != "*" and loc.row is None and not _lists(finding, table, {row}, None):
        return False
    if len(where) < 3:
        return True
    cols = _col_range(where[2])
    if cols is not None and loc.col is not None and loc.col not in cols:
        return False
    if cols is not None and loc.col is None and not _lists(finding, table, None, cols):
        return False
    return True


def _lists(finding, table, rows, cols) -> bool:
    """A finding about several cells lists them in ``found`` / ``expected`` as cell keys."""
    cells = (finding.expected or {}).get("cells") if isinstance(finding.expected, dict) else None
    if not cells:
        return rows is None and cols is None
    return any((rows is None or c["row"] in rows) and (cols is None or c["col"] in cols)
               for c in cells)


@dataclass
class Score:
    file: str
    cells: int = 0
    cells_right: int = 0
    wrong_cells: list = field(default_factory=list)
    defects: int = 0
    found: int = 0
    missed: list = field(default_factory=list)
    false_errors: list = field(default_factory=list)
    status: str = "checked"
    year: int | None = None          # the report year read (title, period or opening prose)
    agency: str = ""
    # warnings and hints the reviewer does not list: not all wrong (many are format facts the
    # reviewer did not write down), but each is something a person has to read
    unlisted: dict = field(default_factory=lambda: {"warning": 0, "info": 0})


def score(entry: dict) -> Score:
    s = Score(entry["file"])
    result = api.check(REAL / entry["file"])
    if result.status != "checked":
        s.status = result.refusal.code
        return s
    s.year, s.agency = result.report.meta.year, result.report.meta.agency
    want = truth_cells(entry)
    got = read_cells(result)
    s.cells = len(want)
    for key, v in want.items():
        g = got.get(key)
        if g == v or (v is not None and g is not None and float(g) == float(v)):
            s.cells_right += 1
        else:
            s.wrong_cells.append((key, v, g))
    s.defects = len(entry["defects"])
    used = set()
    for d in entry["defects"]:
        hit = next((i for i, f in enumerate(result.findings)
                    if f.severity == d["severity"] and matches(d, f)), None)
        if hit is None:
            s.missed.append(d)
        else:
            s.found += 1
            used.add(hit)
    errors_allowed = [d for d in entry["defects"] if d["severity"] == "error"]
    for f in result.findings:
        if not entry["complete"] and f.rule == "DOC-TRUNCATED":
            continue        # the page is cut off: saying so once is what the reviewer expects
        if f.severity == "error" and not any(matches(d, f) for d in errors_allowed):
            s.false_errors.append(f)
        elif f.severity in s.unlisted and not any(matches(d, f) for d in entry["defects"]):
            s.unlisted[f.severity] += 1
    return s


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args(argv)
    entries = [e for e in truth() if not args.files or e["file"] in args.files
               or any(a in e["file"] for a in args.files)]
    rows = []
    totals = Score("合计")
    for e in entries:
        s = score(e)
        rows.append(s)
        for k in ("cells", "cells_right", "defects", "found"):
            setattr(totals, k, getattr(totals, k) + getattr(s, k))
        totals.false_errors += s.false_errors
        for k in totals.unlisted:
            totals.unlisted[k] += s.unlisted[k]
        print(f"{s.file:42} cells {s.cells_right:3}/{s.cells:3}  defects {s.found}/{s.defects}"
              f"  false errors {len(s.false_errors)}  unlisted {s.unlisted['warning']}w/"
              f"{s.unlisted['info']}i  {'' if s.status == 'checked' else s.status}")
        if args.verbose:
            for key, v, g in s.wrong_cells:
                print(f"    cell {'/'.join(key)}: truth {v!r} read {g!r}")
            for d in s.missed:
                print(f"    missed [{d['severity']}] {d['where']}: {d['detail']}")
            for f in s.false_errors:
                loc = f.location
                print(f"    false error {f.rule} {loc.table}/{loc.row}/{loc.col}: {f.message}")
    print(f"{'合计':42} cells {totals.cells_right}/{totals.cells}  defects "
          f"{totals.found}/{totals.defects}  false errors {len(totals.false_errors)}  unlisted "
          f"{totals.unlisted['warning']}w/{totals.unlisted['info']}i")
    if args.write_docs:
        write_docs(rows, totals)
    return 0


def write_docs(rows: list[Score], totals: Score) -> None:
    lines = ["# The checker on real published reports", "",
             "Measured by `python tools/real_reports.py --write-docs` on the twelve real reports of",
             "`tests/fixtures/real/` (WPS/Word PDFs, a saved web page, crawler text, converted",
             "markdown) against `truth.json`, what a careful reviewer finds cell by cell.",
             "`tests/test_real_reports.py` asserts the same numbers.", "",
             "The last column counts the warnings and hints the reviewer does not list. Not all are",
             "wrong (the format asks 一、总体情况 to cover five topics, a people's government to report",
             "工作考核、社会评议和责任追究结果, which the reviewer did not write down), but each is one",
             "more thing a person reads; it is kept low by saying one cause once.", "",
             "| file | cells read right | reviewer's defects found | errors the reviewer does not list "
             "| warnings / hints not listed |",
             "|---|---|---|---|---|"]
    for s in rows + [totals]:
        lines.append(f"| {s.file} | {s.cells_right} / {s.cells} | {s.found} / {s.defects} | "
                     f"{len(s.false_errors)} | {s.unlisted['warning']} / {s.unlisted['info']} |")
    lines.append("")
    (ROOT / "docs" / "real-reports.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
