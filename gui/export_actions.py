"""Exporting from the window: ask where (a default name beside the input, never the input,
confirm before replacing), then write in a worker: the corrected DOCX (core.api.fix, with the
person's decisions) or the findings sheet (core/export.py). Mixed into MainWindow."""
from __future__ import annotations

import os

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gui import errors, exporting, strings
from gui.worker import run_in_background

NOTICE_MS = 15000


class ExportActions:
    """Needs ``self.session``, ``self.banner``, ``self.act_docx``, ``self.act_xlsx``,
    ``self.exported`` (Signal(str)) and ``self._update_actions``."""

    def ask_save_path(self, title: str, default: str, file_filter: str) -> str:
        options = QFileDialog.DontConfirmOverwrite
        path, _ = QFileDialog.getSaveFileName(self, title, default, file_filter, options=options)
        return path

    def confirm_replace(self, path: str) -> bool:
        box = QMessageBox(QMessageBox.Warning, strings.CONFIRM_REPLACE_TITLE,
                          strings.CONFIRM_REPLACE.format(name=os.path.basename(path)),
                          parent=self)
        replace = box.addButton(strings.REPLACE, QMessageBox.AcceptRole)
        box.addButton(strings.CANCEL, QMessageBox.RejectRole)
        box.exec()
        return box.clickedButton() is replace

    def _target(self, title: str, template: str, file_filter: str, suffix: str):
        """Ask where to save; returns (path, overwrite) or None."""
        if self.session is None:
            self.banner.show_message("warning", strings.EXPORT_NOTHING)
            return None
        default = exporting.default_path(self.session.path, template)
        path = self.ask_save_path(title, default, file_filter)
        if not path:
            return None
        if exporting.same_file(path, self.session.path) or exporting.same_file(
                exporting.with_suffix(path, suffix), self.session.path):
            self.banner.show_message("error", strings.SAME_AS_INPUT)
            return None
        path = exporting.with_suffix(path, suffix)
        overwrite = False
        if os.path.exists(path):
            if not self.confirm_replace(path):
                return None
            overwrite = True
        return path, overwrite

    def export_docx_dialog(self) -> None:
        target = self._target(strings.SAVE_DOCX_TITLE, strings.DEFAULT_DOCX, strings.DOCX_FILTER,
                              ".docx")
        if target:
            self.export_docx(*target)

    def export_xlsx_dialog(self) -> None:
        target = self._target(strings.SAVE_XLSX_TITLE, strings.DEFAULT_XLSX, strings.XLSX_FILTER,
                              ".xlsx")
        if target:
            self.export_xlsx(*target)

    def export_docx(self, path: str, overwrite: bool = False) -> None:
        s = self.session
        if s is None:
            return
        self._export(exporting.write_docx, s.result(), path, s.choices(), overwrite)

    def export_xlsx(self, path: str, overwrite: bool = False) -> None:
        s = self.session
        if s is None:
            return
        self._export(exporting.write_xlsx, s.result(), path, overwrite)

    def _export(self, fn, *args) -> None:
        self._saving_docx = fn is exporting.write_docx
        self.statusBar().showMessage(strings.EXPORT_BUSY)
        self.act_docx.setEnabled(False)
        self.act_xlsx.setEnabled(False)
        run_in_background(fn, *args, returned=self._exported, errored=self._export_failed,
                          finished=self._update_actions)

    def _exported(self, path) -> None:
        self.statusBar().showMessage(strings.NOTICE_EXPORTED.format(path=path), 10000)
        show_exported(self.banner, str(path))
        self.exported.emit(str(path))
        if getattr(self, "_saving_docx", False):
            self._saving_docx = False
            self._saved(True)

    def _export_failed(self, err) -> None:
        exc, tb_text = err
        self.statusBar().clearMessage()
        message = exporting.failure_message(exc)
        if message is None:
            errors.report_exception(exc, tb_text, self)
            message = strings.EXPORT_FAILED.format(reason=type(exc).__name__)
        else:
            errors.log.warning("export failed: %s", message)
        self.banner.show_message("error", message)
        self.exported.emit("")
        if getattr(self, "_saving_docx", False):
            self._saving_docx = False
            self._saved(False)


def open_url(url: QUrl) -> bool:
    """Open a file or folder with the program the system chooses for it."""
    return QDesktopServices.openUrl(url)


def show_exported(banner, path: str) -> None:
    """The green banner of a finished export with buttons that open the file and its folder
    (it stays until closed)."""
    folder = os.path.dirname(os.path.abspath(path))
    banner.show_message("ok", strings.NOTICE_EXPORTED.format(path=path), strings.EXPORTED_TITLE,
                        actions=[(strings.ACT_OPEN_EXPORTED, QUrl.fromLocalFile(path)),
                                 (strings.ACT_OPEN_EXPORTED_FOLDER, QUrl.fromLocalFile(folder))])
