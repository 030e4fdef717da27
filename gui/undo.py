"""Decisions and typed values are a document: every change (accept, reject, choose, type a value,
correct the agency, year or level) is one command on a QUndoStack holding the state before and
after it, so undo / redo (Ctrl+Z / Ctrl+Y) walk back and forth, and the stack's clean state says
whether anything is not yet exported."""
from __future__ import annotations

import copy
import weakref
from dataclasses import dataclass, field

from PySide6.QtGui import QUndoCommand


@dataclass(frozen=True)
class State:
    """What the person changed of one report."""

    decisions: dict = field(default_factory=dict)
    edits: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @classmethod
    def of(cls, session) -> State:
        return cls(copy.deepcopy(session.decisions), dict(session.edits), dict(session.meta))

    def apply(self, session) -> None:
        session.decisions = copy.deepcopy(self.decisions)
        session.edits = dict(self.edits)
        session.meta = dict(self.meta)

    def needs_recheck(self, other: State) -> bool:
        """Typed values or corrected metadata differ: the rules must run again."""
        return self.edits != other.edits or self.meta != other.meta

    def empty(self) -> bool:
        return not (self.decisions or self.edits or self.meta)


class Change(QUndoCommand):
    """One change; ``restore(state)`` puts a state back (the window re-checks when needed)."""

    def __init__(self, text: str, before: State, after: State, restore):
        super().__init__(text)
        self.before, self.after = before, after
        self._restore = weakref.WeakMethod(restore)    # no cycle through the window
        self._done = True            # pushed after the change happened: the first redo is a no-op

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._call(self.after)

    def undo(self) -> None:
        self._call(self.before)

    def _call(self, state: State) -> None:
        restore = self._restore()
        if restore is not None:
            restore(state)
