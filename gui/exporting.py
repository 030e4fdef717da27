"""Where exports go and what a failed export tells the person. The writing itself is core's:
``core.api.fix`` (the corrected DOCX) and ``core.export.write_findings_xlsx`` (the sheet)."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from core.api import Refusal
from gui import strings


def same_file(a: str | Path, b: str | Path) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def default_path(input_path: str, template: str) -> str:
    """Next to the input and named after it (see strings.DEFAULT_DOCX); never the input's own
    path."""
    src = Path(input_path)
    candidate = src.with_name(template.format(stem=src.stem))
    n = 2
    while same_file(candidate, src):
        stem, suffix = Path(template.format(stem=src.stem)).stem, candidate.suffix
        candidate = src.with_name(strings.DEFAULT_NUMBERED.format(stem=stem, n=n, suffix=suffix))
        n += 1
    return str(candidate)


def with_suffix(path: str, suffix: str) -> str:
    return path if path.lower().endswith(suffix) else path + suffix


def write_docx(result, out_path: str, choices: dict, overwrite: bool) -> str:
    """Worker function."""
    from core.api import fix

    return fix(result, out_path, choices, overwrite=overwrite)


def write_xlsx(result, out_path: str, overwrite: bool) -> str:
    """Worker function."""
    from core.api import write_findings_xlsx

    return write_findings_xlsx(result, out_path, overwrite=overwrite)


def failure_message(exc: BaseException) -> str | None:
    """A Chinese sentence for a failure we expect; None for one we do not (a bug)."""
    if isinstance(exc, Refusal):
        return strings.EXPORT_FAILED.format(reason=exc.message)
    if isinstance(exc, OSError) and isinstance(getattr(exc, "message", None), str):
        return strings.EXPORT_FAILED.format(reason=exc.message)      # core's OutputError
    if isinstance(exc, ModuleNotFoundError) and "core.fix" in str(exc):
        return strings.EXPORT_UNAVAILABLE
    if isinstance(exc, FileExistsError):
        return strings.EXPORT_FAILED.format(reason=strings.EXPORT_FAILED_EXISTS)
    if isinstance(exc, PermissionError):
        return strings.EXPORT_FAILED.format(reason=strings.EXPORT_FAILED_PERMISSION)
    if isinstance(exc, OSError):
        reason = {errno.ENOENT: strings.EXPORT_FAILED_NO_FOLDER,
                  errno.ENOTDIR: strings.EXPORT_FAILED_NO_FOLDER,
                  errno.ENOSPC: strings.EXPORT_FAILED_DISK_FULL,
                  errno.EACCES: strings.EXPORT_FAILED_PERMISSION,
                  errno.EROFS: strings.EXPORT_FAILED_PERMISSION}.get(
            exc.errno, strings.EXPORT_FAILED_OTHER.format(detail=exc.strerror or type(exc).__name__))
        return strings.EXPORT_FAILED.format(reason=reason)
    return None
