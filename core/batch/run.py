"""Batch checking for supervisors: a folder of reports in, one row per file out.

Files are checked in parallel worker processes. A worker that crashes or exceeds the per-file
time limit is replaced; its file becomes a row saying so and the batch goes on. Reports of one
agency for consecutive years are paired and re-checked with the cross-year rules. Prose copied
between reports is found by MinHash and LSH and measured exactly on the candidates
(``core.batch.similar``). Every row can be streamed to a JSON-lines journal as it arrives, so a
failure later (writing the workbook) loses nothing.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from array import array

from core import messages
from core.batch.data import values_of
from core.batch.similar import (  # noqa: F401 (re-exported)
    MIN_PROSE_CHARS,
    SHINGLE,
    SIMILAR_MIN,
    Similar,
    shingles,
    similar_pairs,
    sketch,
)
from core.checking import check
from core.findings import CheckOptions, CheckResult

# A file's worker is replaced when it makes no progress for FILE_TIME_LIMIT seconds (a PDF
# reports each page it has read: a scan read by OCR takes seconds a page, and a long one may take
# minutes in all), or when the whole file takes more than FILE_TIME_LIMIT * TOTAL_FACTOR seconds.
FILE_TIME_LIMIT = 60.0
TOTAL_FACTOR = 20
SKIP_SUFFIXES = {".tmp", ".lnk", ".ini", ".db", ".jsonl"}


@dataclass
class FileRow:
    """What the batch knows about one file, ready for the workbook and for JSON."""

    path: str
    status: str                     # checked / refused / not_a_report / timeout / crashed
    refusal: dict | None = None
    report: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)          # Finding.to_json() dicts
    prose: str = ""                  # normalised prose for 内容雷同, years masked
    prior: str | None = None         # the file used for cross-year checks
    seconds: float = 0.0
    sketch: bytes | None = None      # MinHash signature of ``prose`` (core.batch.similar)
    data: array | None = None        # one float per standard cell, NaN unread (core.batch.data)

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status, "refusal": self.refusal,
                "report": self.report, "counts": self.counts, "findings": self.findings,
                "prior": self.prior, "data": _data_json(self.data)}


def _data_json(data: array | None) -> list | None:
    from core.batch.data import number

    return None if data is None else [number(v) for v in data]


def collect(paths: list[str]) -> list[str]:
    """Files of the given folders (subfolders included) and files, in a stable order."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not f.name.startswith((".", "~$")) and \
                        f.suffix.lower() not in SKIP_SUFFIXES:
                    out.append(str(f))
        elif path.exists():
            out.append(str(path))
    return out


_YEAR = re.compile(r"(?:19|20)\d{2}")
_NOISE = re.compile(r"[\s\d０-９，。、；：,.;:“”\"'（）()《》]+")


def prose_of(result: CheckResult) -> str:
    """The report's own prose (not the tables), years masked, punctuation and digits removed."""
    if result.report is None:
        return ""
    keys = ("S1", "S5", "S6")
    text = "".join(p.text for k in keys for p in result.report.section_paragraphs(k))
    return _NOISE.sub("", _YEAR.sub("", text))


def summarise(result: CheckResult, seconds: float = 0.0, prior: str | None = None) -> FileRow:
    data = result.to_json()
    status = data["status"]
    if status == "refused" and data["refusal"]["code"] in ("not_a_report", "unsupported"):
        status = "not_a_report"
    prose = prose_of(result)
    return FileRow(result.path, status, data["refusal"], data["report"], data["counts"],
                   data["findings"], prose, prior, seconds, sketch(prose),
                   values_of(data.get("tables")))


_beat: Callable[[], None] | None = None     # in a worker: tells the parent the file progresses


def progressed(_done: int = 0, _total: int = 0) -> None:
    """Called by a checker while it works on a file (``CheckOptions.progress``): the worker's
    clock of no progress starts again. Does nothing outside a worker."""
    if _beat is not None:
        _beat()


def _check_one(path: str, prior: str | None) -> FileRow:
    start = time.perf_counter()
    result = check(path, CheckOptions(prior=prior, progress=progressed))
    return summarise(result, time.perf_counter() - start, prior)


def _serve(conn, checker, threads: int = 0) -> None:
    """A worker process: check the (index, path, prior) tasks its pipe brings until told to stop.
    While a file is checked, each page read is sent as (index, None).

    Every worker owns its pipe, so the parent can kill a worker that hangs without leaving a
    lock of a shared queue held by the dead process. ``threads``: the cores OCR may use in this
    worker (the workers share the machine's cores).
    """
    global _beat
    from core.readers.ocr_engine import THREADS_ENV

    if threads > 0:
        os.environ.setdefault(THREADS_ENV, str(threads))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, path, prior = item
        _beat = lambda: conn.send((index, None))      # noqa: E731 (bound to this task)
        try:
            row = checker(path, prior)
        except Exception as exc:        # a defect met by one file must not end the batch
            row = FileRow(path, "crashed", {"code": "crashed",
                                            "message": messages.BATCH_CRASHED.format(
                                                detail=type(exc).__name__)})
        finally:
            _beat = None
        conn.send((index, row))


class _Worker:
    """One worker process and the parent's end of its pipe; ``task`` is (index, start) or None."""

    def __init__(self, ctx, checker, threads: int = 0):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, checker, threads), daemon=True)
        self.proc.start()
        child.close()
        # (index, started, last progress) of the file being checked
        self.task: tuple[int, float, float] | None = None

    def give(self, index: int, path: str, prior: str | None) -> None:
        self.conn.send((index, path, prior))
        now = time.monotonic()
        self.task = (index, now, now)

    def overdue(self, limit: float) -> bool:
        _, started, last = self.task
        now = time.monotonic()
        return now - last > limit or now - started > limit * TOTAL_FACTOR

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


def _failed_row(path: str, code: str, time_limit: float, task=None) -> FileRow:
    if code == "timeout" and task is not None and time.monotonic() - task[2] <= time_limit:
        message = messages.BATCH_TIMEOUT_TOTAL.format(minutes=round(time_limit * TOTAL_FACTOR / 60))
    elif code == "timeout":
        message = messages.BATCH_TIMEOUT.format(seconds=int(time_limit))
    else:
        message = messages.BATCH_CRASHED.format(detail="进程意外退出")
    return FileRow(path, code, {"code": code, "message": message})


def start_method() -> str:
    """'spawn' everywhere: a forked child of a process that runs Qt threads may inherit held
    locks, and spawn is what Windows and the frozen executable use anyway."""
    return os.environ.get("NIANBAO_MP_START", "spawn")


class Pool:
    """``jobs`` worker processes kept for several rounds of tasks (the first pass, then the
    cross-year re-checks): starting a process costs seconds on a busy machine.

    A file whose worker dies becomes a ``crashed`` row, one that takes longer than
    ``time_limit`` seconds a ``timeout`` row; its worker is replaced and the batch goes on.
    ``checker`` must be a module-level function (it is sent to the worker processes).
    """

    def __init__(self, jobs: int, checker: Callable[[str, str | None], FileRow] = _check_one,
                 time_limit: float = FILE_TIME_LIMIT):
        self.ctx = mp.get_context(start_method())
        self.jobs, self.checker, self.time_limit = max(1, jobs), checker, time_limit
        self.threads = max(1, (os.cpu_count() or 1) // self.jobs)
        self.workers: list[_Worker] = []

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            w.stop(kill=w.task is not None)
        self.workers = []

    @staticmethod
    def _receive(w: _Worker, finish) -> bool:
        """Read what the worker sent: progress restarts its clock; True when its row came."""
        try:
            while w.task is not None and w.conn.poll():
                index, row = w.conn.recv()
                if row is not None:
                    finish(w, row)
                    return True
                if index == w.task[0]:
                    w.task = (index, w.task[1], time.monotonic())
        except (EOFError, OSError):
            pass
        return False

    def run(self, tasks: list[tuple[str, str | None]],
            progress: Callable[[int, FileRow], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> list[FileRow]:
        """Check (path, prior) pairs; rows come back in task order (fewer when cancelled)."""
        if not tasks:
            return []
        while len(self.workers) < min(self.jobs, len(tasks)):
            self.workers.append(_Worker(self.ctx, self.checker, self.threads))
        workers, limit = self.workers, self.time_limit
        rows: list[FileRow | None] = [None] * len(tasks)
        pending = list(range(len(tasks)))[::-1]          # popped from the end: task order
        done = 0

        def finish(w: _Worker, row: FileRow) -> None:
            nonlocal done
            index = w.task[0]
            w.task = None
            rows[index] = row
            done += 1
            if progress:
                progress(index, row)

        def replace(w: _Worker) -> None:
            w.stop(kill=True)
            workers[workers.index(w)] = _Worker(self.ctx, self.checker, self.threads)

        try:
            while done < len(tasks):
                if cancelled and cancelled():
                    break
                for w in workers:
                    if w.task is None and pending:
                        i = pending.pop()
                        w.give(i, *tasks[i])
                busy = [w for w in workers if w.task is not None]
                ready = mp_connection.wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                                           timeout=0.2)
                for w in busy:
                    if w.conn in ready or w.proc.sentinel in ready:
                        if self._receive(w, finish):
                            continue
                        if not w.proc.is_alive():
                            finish(w, _failed_row(tasks[w.task[0]][0], "crashed", limit))
                            replace(w)
                    if w.task is not None and w.overdue(limit):
                        finish(w, _failed_row(tasks[w.task[0]][0], "timeout", limit, w.task))
                        replace(w)
        finally:
            for w in [w for w in workers if w.task is not None]:    # cancelled or interrupted:
                w.stop(kill=True)                                    # no stale answer later
                workers.remove(w)
        return [r for r in rows if r is not None]


def run_parallel(tasks: list[tuple[str, str | None]], jobs: int,
                 progress: Callable[[int, FileRow], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 time_limit: float = FILE_TIME_LIMIT,
                 checker: Callable[[str, str | None], FileRow] = _check_one) -> list[FileRow]:
    """Check (path, prior) pairs in ``jobs`` processes (one ``Pool`` round); rows come back in
    task order."""
    with Pool(jobs, checker, time_limit) as pool:
        return pool.run(tasks, progress, cancelled)


def pair_years(rows: list[FileRow]) -> dict[str, str]:
    """path of this year's report -> path of the same agency's report for the year before."""
    by_key = {}
    for r in rows:
        agency, year = r.report.get("agency"), r.report.get("year")
        if r.status == "checked" and agency and year:
            by_key.setdefault((agency, year), r.path)
    return {path: by_key[(agency, year - 1)] for (agency, year), path in by_key.items()
            if (agency, year - 1) in by_key}


def similarity(rows: list[FileRow], threshold: float = SIMILAR_MIN,
               exhaustive: bool = False) -> list[Similar]:
    """内容雷同 among the rows (core.batch.similar.similar_pairs): candidates by LSH, each pair
    once with its exact containment and shared passages; ``exhaustive`` compares every pair."""
    items = [(r.path, r.report.get("agency"), r.prose, r.sketch) for r in rows]
    return similar_pairs(items, threshold, exhaustive)


class Journal:
    """Rows streamed to a JSON-lines file as they arrive, one object a line, flushed each time.
    A later line for the same path replaces an earlier one (the cross-year re-check); the last
    line lists the 内容雷同 pairs."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._file = open(self.path, "w", encoding="utf-8") if self.path else None

    def row(self, row: FileRow) -> None:
        self._line({"file": row.to_json()})

    def similar(self, pairs: list[Similar]) -> None:
        self._line({"similar": [s.to_json() for s in pairs]})

    def _line(self, obj: dict) -> None:
        if self._file is not None:
            self._file.write(json.dumps(obj, ensure_ascii=False) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_journal(path: str | Path) -> dict:
    """The rows and pairs of a journal as ``BatchResult.to_json`` gives them (the last line per
    path wins); a line cut short by a crash is skipped."""
    files: dict[str, dict] = {}
    similar: list = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if "file" in obj:
                files[obj["file"]["path"]] = obj["file"]
            elif "similar" in obj:
                similar = obj["similar"]
    return {"files": list(files.values()), "similar": similar}


@dataclass
class BatchResult:
    rows: list[FileRow]
    similar: list[Similar]
    seconds: float

    def to_json(self) -> dict:
        return {"version": 1, "files": [r.to_json() for r in self.rows],
                "similar": [s.to_json() for s in self.similar], "seconds": round(self.seconds, 2)}


def run_batch(paths: list[str], jobs: int = 0, progress=None, cancelled=None,
              time_limit: float = FILE_TIME_LIMIT, checker=_check_one,
              journal: str | Path | None = None, stage=None) -> BatchResult:
    """Check every file of ``paths``; pair consecutive years of one agency and re-check them with
    the cross-year rules; find 内容雷同. ``progress(i, row)`` after each file of the first pass;
    ``stage(name, n)`` when the cross-year pass ("years", n files) or 内容雷同 ("similar", n
    reports) starts; ``journal``: a JSON-lines file every row is written to as it arrives."""
    start = time.perf_counter()
    files = collect(paths)
    jobs = jobs or os.cpu_count() or 1
    log = Journal(journal)
    try:
        def first(i, row):
            log.row(row)
            if progress:
                progress(i, row)

        with Pool(jobs, checker, time_limit) as pool:
            rows = pool.run([(f, None) for f in files], first, cancelled)
            pairs = pair_years(rows)
            if pairs and not (cancelled and cancelled()):
                if stage:
                    stage("years", len(pairs))
                again = pool.run(list(pairs.items()), lambda i, row: log.row(row), cancelled)
                redone = {r.path: r for r in again if r.status == "checked"}
                rows = [redone.get(r.path, r) if r.path in pairs else r for r in rows]
        if stage:
            stage("similar", len(rows))
        similar = similarity(rows)
        log.similar(similar)
    finally:
        log.close()
    return BatchResult(rows, similar, time.perf_counter() - start)


def iter_findings(result: BatchResult) -> Iterator[tuple[FileRow, dict]]:
    for row in result.rows:
        for f in row.findings:
            yield row, f
