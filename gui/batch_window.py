"""Batch checking: a folder (subfolders included) or many files, checked by ``core.api.check_batch`` in
a worker thread. The table fills in as files finish (core calls ``progress`` in the worker; a
signal brings each row to the GUI thread); when the batch returns, its final rows replace them
(files of one agency for consecutive years are re-checked with each other). Filtering, sorting,
cancel, double-click to open a report in the main window, export of the audit workbook."""
from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMainWindow, QProgressBar,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from core.api import (batch_files, batch_similar_text, batch_status_text, check_batch,
                      write_batch_workbook)
from gui import errors, exporting, strings, theme
from gui.export_actions import ExportActions, show_exported
from gui.start_page import settings
from gui.widgets import Banner
from gui.worker import Worker, run_in_background

FILE, AGENCY, YEAR, LEVEL, STATUS, ERROR, WARNING, INFO, PROBLEMS, SIMILAR = range(10)
PATH_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2
KIND_ROLE = Qt.UserRole + 3          # error / warning / clean / failed
PRIOR_ROLE = Qt.UserRole + 4         # last year's report the batch paired the file with
FIRST_PROBLEMS = 3
FOLDER_KEY = "batch_folder"
GEOMETRY_KEY = "batch_geometry"
NOTICE_MS = 15000
FILTERS = (("all", strings.BATCH_SHOW_ALL), ("error", strings.BATCH_SHOW_ERRORS),
           ("warning", strings.BATCH_SHOW_WARNINGS), ("clean", strings.BATCH_SHOW_CLEAN),
           ("failed", strings.BATCH_SHOW_FAILED))
KIND_BG = {"error": theme.SEVERITY_COLOURS["error"][0], "warning": theme.SEVERITY_COLOURS["warning"][0],
           "clean": "#E2F3E5", "failed": "#E4E6EA"}


def row_kind(row) -> str:
    if row.status != "checked":
        return "failed"
    counts = row.counts or {}
    if counts.get("error"):
        return "error"
    return "warning" if counts.get("warning") else "clean"


def problems_text(row) -> str:
    if row.status != "checked":
        return (row.refusal or {}).get("message", "")
    messages = [f["message"] for f in row.findings[:FIRST_PROBLEMS]]
    return strings.BATCH_PROBLEM_SEP.join(messages) if messages else strings.BATCH_NO_PROBLEMS


def row_items(row, similar: str = "") -> list[QStandardItem]:
    """One table row for a core.batch.FileRow: display text, sort key, colours; ``similar``:
    its copied-prose words (known when the batch has ended)."""
    report, counts, kind = row.report or {}, row.counts or {}, row_kind(row)
    values = [(os.path.basename(row.path), os.path.basename(row.path).lower()),
              (report.get("agency") or "", report.get("agency") or ""),
              (str(report.get("year") or ""), report.get("year") or 0),
              (report.get("level") or "", report.get("level") or ""),
              (batch_status_text(row.status), ("error", "warning", "clean", "failed")
               .index(kind))]
    for sev in ("error", "warning", "info"):
        n = counts.get(sev, 0) if row.status == "checked" else None
        values.append(("" if n is None else str(n), -1 if n is None else n))
    values.append((problems_text(row), problems_text(row)))
    values.append((similar, similar))
    items = []
    for col, (text, key) in enumerate(values):
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(key, SORT_ROLE)
        item.setData(row.path, PATH_ROLE)
        item.setData(kind, KIND_ROLE)
        item.setData(row.prior or "", PRIOR_ROLE)
        if col in (YEAR, ERROR, WARNING, INFO):
            item.setTextAlignment(Qt.AlignCenter)
        items.append(item)
    items[FILE].setToolTip(row.path)
    items[PROBLEMS].setToolTip("\n".join(f["message"] for f in row.findings[:12])
                               if row.status == "checked" and row.findings else problems_text(row))
    items[STATUS].setBackground(QColor(KIND_BG[kind]))
    for col, sev in ((ERROR, "error"), (WARNING, "warning"), (INFO, "info")):
        if counts.get(sev) and row.status == "checked":
            items[col].setForeground(theme.severity_fg(sev))
            f = items[col].font()
            f.setBold(True)
            items[col].setFont(f)
    return items


class BatchFilter(QSortFilterProxyModel):
    """Rows whose kind passes the chosen filter and whose file, agency or problems contain the
    typed text; sorts by SORT_ROLE (numbers as numbers)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.kind = "all"
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str | None = None, kind: str | None = None) -> None:
        staged = hasattr(self, "endFilterChange")       # Qt 6.10+; before it: invalidateFilter
        if staged:
            self.beginFilterChange()
        if text is not None:
            self.text = text.strip().lower()
        if kind is not None:
            self.kind = kind
        if staged:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, r: int, parent) -> bool:
        m = self.sourceModel()
        kind = m.index(r, FILE, parent).data(KIND_ROLE)
        wanted = {"all": None, "error": {"error"}, "warning": {"error", "warning"},
                  "clean": {"warning", "clean"}, "failed": {"failed"}}[self.kind]
        if wanted is not None and kind not in wanted:
            return False
        if not self.text:
            return True
        hay = " ".join(m.index(r, c, parent).data() or "" for c in (FILE, AGENCY, PROBLEMS))
        hay += " " + (m.index(r, FILE, parent).data(PATH_ROLE) or "")
        return self.text in hay.lower()


class BatchSignals(QObject):
    files = Signal(object)              # the list of files found
    row = Signal(int, object)           # index into files, core.batch.FileRow


def batch_job(paths: list[str], cancel: threading.Event, signals: BatchSignals):
    """Worker function: find the files, then check them (returns core.batch.BatchResult)."""
    files = batch_files(paths)
    signals.files.emit(files)
    return check_batch(files, progress=lambda i, row: signals.row.emit(i, row),
                       cancelled=cancel.is_set)


class BatchWindow(QMainWindow):
    open_report = Signal(str, str)      # a double-clicked row: its path and last year's report
    finished = Signal()                 # a batch has ended (done, cancelled or failed)
    exported = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(strings.BATCH_TITLE)
        self.resize(1300, 780)
        self.setAcceptDrops(True)
        self.files: list[str] = []
        self.inputs: list[str] = []               # what was chosen or dropped
        self.result = None
        self.worker: Worker | None = None
        self._cancel: threading.Event | None = None
        self._done = 0
        self._rows: dict[str, int] = {}           # path -> source row
        self.signals = BatchSignals(self)
        self.signals.files.connect(self._files_found)
        self.signals.row.connect(self._row_done)

        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(12, 10, 12, 10)
        box.setSpacing(8)
        self.banner = Banner()
        box.addWidget(self.banner)
        intro = QLabel(strings.BATCH_INTRO)
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        box.addWidget(intro)
        top = QHBoxLayout()
        self.folder_button = QPushButton(strings.BATCH_CHOOSE_FOLDER)
        self.folder_button.setObjectName("primary")
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button = QPushButton(strings.BATCH_CHOOSE_FILES)
        self.files_button.clicked.connect(self.choose_files)
        self.cancel_button = QPushButton(strings.CANCEL)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton(strings.BATCH_EXPORT)
        self.export_button.clicked.connect(self.export_dialog)
        for w in (self.folder_button, self.files_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.export_button)
        box.addLayout(top)
        progress = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("%v / %m")
        self.state = QLabel(strings.BATCH_IDLE)
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        box.addLayout(progress)
        box.addWidget(self.state)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(strings.BATCH_FILTER_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        self.kind = QComboBox()
        for key, label in FILTERS:
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.shown = QLabel()
        self.shown.setObjectName("muted")
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind)
        filters.addWidget(self.shown)
        box.addLayout(filters)

        self.model = QStandardItemModel(0, len(strings.BATCH_HEADERS), self)
        self.model.setHorizontalHeaderLabels(list(strings.BATCH_HEADERS))
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FILE, Qt.AscendingOrder)      # file-name order; a header click re-sorts
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(30)
        header = self.view.horizontalHeader()
        for col, width in ((FILE, 300), (AGENCY, 220), (YEAR, 56), (LEVEL, 96), (STATUS, 96),
                           (ERROR, 52), (WARNING, 52), (INFO, 52)):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(PROBLEMS, QHeaderView.Stretch)
        header.setSectionResizeMode(SIMILAR, QHeaderView.Interactive)
        self.view.setColumnWidth(SIMILAR, 200)
        header.setSortIndicatorShown(True)
        self.view.doubleClicked.connect(self._open_index)
        enter = QShortcut(QKeySequence(Qt.Key_Return), self.view)
        enter.setContext(Qt.WidgetShortcut)
        enter.activated.connect(self._open_current)
        box.addWidget(self.view, 1)
        self.setCentralWidget(central)
        geometry = settings().value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update()

    # --- choosing what to check ---------------------------------------------------------------
    def _start_folder(self) -> str:
        return str(settings().value(FOLDER_KEY, "") or "")

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, strings.BATCH_FOLDER_DIALOG,
                                                  self._start_folder())
        if folder:
            self.start([folder])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, strings.BATCH_FILES_DIALOG,
                                                self._start_folder(), strings.FILE_FILTER)
        if files:
            self.start(files)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, paths: list[str]) -> bool:
        """Check ``paths`` (folders and files); False when a batch is already running."""
        if self.running:
            self.banner.show_message("warning", strings.BATCH_BUSY)
            return False
        paths = [os.path.abspath(p) for p in paths]
        self.inputs = paths
        first = paths[0] if paths else ""
        if first:
            s = settings()
            s.setValue(FOLDER_KEY, first if os.path.isdir(first) else os.path.dirname(first))
        self.banner.hide()
        self.model.removeRows(0, self.model.rowCount())
        self._rows.clear()
        self.files, self.result, self._done = [], None, 0
        self._cancel = threading.Event()
        self.bar.setRange(0, 0)
        self.state.setText(strings.BATCH_COLLECTING)
        self.worker = run_in_background(batch_job, paths, self._cancel, self.signals,
                                        returned=self._finished, errored=self._failed)
        self._update()
        return True

    def cancel(self) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.state.setText(strings.BATCH_CANCELLING)
            self.cancel_button.setEnabled(False)

    # --- rows arriving ------------------------------------------------------------------------
    def _files_found(self, files: list[str]) -> None:
        self.files = list(files)
        self.bar.setRange(0, max(len(files), 1))
        self.bar.setValue(0)
        self.state.setText(strings.BATCH_PROGRESS.format(done=0, total=len(files)))

    def _put(self, row, similar: str = "") -> None:
        items = row_items(row, similar)
        at = self._rows.get(row.path)
        if at is None:
            self._rows[row.path] = self.model.rowCount()
            self.model.appendRow(items)
        else:
            for col, item in enumerate(items):
                self.model.setItem(at, col, item)

    def _row_done(self, _index: int, row) -> None:
        if self.worker is None:
            return                              # a late row of a batch that has ended
        self._put(row)
        self._done += 1
        total = len(self.files)
        self.bar.setValue(self._done)
        text = strings.BATCH_PAIRING if self._done >= total else strings.BATCH_PROGRESS
        if not (self._cancel and self._cancel.is_set()):
            self.state.setText(text.format(done=self._done, total=total))
        self._update()

    def _finished(self, result) -> None:
        self.worker = None
        self.result = result
        cancelled = bool(self._cancel and self._cancel.is_set())
        similar = batch_similar_text(result)
        for row in result.rows:                 # the final rows (paired files were re-checked)
            self._put(row, similar.get(row.path, ""))
        n = len(result.rows)
        if cancelled:
            self.state.setText(strings.BATCH_CANCELLED.format(done=n))
        elif not self.files:
            self.state.setText(strings.BATCH_NO_FILES)
            self.banner.show_message("warning", strings.BATCH_NO_FILES)
        else:
            kinds = [row_kind(r) for r in result.rows]
            text = strings.BATCH_DONE.format(
                n=n, seconds=result.seconds, checked=n - kinds.count("failed"),
                errors=kinds.count("error"), failed=kinds.count("failed"))
            if result.similar:
                text += strings.BATCH_SIMILAR.format(n=len(result.similar))
            self.state.setText(text)
        self.bar.setRange(0, max(len(self.files), 1))
        self.bar.setValue(n if not cancelled else self._done)
        self._update()
        self.finished.emit()

    def _failed(self, err) -> None:
        self.worker = None
        exc, tb_text = err
        errors.report_exception(exc, tb_text, self)
        self.state.setText(strings.BATCH_IDLE)
        self.bar.setRange(0, 1)
        self._update()
        self.finished.emit()

    # --- the table ----------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        self._filter(text=text)

    def _kind_changed(self, _index: int) -> None:
        self._filter(kind=self.kind.currentData())

    def _filter(self, text: str | None = None, kind: str | None = None) -> None:
        self.proxy.set_filter(text, kind)
        self._update()

    def _update(self) -> None:
        running = self.running
        self.cancel_button.setEnabled(running and not (self._cancel and self._cancel.is_set()))
        self.cancel_button.setVisible(running)
        self.folder_button.setEnabled(not running)
        self.files_button.setEnabled(not running)
        self.export_button.setEnabled(not running and self.result is not None
                                      and bool(self.result.rows))
        total = self.model.rowCount()
        self.shown.setText(strings.BATCH_SHOWN.format(shown=self.proxy.rowCount(), total=total)
                           if total else "")

    def path_at(self, proxy_row: int) -> str | None:
        index = self.proxy.index(proxy_row, FILE)
        return index.data(PATH_ROLE) if index.isValid() else None

    def _open_index(self, index) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.open_report.emit(path, index.data(PRIOR_ROLE) or "")

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._open_index(index)

    # --- export -------------------------------------------------------------------------------
    ask_save_path = ExportActions.ask_save_path
    confirm_replace = ExportActions.confirm_replace

    def export_folder(self) -> str:
        """Beside the checked folder, not inside it (a next batch of that folder would pick
        the workbook up as one more file); beside the files when files were chosen."""
        first = self.inputs[0] if self.inputs else (self.files[0] if self.files else "")
        return os.path.dirname(first.rstrip(os.sep)) if first else self._start_folder()

    def export_dialog(self) -> None:
        if self.result is None:
            return
        path = self.ask_save_path(strings.BATCH_SAVE_TITLE,
                                  os.path.join(self.export_folder(), strings.BATCH_DEFAULT_NAME),
                                  strings.XLSX_FILTER)
        if not path:
            return
        if any(exporting.same_file(p, f) for f in self.files
               for p in (path, exporting.with_suffix(path, ".xlsx"))):
            self.banner.show_message("error", strings.BATCH_EXPORT_SAME)
            return
        path = exporting.with_suffix(path, ".xlsx")
        overwrite = False
        if os.path.exists(path):
            if not self.confirm_replace(path):
                return
            overwrite = True
        self.export(path, overwrite)

    def export(self, path: str, overwrite: bool = False) -> None:
        self.export_button.setEnabled(False)
        run_in_background(write_batch_workbook, self.result, path, overwrite, inputs=list(self.files),
                          returned=self._exported, errored=self._export_failed,
                          finished=self._update)

    def _exported(self, path) -> None:
        show_exported(self.banner, str(path))
        self.exported.emit(str(path))

    def _export_failed(self, err) -> None:
        exc, tb_text = err
        message = exporting.failure_message(exc)
        if message is None:
            errors.report_exception(exc, tb_text, self)
            message = strings.EXPORT_FAILED.format(reason=type(exc).__name__)
        self.banner.show_message("error", message)
        self.exported.emit("")

    # --- drops, closing -----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if os.path.exists(p)]
        if not paths:
            self.banner.show_message("warning", strings.DROP_NOT_FILE)
            event.ignore()
            return
        event.acceptProposedAction()
        self.start(paths)

    def closeEvent(self, event) -> None:
        self.cancel()
        settings().setValue(GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """The application is quitting: cancel, and let the worker stop its processes (core
        polls ``cancelled`` every 0.2 s) before the interpreter goes away under it."""
        self.close()
        worker = self.worker
        if worker is not None:
            worker.done.wait(timeout_s)
