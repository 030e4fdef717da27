"""Long work off the GUI thread (STYLE §7), in the shape of superqt's ``WorkerBase``.

A ``Worker`` is a ``QRunnable`` started on ``QThreadPool.globalInstance()``. Its ``signals``
QObject (created in the GUI thread) carries ``returned`` / ``errored`` / ``finished`` /
``progress``; connected slots run in the GUI thread (queued connections). A function that is a
generator reports each ``yield`` as progress and stops at the next ``yield`` after ``abort()``;
a plain function runs to its end, and after ``abort()`` its result is dropped (``returned`` is
not emitted). The worker never touches a widget.

    worker = run_in_background(check, path, returned=self.on_result, errored=self.on_error)
    worker.abort()          # e.g. the person pressed Cancel

With ``hooks=True`` the function also gets ``progress=`` (call it with ``done, total``; it
arrives as ``progress`` ``(done, total)`` in the GUI thread) and ``cancelled=`` (returns True
after ``abort()``): core's ``CheckOptions.progress`` / ``cancelled``, so a long PDF shows its
pages and stops between two pages when the person cancels.
"""
from __future__ import annotations

import inspect
import sys
import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    returned = Signal(object)
    errored = Signal(object)       # (exception, formatted traceback)
    finished = Signal()
    progress = Signal(object)


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` in the global thread pool."""

    _alive: set["Worker"] = set()      # keeps the Python side alive until ``finished``
    _lock = threading.Lock()

    def __init__(self, fn, *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = WorkerSignals()
        self._abort = threading.Event()
        self.done = threading.Event()

    # -- called from the GUI thread --
    def start(self) -> "Worker":
        with Worker._lock:
            Worker._alive.add(self)
        self.signals.finished.connect(self._release)
        QThreadPool.globalInstance().start(self)
        return self

    def abort(self) -> None:
        self._abort.set()

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def _release(self) -> None:
        with Worker._lock:
            Worker._alive.discard(self)

    # -- runs in the pool thread --
    def report_progress(self, done: int, total: int) -> None:
        if not self.aborted:
            self.signals.progress.emit((done, total))

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
            if inspect.isgenerator(result):
                result = self._drain(result)
            if not self.aborted:
                self.signals.returned.emit(result)
        except BaseException as exc:   # noqa: BLE001 - every failure reaches the window
            if not self.aborted:
                self.signals.errored.emit((exc, "".join(traceback.format_exception(*sys.exc_info()))))
        finally:
            self.done.set()
            self.signals.finished.emit()

    def _drain(self, gen):
        try:
            while True:
                value = next(gen)
                if self.aborted:
                    gen.close()
                    return None
                self.signals.progress.emit(value)
        except StopIteration as stop:
            return stop.value


def run_in_background(fn, *args, returned=None, errored=None, finished=None, progress=None,
                      hooks=False, **kwargs) -> Worker:
    worker = Worker(fn, *args, **kwargs)
    if hooks:
        worker.kwargs.update(progress=worker.report_progress, cancelled=lambda: worker.aborted)
    for signal, slot in ((worker.signals.returned, returned), (worker.signals.errored, errored),
                         (worker.signals.finished, finished),
                         (worker.signals.progress, progress)):
        if slot is not None:
            signal.connect(slot)
    return worker.start()
