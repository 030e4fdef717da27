"""The main window: opening files (dialog, drop, command line, recent, sample), checking them in
a worker, re-checking on edits, on a corrected level, with last year's report, and when the file
changes on disk, and exporting. Every failure becomes a Chinese message in the window."""
from __future__ import annotations

import dataclasses
import os
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QFileDialog, QInputDialog, QLineEdit, QMainWindow, QStackedWidget,
                               QVBoxLayout, QWidget)

from core.api import resource_path
from gui import errors, exporting, strings
from gui.dialogs import AboutDialog, HelpDialog
from gui.document import DocumentActions, open_and_hash
from gui.export_actions import ExportActions
from gui.menus import build_actions
from gui.file_watcher import FileWatcher
from gui.report_page import ReportPage
from gui.session import Session, recheck
from gui.start_page import StartPage, remember, settings
from gui.table_view import cell_where
from gui.widgets import Banner, BusyPage
from gui.worker import Worker, run_in_background

SAMPLE = ("samples", strings.SAMPLE_FILE)     # the bundled sample report
NOTICE_MS = 15000
GEOMETRY_KEY = "window_geometry"
FOLDER_KEY = "last_folder"
ZOOM_KEY = "table_zoom"
REMEMBER_DELAY_MS = 300
MINIMUM_SIZE = (1000, 620)     # fits a 1366×768 laptop with a taskbar, and 1024×640
DEFAULT_SIZE = (1400, 900)


def icon_path() -> str:
    return str(resource_path("icons", "app.png"))


def _remember(path: str) -> None:
    remember(path)
    settings().setValue(FOLDER_KEY, os.path.dirname(path))


def _float(value, default: float = 1.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _is_pdf(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


@dataclasses.dataclass
class Request:
    """One opening of a file, with what the person changed to carry over."""

    path: str
    prior: str | None = None
    password: str | None = None
    edits: dict = dataclasses.field(default_factory=dict)
    meta: dict = dataclasses.field(default_factory=dict)     # corrected agency / year / level
    decisions: dict = dataclasses.field(default_factory=dict)
    reason: str = "open"          # open | prior | recheck | external
    dropped_edits: bool = False   # typed values were let go (the file changed on disk)


class MainWindow(DocumentActions, ExportActions, QMainWindow):
    checked = Signal()           # a check or re-check has been shown (tests wait for it)
    exported = Signal(str)

    def __init__(self):
        super().__init__()
        self.setWindowTitle(strings.WINDOW_TITLE)
        if os.path.exists(icon_path()):
            self.setWindowIcon(QIcon(icon_path()))
        self.setMinimumSize(*MINIMUM_SIZE)
        self._default_size()
        geometry = settings().value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.setAcceptDrops(True)
        self.batch_window = None
        self.session: Session | None = None
        self.worker: Worker | None = None
        self._init_document()
        self._job = 0              # increases with every open / re-check; stale answers are dropped
        self._busy_from = None     # the page to return to when a check is cancelled

        self.banner = Banner()
        self.start = StartPage()
        self.start.open_path.connect(self.open_path)
        self.start.open_dialog.connect(self.choose_file)
        self.start.open_sample.connect(self.open_sample)
        self.start.open_batch.connect(self.show_batch)
        self.busy = BusyPage()
        self.busy.cancelled.connect(self.cancel)
        self.report = ReportPage()
        self.report.edited.connect(self.edit_cell)
        self.report.level_changed.connect(self.set_level)
        self.report.year_changed.connect(self.set_year)
        self.report.agency_edit.connect(self.correct_agency)
        self.report.decided.connect(self._decided)
        self.report.header.remove_prior.clicked.connect(self.remove_prior)
        self.report.set_zoom(_float(settings().value(ZOOM_KEY, 1.0)))
        self.stack = QStackedWidget()
        for page in (self.start, self.busy, self.report):
            self.stack.addWidget(page)
        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(8, 6, 8, 0)
        box.setSpacing(4)
        box.addWidget(self.banner)
        box.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.statusBar()

        self.file_watcher = FileWatcher(self)
        self.file_watcher.changed.connect(self._file_changed)
        self.file_watcher.gone.connect(self._file_gone)
        self.watcher = self.file_watcher.watcher
        self._update_actions()

    # --- actions ------------------------------------------------------------------------------
    def _default_size(self) -> None:
        """1400×900, or the screen's available area when it is smaller (a 1366×768 laptop)."""
        screen = self.screen()
        area = screen.availableGeometry() if screen is not None else None
        w, h = DEFAULT_SIZE
        if area is not None:
            w, h = min(w, area.width()), min(h, area.height())
        self.resize(max(w, MINIMUM_SIZE[0]), max(h, MINIMUM_SIZE[1]))

    def _build_actions(self) -> None:
        build_actions(self)

    def _undo_text_changed(self, text: str) -> None:
        self.act_undo.setText(strings.ACT_UNDO_WHAT.format(what=text) if text else strings.ACT_UNDO)

    def _redo_text_changed(self, text: str) -> None:
        self.act_redo.setText(strings.ACT_REDO_WHAT.format(what=text) if text else strings.ACT_REDO)

    def _fill_recent_menu(self) -> None:
        from gui.start_page import recent_files

        self.recent_menu.clear()
        files = recent_files()
        for n, path in enumerate(files, 1):
            act = self.recent_menu.addAction(f"&{n} {os.path.basename(path)}")
            act.setToolTip(path)
            act.setEnabled(os.path.exists(path))
            act.setData(path)
            act.triggered.connect(self._open_recent)
        if not files:
            self.recent_menu.addAction(strings.RECENT_NONE).setEnabled(False)

    def _open_recent(self) -> None:
        path = self.sender().data() if self.sender() is not None else None
        if path:
            self.open_path(str(path))

    def _update_actions(self) -> None:
        # while a file is read the actions would act on the report being replaced
        has = self.session is not None and self.stack.currentWidget() is not self.busy
        on_report = has and self.stack.currentWidget() is self.report
        for a in (self.act_prior, self.act_recheck, self.act_docx, self.act_xlsx):
            a.setEnabled(has)
        for a in self.report_actions:
            a.setEnabled(on_report)
        self.act_prior_remove.setEnabled(has and bool(self.session.prior_path))
        self.act_home.setEnabled(self.stack.currentWidget() is not self.start)

    def _show(self, page) -> None:
        self.stack.setCurrentWidget(page)
        if page is self.start:
            self.start.refresh_recent()
        self._update_actions()

    def go_home(self) -> None:
        if self.stack.currentWidget() is self.busy:      # leaving a check stops it
            self._stop_worker()
        self._show(self.start)

    # --- opening ------------------------------------------------------------------------------
    def last_folder(self) -> str:
        if self.session:
            return os.path.dirname(self.session.path)
        return str(settings().value(FOLDER_KEY, "") or "")

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, strings.OPEN_DIALOG_TITLE, self.last_folder(),
                                              strings.FILE_FILTER)
        if path:
            self.open_path(path)

    def open_sample(self) -> None:
        path = resource_path(*SAMPLE)
        if not path.exists():
            self.banner.show_message("error", strings.SAMPLE_MISSING.format(path=path))
            return
        self.open_path(str(path))

    def open_path(self, path: str, prior: str | None = None) -> None:
        """Open a new file (its own fresh session)."""
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            self.banner.show_message("error", strings.NOT_FOUND.format(path=path))
            return
        if not self.leave_report(partial(self.open_path, path, prior)):
            return
        self.banner.hide()
        self._run_open(Request(path, prior))

    def _again(self, reason: str, **changes) -> None:
        """Check the current file again, keeping what the person changed (unless ``changes``
        say otherwise)."""
        s = self.session
        if s is None:
            return
        request = Request(s.path, s.prior_path, s.password, dict(s.edits), dict(s.meta),
                          dict(s.decisions), reason)
        self._run_open(dataclasses.replace(request, **changes))

    def _run_open(self, request: "Request") -> None:
        self._job += 1
        job = self._job
        if self.worker is not None:
            self.worker.abort()
        name = os.path.basename(request.path)
        if request.reason in ("open", "prior"):
            if self.stack.currentWidget() is not self.busy:
                self._busy_from = self.stack.currentWidget()
            self.busy.start(name)
            self._show(self.busy)
        self.statusBar().showMessage(strings.STATUS_READING.format(name=name))
        r = request
        self.worker = run_in_background(
            open_and_hash, r.path, r.prior, dict(r.edits), dict(r.meta), r.password, hooks=True,
            returned=lambda out, job=job: self._opened(job, out, r),
            errored=lambda err, job=job: self._failed(job, err),
            progress=lambda pages, job=job: self._progress(job, pages))

    def _progress(self, job, pages) -> None:
        """A page of a PDF is read: the busy page shows the count."""
        if job == self._job:
            self.busy.set_progress(*pages)

    def _opened(self, job, out, request: "Request") -> None:
        if job != self._job:
            return                     # cancelled or superseded
        self.worker = None
        (result, report, findings), digest = out
        if result.status != "checked":
            self._refused(result, request)
            return
        r = request
        session = Session(result, r.prior, r.password)
        session.edits, session.meta, session.decisions = dict(r.edits), dict(r.meta), dict(r.decisions)
        if report is not None:
            session.set_findings(report, findings)
        first = r.reason == "open" or self.session is None
        self.session = session
        self.report.set_session(session, first=first, then=self.checked.emit)
        self._show(self.report)
        self.statusBar().clearMessage()
        if r.reason == "open":
            self.begin_document(session, digest)
        else:
            self.continue_document(session)
        self.file_watcher.watch(r.path)
        # writing the settings file takes 10-20 ms: after the findings are on screen
        QTimer.singleShot(REMEMBER_DELAY_MS, partial(_remember, r.path))
        if r.reason == "external":
            self.banner.show_message("info", strings.NOTICE_EXTERNAL_EDITS_DROPPED
                                     if r.dropped_edits else strings.NOTICE_EXTERNAL,
                                     timeout_ms=NOTICE_MS)
        elif r.reason == "prior" and r.prior:
            self.banner.show_message("ok", strings.NOTICE_PRIOR_ADDED.format(
                name=os.path.basename(r.prior)), timeout_ms=NOTICE_MS)
        elif r.reason == "prior":
            self.banner.show_message("ok", strings.NOTICE_PRIOR_REMOVED, timeout_ms=NOTICE_MS)
        elif r.reason == "open" and os.path.basename(r.path) == SAMPLE[-1] \
                and not self.banner.isVisible():
            self.banner.show_message("info", strings.NOTICE_SAMPLE, timeout_ms=NOTICE_MS)

    def ask_password(self, name: str, retry: bool) -> str | None:
        text = (strings.PASSWORD_WRONG if retry else "") + strings.PASSWORD_PROMPT.format(name=name)
        value, ok = QInputDialog.getText(self, strings.PASSWORD_TITLE, text, QLineEdit.Password)
        return value if ok and value else None

    def _refused(self, result, request: "Request") -> None:
        refusal = result.refusal
        message = refusal.message if refusal else ""
        name = os.path.basename(result.path)
        if refusal is not None and refusal.code == "encrypted" and _is_pdf(result.path):
            password = self.ask_password(name, retry=request.password is not None)
            if password:
                self._run_open(dataclasses.replace(request, password=password))
                return
        if request.reason == "external" and self.session is not None:
            # a half-written file while an editor saves: keep the last result on screen
            self.banner.show_message("warning", message, strings.REFUSED_TITLE)
            self.checked.emit()
            return
        self.session = None
        self.banner.show_message("error", message + "\n" + strings.REFUSED_FILE.format(name=name),
                                 strings.REFUSED_TITLE)
        self._show(self.start)
        self.checked.emit()

    def _failed(self, job, err) -> None:
        if job != self._job:
            return
        self.worker = None
        exc, tb_text = err
        if self.stack.currentWidget() is self.busy:
            self._show(self._busy_from if self._busy_from in (self.start, self.report)
                       and (self._busy_from is self.start or self.session) else self.start)
        self.statusBar().clearMessage()
        errors.report_exception(exc, tb_text, self)
        self.checked.emit()

    def _stop_worker(self) -> None:
        self._job += 1
        if self.worker is not None:
            self.worker.abort()
            self.worker = None

    def cancel(self) -> None:
        self._stop_worker()
        back = self._busy_from if self._busy_from is self.report and self.session else self.start
        self._show(back)
        self.statusBar().showMessage(strings.CANCELLED, 5000)

    # --- last year's report, re-checks --------------------------------------------------------
    def choose_prior(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, strings.PRIOR_DIALOG_TITLE,
                                              os.path.dirname(self.session.path),
                                              strings.FILE_FILTER)
        if path:
            self.set_prior(path)

    def set_prior(self, prior: str | None) -> None:
        self._again("prior", prior=prior)

    def remove_prior(self) -> None:
        self.set_prior(None)

    def recheck_file(self) -> None:
        self._again("recheck")

    def edit_cell(self, table: str, row: str, col: str, raw: str) -> None:
        s = self.session
        if s is None or not s.set_edit(table, row, col, raw):
            return
        self.record(strings.UNDO_EDIT.format(where=cell_where(table, row, col)))
        self._recheck(strings.NOTICE_EDIT.format(where=cell_where(table, row, col),
                                                 raw=raw or strings.BLANK_VALUE))

    def set_level(self, level: str) -> None:
        self._set_meta("level", level, strings.NOTICE_LEVEL.format(level=level))

    def set_year(self, year: int) -> None:
        self._set_meta("year", year, strings.NOTICE_YEAR.format(year=year))

    def set_agency(self, agency: str) -> None:
        agency = agency.strip()
        if agency:
            self._set_meta("agency", agency, strings.NOTICE_AGENCY.format(agency=agency))

    def correct_agency(self) -> None:
        if self.session is None:
            return
        agency = self.ask_agency(self.session.report.meta.agency or "")
        if agency:
            self.set_agency(agency)

    def ask_agency(self, current: str) -> str | None:
        value, ok = QInputDialog.getText(self, strings.AGENCY_TITLE, strings.AGENCY_PROMPT,
                                         QLineEdit.Normal, current)
        return value.strip() if ok and value.strip() else None

    def _set_meta(self, field: str, value, notice: str) -> None:
        """A corrected detection (the report's agency, year or level): check again with it."""
        s = self.session
        if s is None or value == getattr(s.report.meta, field, None):
            return
        s.meta[field] = value
        self.record(strings.UNDO_META)
        self._recheck(notice)

    def _recheck(self, notice: str) -> None:
        """Re-run the rules on the edited report (tens of milliseconds) in a worker."""
        s = self.session
        self._job += 1
        job = self._job
        self.worker = run_in_background(
            recheck, s.base, dict(s.edits), dict(s.meta), s.options,
            returned=lambda out, job=job, s=s: self._rechecked(job, s, out, notice),
            errored=lambda err, job=job: self._failed(job, err))

    def _decided(self, _index: int) -> None:
        self.record(strings.UNDO_DECIDE)

    def _rechecked(self, job, session, out, notice: str) -> None:
        if job != self._job or session is not self.session:
            return
        self.worker = None
        report, findings = out
        session.set_findings(report, findings)
        self.statusBar().showMessage(notice, 8000)
        self.report.set_session(session, then=self.checked.emit)

    # --- watching the file on disk ------------------------------------------------------------
    def _file_changed(self, path: str) -> None:
        s = self.session
        if s is None or not exporting.same_file(path, s.path):
            return
        self._again("external", edits={}, dropped_edits=bool(s.edits))

    def _file_gone(self, path: str) -> None:
        if self.session is not None and exporting.same_file(path, self.session.path):
            self.banner.show_message("warning", strings.NOTICE_FILE_GONE)

    # --- drag and drop ------------------------------------------------------------------------
    @staticmethod
    def _local_files(mime) -> list[str]:
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self._local_files(event.mimeData()):
            event.acceptProposedAction()
            self.start.drop.set_active(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._local_files(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.start.drop.set_active(False)

    def dropEvent(self, event) -> None:
        self.start.drop.set_active(False)
        paths = [f for f in self._local_files(event.mimeData()) if os.path.exists(f)]
        files = [f for f in paths if os.path.isfile(f)]
        if not paths:
            self.banner.show_message("warning", strings.DROP_NOT_FILE)
            event.ignore()
            return
        event.acceptProposedAction()
        if len(paths) > 1 or not files:
            self.show_batch(paths)        # a folder or several files: the batch window
            return
        self.open_path(files[0])

    # --- batch --------------------------------------------------------------------------------
    def show_batch(self, paths: list[str] | None = None) -> None:
        from gui.batch_window import BatchWindow

        if self.batch_window is None:
            self.batch_window = BatchWindow()
            self.batch_window.setWindowIcon(self.windowIcon())
            self.batch_window.open_report.connect(self.open_from_batch)
        w = self.batch_window
        w.show()
        w.raise_()
        w.activateWindow()
        if paths:
            w.start(list(paths))

    def open_from_batch(self, path: str, prior: str = "") -> None:
        """A batch row: opened with the same last year's report the batch paired it with, so
        its counts are the batch's."""
        self.open_path(path, prior or None)
        self.raise_()
        self.activateWindow()

    # --- zoom of the tables -------------------------------------------------------------------
    # bound methods, not lambdas holding ``self``: a lambda connected to a child's signal
    # keeps the window alive in a cycle, and PySide 6.12 then crashes deleting it at exit
    def zoom_in(self) -> None:
        self.zoom(1)

    def zoom_out(self) -> None:
        self.zoom(-1)

    def zoom_reset(self) -> None:
        self.zoom(0)

    def zoom(self, step: int) -> None:
        """Ctrl + / Ctrl - / Ctrl 0: larger, smaller, normal tables (remembered)."""
        factor = self.report.zoom_step(step)
        settings().setValue(ZOOM_KEY, factor)
        self.statusBar().showMessage(strings.ZOOM_NOTICE.format(percent=round(factor * 100)),
                                     3000)

    def closeEvent(self, event) -> None:
        if not self.leave_report(self.close):
            event.ignore()
            return
        self._job += 1                      # a check still running is ignored when it ends
        if self.worker is not None:
            self.worker.abort()
        self.file_watcher.stop()
        settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.batch_window is not None:
            self.batch_window.shutdown()
        super().closeEvent(event)

    # --- help ---------------------------------------------------------------------------------
    def show_help(self) -> None:
        dialog = HelpDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
