"""The open report as a document: an undo stack of the person's changes, a recovery file kept
while they are not exported, and the save / discard / cancel question before they would be lost.
Mixed into MainWindow (it needs ``session``, ``report``, ``banner``, ``checked``, ``_recheck``,
``_target`` and ``export_docx``)."""
from __future__ import annotations

import os

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox

from gui import recovery, strings
from gui.session import finding_key, open_with_changes
from gui.undo import Change, State

NOTICE_MS = 15000


def open_and_hash(path: str, prior, edits: dict, meta: dict, password=None, progress=None,
                  cancelled=None):
    """Worker function: ``open_with_changes`` and the SHA-256 of the file's bytes."""
    digest = recovery.file_hash(path)
    return open_with_changes(path, prior, edits, meta, password, progress=progress,
                             cancelled=cancelled), digest


def _match(value, options: list):
    """A decision read back from JSON (lists for tuples) as the option it was."""
    if isinstance(value, list):
        return next((o for o in options if isinstance(o, (list, tuple)) and list(o) == value),
                    value)
    return value


class DocumentActions:
    def _init_document(self) -> None:
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._document_changed)
        self._state: State | None = None
        self.digest: str | None = None
        self._after_save = None          # what to do once the corrected DOCX is written
        self._saving_docx = False

    # --- recording ----------------------------------------------------------------------------
    def begin_document(self, session, digest: str | None) -> None:
        """A file was opened: a fresh stack; offer back what was not exported last time."""
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.digest = digest
        self._state = State.of(session)
        saved = recovery.load(digest)
        if saved is None:
            return
        n = recovery.count(saved)
        if not self.ask_restore(os.path.basename(session.path), n):
            recovery.discard(digest)
            return
        options = {}
        for i, f in enumerate(session.findings):
            options[finding_key(f)] = session.options_for(i)
        session.decisions = {k: _match(v, options.get(k, [])) for k, v in saved["decisions"].items()}
        session.edits = dict(saved["edits"])
        session.meta = dict(saved["meta"])
        before = self._state
        self.record(strings.UNDO_RESTORE)
        if State.of(session).needs_recheck(before):
            self._recheck(strings.NOTICE_RESTORED.format(n=n))
        else:
            self.report.set_session(session)
        self.banner.show_message("info", strings.NOTICE_RESTORED.format(n=n), timeout_ms=NOTICE_MS)

    def continue_document(self, session) -> None:
        """The same file checked again (a re-check, last year's report, a change on disk)."""
        self._state = State.of(session)

    def record(self, text: str) -> None:
        """The session changed (a decision, a typed value, a corrected detection): one step."""
        if self.session is None:
            return
        after = State.of(self.session)
        before = self._state or State()
        if after == before:
            return
        self._state = after
        self.undo_stack.push(Change(text, before, after, self.restore_state))

    def restore_state(self, state: State) -> None:
        """Undo / redo: put ``state`` back and show it (re-checking when values changed)."""
        s = self.session
        if s is None:
            return
        current = State.of(s)
        state.apply(s)
        self._state = state
        if state.needs_recheck(current):
            self._recheck(self._undo_notice)
        else:
            self.report.set_session(s, then=self.checked.emit)
            self.statusBar().showMessage(self._undo_notice, 8000)

    _undo_notice = ""

    def undo(self) -> None:
        if self.undo_stack.canUndo():
            self._undo_notice = strings.NOTICE_UNDONE.format(what=self.undo_stack.undoText())
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.undo_stack.canRedo():
            self._undo_notice = strings.NOTICE_REDONE.format(what=self.undo_stack.redoText())
            self.undo_stack.redo()

    def _document_changed(self, _index: int) -> None:
        s = self.session
        if s is None:
            return
        if self.undo_stack.isClean():
            recovery.discard(self.digest)
        else:
            recovery.save(self.digest, s.path, s.decisions, s.edits, s.meta)

    # --- leaving ------------------------------------------------------------------------------
    @property
    def unsaved(self) -> bool:
        return self.session is not None and not self.undo_stack.isClean()

    def ask_restore(self, name: str, n: int) -> bool:
        box = QMessageBox(QMessageBox.Question, strings.RESTORE_TITLE,
                          strings.RESTORE_TEXT.format(name=name, n=n), parent=self)
        yes = box.addButton(strings.RESTORE_YES, QMessageBox.AcceptRole)
        box.addButton(strings.RESTORE_NO, QMessageBox.RejectRole)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def ask_unsaved(self, name: str) -> str:
        """"save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Warning, strings.UNSAVED_TITLE,
                          strings.UNSAVED_TEXT.format(name=name), parent=self)
        box.setInformativeText(strings.UNSAVED_INFO)
        save = box.addButton(strings.UNSAVED_SAVE, QMessageBox.AcceptRole)
        discard = box.addButton(strings.UNSAVED_DISCARD, QMessageBox.DestructiveRole)
        cancel = box.addButton(strings.CANCEL, QMessageBox.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def leave_report(self, then) -> bool:
        """Before the open report is replaced or the window closes: True to go on now; False
        when the person cancelled or a save runs first (``then`` follows a successful save)."""
        if not self.unsaved:
            return True
        answer = self.ask_unsaved(os.path.basename(self.session.path))
        if answer == "discard":
            recovery.discard(self.digest)
            self.undo_stack.setClean()
            return True
        if answer == "save":
            target = self._target(strings.SAVE_DOCX_TITLE, strings.DEFAULT_DOCX,
                                  strings.DOCX_FILTER, ".docx")
            if target:
                self._after_save = then
                self.export_docx(*target)
        return False

    def _saved(self, ok: bool) -> None:
        """The corrected DOCX was written (or failed): the document is clean; go on."""
        then, self._after_save = self._after_save, None
        if not ok:
            return
        self.undo_stack.setClean()
        recovery.discard(self.digest)
        if then is not None:
            then()
