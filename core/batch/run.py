"""Batch checking for supervisors: a folder of reports in, one row per file out.

Files are checked in parallel worker processes. A worker that crashes or exceeds the per-file
time limit is replaced; its file becomes a row saying so and the batch goes on. Reports of one
agency for consecutive years are paired and re-checked with the cross-year rules. Prose copied
between reports is measured with character shingles (see ``similarity``).
"""
from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from core import messages
from core.checking import check
from core.findings import CheckOptions, CheckResult

FILE_TIME_LIMIT = 60.0              # seconds one file may take before its worker is replaced
SKIP_SUFFIXES = {".tmp", ".lnk", ".ini", ".db"}
SHINGLE = 5                         # characters per shingle
SIMILAR_MIN = 0.6                   # share of common shingles that counts as 内容雷同
MIN_PROSE_CHARS = 200               # shorter prose is not compared


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

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status, "refusal": self.refusal,
                "report": self.report, "counts": self.counts, "findings": self.findings,
                "prior": self.prior}


@dataclass
class Similar:
    a: str
    b: str
    share: float
    same_agency: bool

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "share": round(self.share, 3),
                "same_agency": self.same_agency}


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
    return _NOISE.sub("", _YEAR.sub("年", text))


def summarise(result: CheckResult, seconds: float = 0.0, prior: str | None = None) -> FileRow:
    data = result.to_json()
    status = data["status"]
    if status == "refused" and data["refusal"]["code"] in ("not_a_report", "unsupported"):
        status = "not_a_report"
    return FileRow(result.path, status, data["refusal"], data["report"], data["counts"],
                   data["findings"], prose_of(result), prior, seconds)


def _check_one(path: str, prior: str | None) -> FileRow:
    start = time.perf_counter()
    result = check(path, CheckOptions(prior=prior))
    return summarise(result, time.perf_counter() - start, prior)


def _serve(conn, checker) -> None:
    """A worker process: check the (index, path, prior) tasks its pipe brings until told to stop.

    Every worker owns its pipe, so the parent can kill a worker that hangs without leaving a
    lock of a shared queue held by the dead process.
    """
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, path, prior = item
        try:
            row = checker(path, prior)
        except Exception as exc:        # a defect met by one file must not end the batch
            row = FileRow(path, "crashed", {"code": "crashed",
                                            "message": messages.BATCH_CRASHED.format(
                                                detail=type(exc).__name__)})
        conn.send((index, row))


class _Worker:
    """One worker process and the parent's end of its pipe; ``task`` is (index, start) or None."""

    def __init__(self, ctx, checker):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, checker), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, float] | None = None

    def give(self, index: int, path: str, prior: str | None) -> None:
        self.conn.send((index, path, prior))
        self.task = (index, time.monotonic())

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


def _failed_row(path: str, code: str, time_limit: float) -> FileRow:
    message = (messages.BATCH_TIMEOUT.format(seconds=int(time_limit)) if code == "timeout"
               else messages.BATCH_CRASHED.format(detail="进程意外退出"))
    return FileRow(path, code, {"code": code, "message": message})


def start_method() -> str:
    """'spawn' everywhere: a forked child of a process that runs Qt threads may inherit held
    locks, and spawn is what Windows and the frozen executable use anyway."""
    return os.environ.get("NIANBAO_MP_START", "spawn")


def run_parallel(tasks: list[tuple[str, str | None]], jobs: int,
                 progress: Callable[[int, FileRow], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 time_limit: float = FILE_TIME_LIMIT,
                 checker: Callable[[str, str | None], FileRow] = _check_one) -> list[FileRow]:
    """Check (path, prior) pairs in ``jobs`` processes; rows come back in task order.

    A file whose worker dies becomes a ``crashed`` row, one that takes longer than
    ``time_limit`` seconds a ``timeout`` row; its worker is replaced and the batch goes on.
    ``checker`` must be a module-level function (it is sent to the worker processes).
    """
    if not tasks:
        return []
    ctx = mp.get_context(start_method())
    rows: list[FileRow | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))[::-1]          # popped from the end: task order
    workers = [_Worker(ctx, checker) for _ in range(max(1, min(jobs, len(tasks))))]
    done = 0

    def finish(w: _Worker, row: FileRow) -> None:
        nonlocal done
        index = w.task[0]
        w.task = None
        rows[index] = row
        done += 1
        if progress:
            progress(index, row)

    def replace(w: _Worker) -> _Worker:
        w.stop(kill=True)
        fresh = _Worker(ctx, checker)
        workers[workers.index(w)] = fresh
        return fresh

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
                    try:
                        if w.conn.poll():
                            _, row = w.conn.recv()
                            finish(w, row)
                            continue
                    except (EOFError, OSError):
                        pass
                    if not w.proc.is_alive():
                        finish(w, _failed_row(tasks[w.task[0]][0], "crashed", time_limit))
                        replace(w)
                elif time.monotonic() - w.task[1] > time_limit:
                    finish(w, _failed_row(tasks[w.task[0]][0], "timeout", time_limit))
                    replace(w)
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)
    return [r for r in rows if r is not None]


def pair_years(rows: list[FileRow]) -> dict[str, str]:
    """path of this year's report -> path of the same agency's report for the year before."""
    by_key = {}
    for r in rows:
        agency, year = r.report.get("agency"), r.report.get("year")
        if r.status == "checked" and agency and year:
            by_key.setdefault((agency, year), r.path)
    return {path: by_key[(agency, year - 1)] for (agency, year), path in by_key.items()
            if (agency, year - 1) in by_key}


def shingles(text: str) -> set[int]:
    return {hash(text[i:i + SHINGLE]) for i in range(max(0, len(text) - SHINGLE + 1))}


def similarity(rows: list[FileRow], threshold: float = SIMILAR_MIN) -> list[Similar]:
    """内容雷同: pairs whose prose shares at least ``threshold`` of its 5-character shingles.

    The measure is the containment of the smaller shingle set in the larger (|A∩B| / min(|A|,
    |B|)), computed on the prose of 一, 五 and 六 with years masked, digits and punctuation
    removed: a report copied from last year with only the year changed scores 1.0, two
    unrelated reports of the same format score well under 0.3.
    """
    sets = [(r, shingles(r.prose)) for r in rows if len(r.prose) >= MIN_PROSE_CHARS]
    out = []
    for i, (a, sa) in enumerate(sets):
        for b, sb in sets[i + 1:]:
            share = len(sa & sb) / min(len(sa), len(sb))
            if share >= threshold:
                same = bool(a.report.get("agency")) and a.report.get("agency") == b.report.get("agency")
                out.append(Similar(a.path, b.path, share, same))
    return sorted(out, key=lambda s: -s.share)


@dataclass
class BatchResult:
    rows: list[FileRow]
    similar: list[Similar]
    seconds: float

    def to_json(self) -> dict:
        return {"version": 1, "files": [r.to_json() for r in self.rows],
                "similar": [s.to_json() for s in self.similar], "seconds": round(self.seconds, 2)}


def run_batch(paths: list[str], jobs: int = 0, progress=None, cancelled=None,
              time_limit: float = FILE_TIME_LIMIT, checker=_check_one) -> BatchResult:
    start = time.perf_counter()
    files = collect(paths)
    jobs = jobs or os.cpu_count() or 1
    rows = run_parallel([(f, None) for f in files], jobs, progress, cancelled, time_limit, checker)
    pairs = pair_years(rows)
    if pairs and not (cancelled and cancelled()):
        again = run_parallel(list(pairs.items()), jobs, None, cancelled, time_limit, checker)
        redone = {r.path: r for r in again}
        rows = [redone.get(r.path, r) if r.path in pairs else r for r in rows]
    return BatchResult(rows, similarity(rows), time.perf_counter() - start)


def iter_findings(result: BatchResult) -> Iterator[tuple[FileRow, dict]]:
    for row in result.rows:
        for f in row.findings:
            yield row, f
