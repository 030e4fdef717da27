"""What to change: the findings' fixes turned into decisions, and what each change's comment says.

A finding with a fix becomes a ``Decision``: applied (``apply``) with its final ``value``, or
only commented. The caller's ``choices`` map a finding's index to True (apply the proposal),
False (leave it: no change, no mark), or a value (apply that instead). Without a choice a
"certain" fix applies; "confirm" and "hint" fixes are only commented.

Both writers (``docx_edit`` for a DOCX input, ``docx_build`` for every other input) take the same
decisions; only where a change lands differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core import messages
from core.findings import CheckResult, Finding
from core.standard import Standard, cell_name, load

MARK_FILL = "FFFF99"      # light yellow: the background of every changed cell or paragraph


@dataclass
class Decision:
    index: int | None               # the finding's index in CheckResult.findings (None: typed)
    finding: Finding | None
    apply: bool
    value: object = None            # the value written when applied

    @property
    def kind(self) -> str:
        return self.finding.fix.kind if self.finding is not None else "cell"

    @property
    def rule(self) -> str:
        return self.finding.rule if self.finding is not None else ""


@dataclass
class CellEdit:
    table: str
    row: str
    col: str
    value: object


@dataclass
class TypedEdit:
    """A value the person typed in the GUI: the report's cell differs from the file's."""

    table: str
    row: str
    col: str
    old: str
    new: str


@dataclass
class FixOutcome:
    """What a fix run did; ``write_corrected`` returns only ``path``."""

    path: str
    rebuilt: bool = False
    applied: list[Decision] = field(default_factory=list)
    commented: list[Decision] = field(default_factory=list)
    unplaced: list[Decision] = field(default_factory=list)
    typed: list[TypedEdit] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------------------------

def decide(result: CheckResult, choices: dict) -> list[Decision]:
    """One decision per finding that proposes a fix and was not rejected. Applied decisions
    that fix the notation only (T-RAW-FORMAT) come first, so that a repair of the same cell
    wins."""
    out = []
    for i, f in enumerate(result.findings):
        if f.fix is None:
            continue
        choice = choices.get(i, choices.get(str(i)))
        if choice is False:
            continue
        if choice is None:
            out.append(Decision(i, f, f.fix.certainty == "certain", f.fix.value))
        elif choice is True:
            out.append(Decision(i, f, f.fix.value is not None, f.fix.value))
        else:
            out.append(Decision(i, f, True, choice))
    out.sort(key=lambda d: 0 if d.rule == "T-RAW-FORMAT" else 1)
    return out


def cell_edits(std: Standard, decision: Decision) -> list[CellEdit]:
    """The cells an applied cell-kind decision writes: one cell; a whole row (a list of values
    for a row fix); or a repair given as cells (``[{"table", "row", "col", "value"}, ...]``)."""
    fix, value = decision.finding.fix, decision.value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        return [CellEdit(v["table"], v["row"], v["col"], v["value"]) for v in value]
    if isinstance(value, (list, tuple)):
        keys = row_keys(std, fix.table, fix.row)
        if len(keys) != len(value):
            return []
        return [CellEdit(fix.table, r, c, v) for (r, c), v in zip(keys, value)]
    if fix.table and fix.row and fix.col:
        return [CellEdit(fix.table, fix.row, fix.col, value)]
    return []


def row_keys(std: Standard, table: str, row: str | None) -> list[tuple[str, str]]:
    """The (row, col) keys a row of values fills, in order (表四's data row: all 15)."""
    keys = std.cell_keys(table)
    return [(r, c) for r, c in keys if row is None or r == row]


def format_value(value) -> str:
    """13 -> "13"; 3.0 -> "3"; 1.25 -> "1.25"; text as it is."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def typed_edits(result: CheckResult, data: bytes) -> list[TypedEdit]:
    """Cells whose value in ``result.report`` differs from the file (values typed in the GUI).
    ``data`` (the file's bytes) is read again; when it cannot be, no typed value is recognised
    (the values are still written, from the report, but not marked as typed)."""
    from core.model import Refusal
    from core.readers import read_bytes
    from core.recognize import recognize

    if result.report is None:
        return []
    try:
        original = recognize(read_bytes(result.path, data))
    except (Refusal, OSError, ValueError):
        return []
    out = []
    for table, data in result.report.tables.items():
        before = original.tables.get(table)
        for (row, col), cell in data.cells.items():
            old = before.cells.get((row, col)) if before is not None else None
            old_raw = old.raw if old is not None else ""
            if (old_raw or "").strip() != (cell.raw or "").strip() and not _same_number(
                    old, cell):
                new = format_value(cell.value) if cell.value is not None else cell.raw.strip()
                out.append(TypedEdit(table, row, col, old_raw.strip(), new))
    return out


def _same_number(old, new) -> bool:
    """Both cells hold the same number (a person typed "0" over "0"): no edit to show."""
    return (old is not None and old.value is not None and new.value is not None
            and float(old.value) == float(new.value) and format_value(new.value) == format_value(
                old.value) and (old.raw or "").strip() == format_value(old.value))


# ---------------------------------------------------------------------------------------------
# What the comments say
# ---------------------------------------------------------------------------------------------

def shown(text: str) -> str:
    return text if text.strip() else messages.FIX_BLANK


def applied_note(old: str, new: str) -> str:
    return messages.FIX_NOTE_APPLIED.format(old=shown(old), new=shown(new))


def rule_note(decision: Decision) -> str:
    if decision.finding is None:
        return messages.FIX_NOTE_TYPED
    f = decision.finding
    return messages.FIX_NOTE_BY_RULE.format(rule=f.rule, title=f.title, message=f.message)


def pending_note(decision: Decision, std: Standard | None = None) -> str:
    """For a fix that was not applied: the finding, every option offered, and its rule."""
    std = std or load()
    f = decision.finding
    fix = f.fix
    head = messages.FIX_NOTE_HINT if fix.certainty == "hint" else messages.FIX_NOTE_CONFIRM
    lines = [head.format(message=f.message)]
    options = describe_options(std, decision)
    if fix.certainty == "hint" and options:
        lines.append(messages.FIX_NOTE_SUGGEST.format(value=options[0]))
    elif options:
        lines.append(messages.FIX_NOTE_OPTIONS)
        lines += [messages.FIX_NOTE_OPTION.format(n=n, text=t) for n, t in enumerate(options, 1)]
    lines.append(messages.FIX_NOTE_RULE.format(rule=f.rule, title=f.title))
    return "\n".join(lines)


def describe_options(std: Standard, decision: Decision) -> list[str]:
    fix = decision.finding.fix
    candidates = list(fix.alternatives)
    if not (candidates and all(_is_repair(c) for c in candidates)):
        candidates = [fix.value] + [a for a in candidates if a != fix.value]
    return [t for t in (describe_value(std, fix, c) for c in candidates if c is not None) if t]


def _is_repair(value) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, dict)
                                                                   for v in value)


def describe_value(std: Standard, fix, value) -> str:
    """One option in words: a repair of several cells, a row of values, or a single value."""
    sep = messages.FIX_LIST_SEP
    if _is_repair(value):
        return messages.FIX_OPTION_SEP.join(
            messages.FIX_SET_TO.format(cell=cell_name(std, v["table"], v["row"], v["col"]),
                                       value=format_value(v["value"])) for v in value)
    if isinstance(value, (list, tuple)):
        row = std.row_label(fix.table, fix.row) if fix.table and fix.row else \
            messages.TABLE_SHORT.get(fix.table, "")
        return messages.FIX_ROW_VALUES.format(row=row, values=sep.join(map(format_value, value)))
    if fix.kind == "cell" and fix.table and fix.row and fix.col:
        return messages.FIX_SET_TO.format(cell=cell_name(std, fix.table, fix.row, fix.col),
                                          value=format_value(value))
    return format_value(value)
