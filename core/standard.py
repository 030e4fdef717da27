"""The national formats as typed objects, loaded once from resources/standard/<version>.json:
2021 (国办公开办函〔2021〕30号, every report from 2021 on) and 2019 (the superseded trial format,
right for the 2019 and 2020 reports)."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache

from core.resources import resource_path


@dataclass(frozen=True)
class Section:
    key: str
    numeral: str
    title: str
    variants: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{self.numeral}、{self.title}"


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    group: str = ""
    cols: tuple[str, ...] = ()          # table 2: the columns of this row's block
    caption: str = ""                   # table 2: the block caption


@dataclass(frozen=True)
class ColSpec:
    key: str
    label: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    id: str
    kind: str                           # row / column / balance / group
    table: str
    anchor: tuple[str, str]             # the cell a finding about this relation points at
    terms: tuple[tuple[str, str, str, int], ...]

    def cells(self) -> list[tuple[str, str, str]]:
        return [(t, r, c) for t, r, c, _ in self.terms]


@dataclass(frozen=True)
class Standard:
    version: str
    sections: tuple[Section, ...]
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]
    t2_rows: tuple[RowSpec, ...]
    t2_captions: tuple[str, ...]
    t3_rows: tuple[RowSpec, ...]
    t3_cols: tuple[ColSpec, ...]
    t3_note: str
    t4_groups: tuple[ColSpec, ...]
    t4_cols: tuple[ColSpec, ...]
    relations: tuple[Relation, ...]
    old_markers: tuple[str, ...]
    table_names: dict
    t2_col_labels: dict

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def cell_keys(self, table: str) -> list[tuple[str, str]]:
        if table == "t2":
            return [(r.key, c) for r in self.t2_rows for c in r.cols]
        if table == "t3":
            return [(r.key, c.key) for r in self.t3_rows for c in self.t3_cols]
        return [(g.key, c.key) for g in self.t4_groups for c in self.t4_cols]

    def row_label(self, table: str, row: str) -> str:
        if table == "t2":
            return next(r.label for r in self.t2_rows if r.key == row)
        if table == "t3":
            return next(r.label for r in self.t3_rows if r.key == row)
        return next(g.label for g in self.t4_groups if g.key == row)

    def col_label(self, table: str, row: str, col: str) -> str:
        if table == "t2":
            spec = next(r for r in self.t2_rows if r.key == row)
            return self.t2_col_labels[(spec.caption, col)]
        if table == "t3":
            return next(c.label for c in self.t3_cols if c.key == col)
        return next(c.label for c in self.t4_cols if c.key == col)


@lru_cache(maxsize=4)
def load(version: str = "2021") -> Standard:
    data = json.loads(resource_path("standard", f"{version}.json").read_text(encoding="utf-8"))
    t2_rows = []
    t2_col_labels = {}
    for block in data["tables"]["t2"]["blocks"]:
        cols = tuple(c["key"] for c in block["cols"])
        for c in block["cols"]:
            t2_col_labels[(block["caption"], c["key"])] = c["label"]
        for r in block["rows"]:
            t2_rows.append(RowSpec(r["key"], r["label"], tuple(r["variants"]), "", cols, block["caption"]))
    t3 = data["tables"]["t3"]
    t4 = data["tables"]["t4"]
    return Standard(
        version=data["version"],
        sections=tuple(Section(s["key"], s["numeral"], s["title"], tuple(s["variants"]))
                       for s in data["sections"]),
        topics=tuple((t["key"], t["title"], tuple(t["keywords"])) for t in data["topics"]),
        t2_rows=tuple(t2_rows),
        t2_captions=tuple(b["caption"] for b in data["tables"]["t2"]["blocks"]),
        t3_rows=tuple(RowSpec(r["key"], r["label"], tuple(r["variants"]), r["group"])
                      for r in t3["rows"]),
        t3_cols=tuple(ColSpec(c["key"], c["label"], tuple(c["variants"])) for c in t3["cols"]),
        t3_note=t3["note"],
        t4_groups=tuple(ColSpec(g["key"], g["label"]) for g in t4["groups"]),
        t4_cols=tuple(ColSpec(c["key"], c["label"]) for c in t4["cols"]),
        relations=tuple(Relation(r["id"], r["kind"], r["table"], tuple(r["anchor"]),
                                 tuple(tuple(t) for t in r["terms"])) for r in data["relations"]),
        old_markers=tuple(data["old_2019_markers"]),
        table_names={k: v["name"] for k, v in data["tables"].items()},
        t2_col_labels=t2_col_labels,
    )


@lru_cache(maxsize=2)
def with_single_r6(version: str = "2021") -> Standard:
    """The format whose 表三 still has the 2019 single row （六）其他处理 (key ``r6``) in place of
    its three sub-items: that row's values stand for the three in every relation."""
    base, old = load(version), load("2019")
    relations = tuple(r for r in base.relations if r.table != "t3") + \
        tuple(r for r in old.relations if r.table == "t3")
    return replace(base, t3_rows=old.t3_rows, relations=relations)


def for_report(report) -> Standard:
    """The standard a report's tables are checked against."""
    return with_single_r6() if getattr(report, "single_r6", False) else load()


def cell_name(std: Standard, table: str, row: str, col: str) -> str:
    """A cell in words with the official labels: 表三“（四）1.本机关不掌握相关政府信息”行“自然人”列.
    Never a key (the old single row ``r6`` is named by the 2019 format's label)."""
    from core import messages

    if table == "t3" and row == "r6" and all(r.key != "r6" for r in std.t3_rows):
        std = with_single_r6(std.version)
    short = messages.TABLE_SHORT[table]
    row_label = std.row_label(table, row)
    if table == "t4":
        return messages.FIX_CELL_NAME_T4.format(table=short, row=row_label,
                                               col=std.col_label(table, row, col))
    if table == "t3":
        spec = next(r for r in std.t3_rows if r.key == row)
        if "›" in spec.group:
            row_label = spec.group.split("›")[-1].strip() + row_label
    return messages.FIX_CELL_NAME.format(table=short, row=row_label,
                                         col=std.col_label(table, row, col))
