"""What a person decided and typed for one report, kept on disk while it is not exported, so a
crash or an accidental close loses nothing. One JSON file per report, named by the SHA-256 of
the report's bytes, in the application's data folder beside the settings and the log. Written
atomically after every change; removed when the corrected DOCX is exported or the person
chooses to discard them."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths

FOLDER = "recovery"
VERSION = 1
CHUNK = 1 << 20
ROOT: Path | None = None        # another folder (each test keeps its own)


def file_hash(path: str) -> str | None:
    """SHA-256 of the file's bytes; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(CHUNK), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def folder() -> Path:
    if ROOT is not None:
        return Path(ROOT)
    base = QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)
    return Path(base) / FOLDER


def _file(digest: str) -> Path:
    return folder() / f"{digest}.json"


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def save(digest: str | None, path: str, decisions: dict, edits: dict, meta: dict) -> Path | None:
    """Keep the state of one report (an empty state removes the file)."""
    if not digest:
        return None
    if not (decisions or edits or meta):
        discard(digest)
        return None
    data = {"version": VERSION, "path": path, "saved": time.time(),
            "decisions": [[list(k), _plain(v)] for k, v in decisions.items()],
            "edits": [[*k, raw] for k, raw in edits.items()],
            "meta": dict(meta)}
    target = _file(digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".recovery-", suffix=".json", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        return None
    return target


def load(digest: str | None) -> dict | None:
    """{"decisions": {key: value}, "edits": {(table, row, col): raw}, "meta": {...}} or None."""
    if not digest:
        return None
    try:
        data = json.loads(_file(digest).read_text(encoding="utf-8"))
        decisions = {tuple(k): v for k, v in data.get("decisions", [])}
        edits = {(t, r, c): raw for t, r, c, raw in data.get("edits", [])}
        meta = dict(data.get("meta") or {})
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    if not (decisions or edits or meta):
        return None
    return {"decisions": decisions, "edits": edits, "meta": meta}


def count(state: dict | None) -> int:
    if not state:
        return 0
    return len(state["decisions"]) + len(state["edits"]) + len(state["meta"])


def discard(digest: str | None) -> None:
    if digest:
        try:
            _file(digest).unlink()
        except OSError:
            pass
