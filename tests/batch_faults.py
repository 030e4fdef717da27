"""Checkers for the batch's fault tests. They run inside real worker processes, so they live in
a module a spawned worker can import."""
from __future__ import annotations

import os
import time
from pathlib import Path

from core.batch.run import _check_one


def faulty_checker(path: str, prior: str | None):
    """Hang on a file named *卡住*, kill the process on *崩溃*, raise on *异常*; else check."""
    name = Path(path).name
    if "卡住" in name:
        time.sleep(3600)
    if "崩溃" in name:
        os._exit(7)                      # as a segfault in a parser library would end it
    if "异常" in name:
        raise MemoryError("simulated")
    return _check_one(path, prior)


def slow_checker(path: str, prior: str | None):
    time.sleep(0.5)
    return _check_one(path, prior)


def progressing_checker(path: str, prior: str | None):
    """*慢* files take several time limits in all but report progress (as the pages of a long
    scan do); *不停* files report progress for ever; each file says its worker's OCR threads."""
    from core.batch.run import FileRow, progressed
    from core.readers.ocr_engine import THREADS_ENV

    name = Path(path).name
    steps = 10 ** 6 if "不停" in name else 6 if "慢" in name else 0
    for k in range(steps):
        time.sleep(0.3)
        progressed(k + 1, steps)
    return FileRow(path, "checked", report={"threads": os.environ.get(THREADS_ENV)})
