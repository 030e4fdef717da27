"""Readers: a file's bytes -> the neutral ``Document``. The kind is decided by content.

``read`` is the only entry point callers use. It reads the file once, read-only, and never
writes anything anywhere. It holds no state, so worker threads may call it concurrently.
"""
from __future__ import annotations

import os
import stat

from core import messages
from core.model import NO_HOOKS, Document, ReadHooks, Refusal
from core.readers import limits, sniff

__all__ = ["read", "read_bytes"]


def read(path: str, password: str | None = None, hooks: ReadHooks = NO_HOOKS) -> Document:
    """Read the file at ``path``; raise Refusal (with a Chinese message) for what cannot be read,
    Cancelled when ``hooks.cancelled`` asks to stop."""
    data = _load(path)
    return read_bytes(path, data, password, hooks)


def read_bytes(path: str, data: bytes, password: str | None = None,
               hooks: ReadHooks = NO_HOOKS) -> Document:
    """Dispatch already-loaded bytes to the reader their content calls for; refuse a document
    with more text than limits.MAX_DOCUMENT_CHARS."""
    hooks.checkpoint()
    doc = _dispatch(path, data, password, hooks)
    limits.check_document_chars(doc)
    return doc


def _dispatch(path: str, data: bytes, password: str | None, hooks: ReadHooks) -> Document:
    if not data:
        raise Refusal("corrupt", messages.REFUSE_EMPTY)
    kind = sniff.detect(data)
    if kind == "docx":
        from core.readers.docx_reader import read_docx
        return read_docx(path, data)
    if kind == "doc":
        from core.readers.doc_reader import read_doc
        return read_doc(path, data)
    if kind == "ofd":
        from core.readers.ofd_reader import read_ofd
        return read_ofd(path, data, hooks=hooks)
    if kind == "xls":
        from core.readers.xls_reader import read_xls
        return read_xls(path, data)
    if kind == "xlsx":
        from core.readers.xlsx_reader import read_xlsx
        return read_xlsx(path, data)
    if kind == "pdf":
        from core.readers.pdf_reader import read_pdf
        return read_pdf(path, data, password=password, hooks=hooks)
    if kind == "image":
        from core.readers.image_reader import read_image
        return read_image(path, data, hooks=hooks)
    limits.check_text_bytes(len(data))
    if kind == "html":
        from core.readers.html_reader import read_html
        return read_html(path, data)
    from core.readers.text_reader import read_text
    return read_text(path, data)


def _load(path: str) -> bytes:
    """The file's bytes; its size is checked from the directory entry before it is read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Refusal("unsupported", messages.REFUSE_NOT_FOUND.format(path=path))
    except OSError as err:
        raise _unreadable(err)
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # a pipe would block open() forever; a device (/dev/zero) never ends
        raise Refusal("unsupported", messages.REFUSE_UNSUPPORTED.format(
            detail=messages.UNSUPPORTED_SPECIAL))
    size = info.st_size
    if size > limits.MAX_FILE_BYTES:
        raise Refusal("too_large", messages.REFUSE_TOO_LARGE.format(
            size=messages.human_size(size), limit=messages.human_size(limits.MAX_FILE_BYTES)))
    try:
        with open(path, "rb") as f:
            data = f.read(limits.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise Refusal("unsupported", messages.REFUSE_NOT_FOUND.format(path=path))
    except OSError as err:
        raise _unreadable(err)
    if len(data) > limits.MAX_FILE_BYTES:           # grew between stat and read
        raise Refusal("too_large", messages.REFUSE_TOO_LARGE.format(
            size=messages.human_size(len(data)),
            limit=messages.human_size(limits.MAX_FILE_BYTES)))
    return data


def _unreadable(err: OSError) -> Refusal:
    if isinstance(err, PermissionError):
        detail = messages.UNREADABLE_PERMISSION
    elif isinstance(err, IsADirectoryError):
        detail = messages.UNREADABLE_DIRECTORY
    else:
        detail = err.strerror or type(err).__name__
    return Refusal("corrupt", messages.REFUSE_UNREADABLE.format(detail=detail))
