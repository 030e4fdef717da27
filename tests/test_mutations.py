"""Mutation tests: a correct report in every layout, one injected error, exactly that finding at
exactly that place, with the right fix.

The same content is rendered by tests/builder.py as DOCX (official merged headers, a flattened
single label column, 表三 split in two tables), TXT (tab-separated, one value per line,
markdown), XLSX (one sheet per table, all on one sheet) and HTML (rowspan/colspan), so every
reader and every recognition path is exercised by every rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest

from core.api import check
from tests.builder import EXTENSIONS, LAYOUTS, correct_content, write

SIGNIFICANT = ("error", "warning")


@dataclass
class Mutation:
    name: str
    apply: Callable            # content -> None (mutates in place)
    rule: str
    where: tuple               # (section, table, row, col) as in the JSON location
    fix: object = None         # expected fix value (None: not checked)
    certainty: str = "certain"
    also: tuple = ()           # further findings the same injected error must produce


def _set(key, value):
    def apply(c):
        c.values[key] = value
    return apply


def _bump(key, delta):
    def apply(c):
        c.values[key] = str(int(c.values[key]) + delta)
    return apply


def _base():
    return correct_content(seed=11)


BASE = _base()
V = BASE.values


def _nonzero_cell(rows, col="natural"):
    return next(r for r in rows if int(V[("t3", r, col)]) > 0)


INTERIOR = ("t3", _nonzero_cell(["r4_1", "r1", "r5_1", "r6_1"]), "natural")


def _drop_section(key):
    def apply(c):
        del c.sections[key]
    return apply


def _rename(key, text):
    def apply(c):
        c.headings[key] = text
    return apply


def _prose_new_count(c):
    new = int(c.values[("t3", "new", "total")])
    paras = c.sections["S1"]
    for i, p in enumerate(paras):
        if "新收政府信息公开申请" in p:
            paras[i] = re.sub(r"新收政府信息公开申请\s*\d+\s*件", f"新收政府信息公开申请{new + 5}件", p)
            return
    raise AssertionError("builder prose has no 新收 sentence")


def _replace_in(section, old, new):
    def apply(c):
        paras = c.sections[section]
        hits = [i for i, p in enumerate(paras) if old in p]
        assert hits, f"builder prose has no {old!r}"
        paras[hits[0]] = paras[hits[0]].replace(old, new, 1)
    return apply


def _add_sentence(section, text):
    def apply(c):
        c.sections[section].append(text)
    return apply


def _period(c):
    c.intro = c.intro.replace("12月31日", "11月30日")


def _fee(c):
    c.sections["S6"] = ["本年度无其他需要报告的事项，特此说明。"]


MUTATIONS = [
    Mutation("interior cell breaks its row and its column", _bump(INTERIOR, 3), "T3-ROW-SUM",
             ("S3", *INTERIOR), int(V[INTERIOR])),
    Mutation("row total", _bump(("t3", "r1", "total"), 2), "T3-ROW-SUM",
             ("S3", "t3", "r1", "total"), int(V[("t3", "r1", "total")])),
    Mutation("（七）总计 of one column", _bump(("t3", "total", "natural"), 1), "T3-COL-SUM",
             ("S3", "t3", "total", "natural"), int(V[("t3", "total", "natural")])),
    Mutation("结转下年度 breaks the printed balance", _bump(("t3", "carried_out", "natural"), 1),
             "T3-BALANCE", ("S3", "t3", "carried_out", "natural"),
             int(V[("t3", "carried_out", "natural")])),
    # one relation, five cells: any of them could be the wrong one; the prose ("行政复议2件")
    # decides for the total (issue 16: evidence decides between equally small repairs)
    Mutation("表四 group total", _bump(("t4", "review", "total"), 1), "T4-GROUP-SUM",
             ("S4", "t4", "review", "total"), int(V[("t4", "review", "total")]), "certain"),
    Mutation("blank cell is determined, not assumed 0", _set(INTERIOR, ""), "T-BLANK",
             ("S3", *INTERIOR), int(V[INTERIOR])),
    Mutation("a slash where a number belongs", _set(("t3", "r5_2", "legal"), "/"), "T-PLACEHOLDER",
             ("S3", "t3", "r5_2", "legal"), int(V[("t3", "r5_2", "legal")])),
    Mutation("text in a value cell", _set(INTERIOR, "约" + V[INTERIOR]), "T-NOT-NUMBER",
             ("S3", *INTERIOR), int(V[INTERIOR])),
    Mutation("missing section 五", _drop_section("S5"), "SEC-MISSING", ("S5", None, None, None),
             "五、存在的主要问题及改进情况"),
    Mutation("renamed section 四", _rename("S4", "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"),
             "SEC-TITLE", ("S4", None, None, None), "四、政府信息公开行政复议、行政诉讼情况"),
    Mutation("drifted column label", lambda c: c.relabel.update({"社会公益组织": "社会组织"}),
             "T-LABEL", ("S3", "t3", None, "social"), "社会公益组织"),
    Mutation("prose count contradicts 表三", _prose_new_count, "N-T3-COUNT",
             ("S3", "t3", "new", "total")),
    Mutation("statistics period not the whole year", _period, "M-PERIOD", (None, None, None, None)),
    Mutation("no fee statement in 六", _fee, "S6-FEE", ("S6", None, None, None)),
    Mutation("negative count", _set(("t2", "punishment", "count"), "-2"), "T-NEGATIVE",
             ("S2", "t2", "punishment", "count")),
    Mutation("fractional count", _set(("t2", "licensing", "count"), "2.5"), "T-NON-INTEGER",
             ("S2", "t2", "licensing", "count")),
    Mutation("section 四 numbered 五", _rename("S4", "五、政府信息公开行政复议、行政诉讼情况"),
             "SEC-NUMBER", ("S4", None, None, None), "四、政府信息公开行政复议、行政诉讼情况"),
    Mutation("五 says only 无", lambda c: c.sections.update({"S5": ["无。"]}), "S5-EMPTY",
             ("S5", None, None, None)),
    Mutation("title says 工作报告", lambda c: setattr(c, "title", c.title.replace("年度报告", "报告")),
             "M-TITLE", (None, None, None, None)),
    Mutation("period of another year", lambda c: setattr(c, "intro", c.intro.replace("2023年", "2022年")),
             "M-YEAR", (None, None, None, None)),
    Mutation("prose says no application was received", _add_sentence(
        "S1", "本年度未收到政府信息公开申请。"), "N-T3-NONE", ("S3", "t3", "new", "total")),
    Mutation("prose count of reviews contradicts 表四", _replace_in("S1", "行政复议2件", "行政复议5件"),
             "N-T4", ("S4", "t4", "review", "total")),
    # a row in its place with its 7 values is that row, whatever its label says (issue 15)
    Mutation("a 表三 row label nobody can recognise",
             lambda c: c.relabel.update({"5.属于三类内部事务信息": "5.其他事项"}), "T-LABEL",
             ("S3", "t3", "r3_5", None), "5.属于三类内部事务信息"),
    Mutation("section 四 and its table dropped", _drop_section("S4"), "SEC-MISSING",
             ("S4", None, None, None), also=(("TABLE-MISSING", "S4", "t4", None, None),)),
]


def _key(f):
    loc = f.location
    return (f.rule, loc.section, loc.table, loc.row, loc.col)


def _significant(result):
    return {_key(f) for f in result.findings if f.severity in SIGNIFICANT}


_baseline_cache: dict = {}


def _check(content, fmt, layout, folder, name):
    path = folder / f"{name}{EXTENSIONS[fmt]}"
    write(content, path, fmt, layout)
    result = check(path)
    assert result.status == "checked", (fmt, layout, result.refusal and result.refusal.message)
    return result


def baseline(fmt, layout, tmp_path_factory):
    if (fmt, layout) not in _baseline_cache:
        folder = tmp_path_factory.mktemp(f"base_{fmt}_{layout}")
        _baseline_cache[(fmt, layout)] = _check(_base(), fmt, layout, folder, "correct")
    return _baseline_cache[(fmt, layout)]


@pytest.mark.parametrize("fmt,layout", LAYOUTS)
def test_correct_report_has_no_error_and_every_cell_read(fmt, layout, tmp_path_factory):
    result = baseline(fmt, layout, tmp_path_factory)
    errors = [f"{f.rule} {f.message}" for f in result.findings if f.severity == "error"]
    assert errors == []
    for table in ("t2", "t3", "t4"):
        cells = result.report.tables[table].cells
        for (t, r, c), raw in BASE.values.items():
            if t == table:
                assert cells[(r, c)].value == float(raw), (table, r, c)
    assert [s.key for s in result.report.sections] == ["S1", "S2", "S3", "S4", "S5", "S6"]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
@pytest.mark.parametrize("fmt,layout", LAYOUTS)
def test_one_injected_error_is_found_exactly_there(fmt, layout, mutation, tmp_path_factory,
                                                   tmp_path):
    base = baseline(fmt, layout, tmp_path_factory)
    content = _base()
    mutation.apply(content)
    result = _check(content, fmt, layout, tmp_path, "mutated")
    new = _significant(result) - _significant(base)
    assert new == {(mutation.rule, *mutation.where), *mutation.also}, [
        f"{f.rule} {f.message}" for f in result.findings if _key(f) in new]
    finding = next(f for f in result.findings if _key(f) == (mutation.rule, *mutation.where))
    if mutation.fix is not None:
        assert finding.fix is not None and finding.fix.value == mutation.fix
        if finding.fix.kind == "cell":
            assert finding.fix.certainty == mutation.certainty
    if mutation.rule == "N-T3-COUNT":
        assert finding.location.quote and "新收" in finding.location.quote
