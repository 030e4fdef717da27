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
