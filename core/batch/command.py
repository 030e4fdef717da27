"""The ``batch`` command of the command line: check a folder, write the audit workbook and/or
the compiled numbers.

    python main.py batch 报告目录/ -o 检查汇总.xlsx [--data 数据.xlsx|.csv] [--jobs N] [--json]
                                                   [--overwrite]

Every file's result is streamed to a JSON-lines journal beside the output (检查汇总.jsonl) as it
arrives. Whatever fails afterwards (the workbook cannot be written, the disk is full, a defect)
ends with a Chinese message naming the journal, never with a traceback.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from core import messages
from core.batch.run import collect, run_batch

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def journal_path(args) -> Path:
    """The JSON-lines journal: beside the workbook (or the data file), same name, .jsonl."""
    out = Path(args.output or args.data).expanduser().absolute()
    return out.with_suffix(".jsonl")


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return messages.BATCH_SECONDS.format(s=seconds)
    return messages.BATCH_MINUTES.format(m=seconds // 60, s=seconds % 60)


class Progress:
    """Files done, rate and time left on stderr: one line rewritten in place on a console, a
    line every ``every`` seconds when stderr is a file or a pipe."""

    def __init__(self, total: int, stream=None, every: float = 10.0):
        self.total, self.stream = total, stream or sys.stderr
        self.start = self.last = time.monotonic()
        self.done = 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.every = 0.5 if self.tty else every

    def text(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        return messages.BATCH_PROGRESS.format(done=self.done, total=self.total, rate=rate,
                                              left=duration(left))

    def step(self, row) -> None:
        self.done += 1
        now = time.monotonic()
        if row.status not in ("checked", "not_a_report"):
            self.line(f"{messages.BATCH_STATUS.get(row.status, row.status)}  {row.path}")
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            self.line(self.text(), transient=self.tty and self.done < self.total)

    def line(self, text: str, transient: bool = False) -> None:
        end = "\r" if transient else "\n"
        prefix = "\r\x1b[K" if self.tty else ""
        print(prefix + text, end=end, file=self.stream, flush=True)


def _can_write(path: Path) -> None:
    """Raise OutputError (in Chinese) when a file cannot be created at ``path``; leaves nothing."""
    import os

    from core.fsutil import as_output_error

    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as err:
        raise as_output_error(err, path) from err
    if not existed:
        os.remove(path)


def cmd_batch(args) -> int:
    import json

    from core.fsutil import OutputError, prepare_output

    if not args.output and not getattr(args, "data", None):
        print(messages.BATCH_NEED_OUTPUT, file=sys.stderr)
        return EXIT_USAGE
    journal = journal_path(args)
    try:
        if args.output:
            prepare_output(args.output, None, args.overwrite, suffixes=(".xlsx",))
        if args.data:
            prepare_output(args.data, None, args.overwrite, suffixes=(".xlsx", ".csv"))
        prepare_output(journal, None, args.overwrite, suffixes=(".jsonl",))
        _can_write(journal)     # the journal is the first thing written: find out now
    except OutputError as err:
        print(err.message, file=sys.stderr)
        return EXIT_USAGE
    files = collect([args.folder])
    if not files:
        print(messages.BATCH_NO_FILES.format(folder=args.folder), file=sys.stderr)
        return EXIT_USAGE

    bar = Progress(len(files))

    def stage(name, n):
        text = messages.BATCH_STAGE_YEARS if name == "years" else messages.BATCH_STAGE_SIMILAR
        bar.line(text.format(n=n))

    try:
        result = run_batch([args.folder], jobs=args.jobs, progress=lambda i, row: bar.step(row),
                           journal=journal, stage=stage)
    except KeyboardInterrupt:
        bar.line(messages.BATCH_INTERRUPTED.format(n=bar.done, path=journal))
        return EXIT_INTERRUPTED
    except Exception as exc:                # a defect must not lose the results: say where
        bar.line(messages.BATCH_FAILED.format(detail=_detail(exc), n=bar.done, path=journal))
        return EXIT_UNREADABLE
    code = write_outputs(result, args, files, journal, bar)
    if code is not None:
        return code
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    if any(r.status in ("refused", "timeout", "crashed") for r in result.rows):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.counts.get("error") for r in result.rows) else EXIT_OK


def write_outputs(result, args, files: list[str], journal: Path, bar: Progress) -> int | None:
    """Write the workbook (``args.output``) and the data (``args.data``); None when all went
    well, else the exit status after a Chinese message that says where the results are."""
    from core.fsutil import OutputError

    written = []
    for out, write in ((args.output, _write_workbook), (args.data, _write_data)):
        if not out:
            continue
        bar.line(messages.BATCH_STAGE_WRITE.format(out=out))
        try:
            written.append(write(result, out, args.overwrite, files))
        except OutputError as err:
            print(f"{err.message}\n" + messages.BATCH_JOURNAL.format(path=journal), file=sys.stderr)
            return EXIT_USAGE
        except Exception as exc:            # openpyxl, memory, anything: the journal stays
            print(messages.BATCH_WRITE_FAILED.format(out=out, detail=_detail(exc), path=journal),
                  file=sys.stderr)
            return EXIT_UNREADABLE
    if not args.json:
        if args.output:
            print(messages.BATCH_DONE.format(n=len(result.rows), seconds=result.seconds,
                                             out=written[0]))
        if args.data:
            print(messages.BATCH_DATA_DONE.format(out=written[-1]))
        print(messages.BATCH_JOURNAL.format(path=journal))
    return None


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _write_workbook(result, out, overwrite, files):
    from core.batch.workbook import write_workbook

    return write_workbook(result, out, overwrite, inputs=files)


def _write_data(result, out, overwrite, files):
    from core.batch.data import write_data

    return write_data(result.rows, out, overwrite, inputs=files)
