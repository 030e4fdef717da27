"""Writing output files safely: never the input, never a half-written file.

``prepare_output`` decides whether a path may be written (not the input, not an existing file
unless overwriting is allowed, an existing folder). ``write_atomic`` writes through a temporary
file in the same folder, fsyncs it and renames it over the target with ``os.replace``, so a
reader sees the old file or the new one, never a partial one. Every failure is an
``OutputError`` with a Chinese message.

``OutputError`` derives from ``OSError`` (with the matching ``errno``) so that callers which
already explain ``OSError`` (the GUI) keep working; its ``message`` is the sentence to show.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from core import messages


class OutputError(OSError):
    """An output that cannot or must not be written. ``code``: same_as_input, exists, is_dir,
    no_folder, bad_suffix, permission, disk_full, os_error."""

    USAGE_CODES = ("same_as_input", "exists", "is_dir", "no_folder", "bad_suffix")

    def __init__(self, code: str, message: str, err: int = 0):
        super().__init__(err, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def is_usage(self) -> bool:
        """A problem with the chosen path (the command line's usage), not with the disk."""
        return self.code in self.USAGE_CODES


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
_LOCKED = {getattr(errno, n) for n in ("EACCES", "EPERM", "EROFS", "EBUSY", "ETXTBSY")
           if hasattr(errno, n)}
_FULL = {getattr(errno, n) for n in ("ENOSPC", "EDQUOT") if hasattr(errno, n)}


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when both paths name one file (resolved, case-folded where the OS folds case, and
    hard links or aliases caught by samefile when both exist)."""
    pa, pb = Path(a), Path(b)
    try:
        if pa.exists() and pb.exists() and os.path.samefile(pa, pb):
            return True
    except OSError:
        pass
    return os.path.normcase(str(pa.resolve())) == os.path.normcase(str(pb.resolve()))


def prepare_output(out_path: str | Path, input_path: str | Path | None = None,
                   overwrite: bool = False, suffixes: tuple[str, ...] = ()) -> Path:
    """Check that ``out_path`` may be written; return it as an absolute Path."""
    out = Path(out_path).expanduser().absolute()
    if suffixes and out.suffix.lower() not in suffixes:
        raise OutputError("bad_suffix",
                          messages.OUT_BAD_SUFFIX.format(expected=" / ".join(suffixes)))
    if input_path is not None and same_file(out, input_path):
        raise OutputError("same_as_input", messages.OUT_SAME_AS_INPUT, errno.EEXIST)
    if out.is_dir():
        raise OutputError("is_dir", messages.OUT_IS_DIR.format(path=out), errno.EISDIR)
    if not out.parent.is_dir():
        raise OutputError("no_folder", messages.OUT_NO_FOLDER.format(folder=out.parent),
                          errno.ENOENT)
    if out.exists() and not overwrite:
        raise OutputError("exists", messages.OUT_EXISTS.format(path=out), errno.EEXIST)
    return out


def write_atomic(out_path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(file)`` on a temporary file next to ``out_path``, then move it into place.

    On any failure the temporary file is removed and nothing is left at ``out_path`` that was
    not there before; OS errors become ``OutputError``.
    """
    out = Path(out_path)
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.stem}.", suffix=".tmp",
                                         delete=False) as tmp:
            tmp_name = tmp.name
            write(tmp)
            tmp.flush()
            os.fsync(tmp.fileno())
        _set_default_mode(tmp_name)
        os.replace(tmp_name, out)
        tmp_name = None
        _fsync_folder(out.parent)
    except OutputError:
        raise
    except OSError as err:
        raise as_output_error(err, out) from err
    finally:
        if tmp_name is not None:
            _remove_quietly(tmp_name)
    return out


def as_output_error(err: OSError, out: Path) -> OutputError:
    """The Chinese explanation of an OS error met while writing ``out``."""
    if isinstance(err, PermissionError) or err.errno in _LOCKED:
        return OutputError("permission", messages.OUT_PERMISSION.format(path=out),
                           err.errno or errno.EACCES)
    if err.errno in _FULL:
        return OutputError("disk_full", messages.OUT_DISK_FULL.format(path=out), errno.ENOSPC)
    if isinstance(err, (FileNotFoundError, NotADirectoryError)):
        return OutputError("no_folder", messages.OUT_NO_FOLDER.format(folder=out.parent),
                           errno.ENOENT)
    detail = err.strerror or type(err).__name__
    return OutputError("os_error", messages.OUT_OTHER.format(path=out, detail=detail),
                       err.errno or 0)


def _set_default_mode(name: str) -> None:
    """NamedTemporaryFile creates 0600; give the output the mode a normal save would."""
    try:
        os.chmod(name, 0o666 & ~_UMASK)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the OS allows opening a folder (POSIX)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
