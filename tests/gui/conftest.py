"""GUI tests run offscreen, with settings, logs and recent files in a temporary folder."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="nianbao-gui-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CHECK_TIMEOUT_MS = 60_000


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} missing in {SEEDS}")
    return found[0]


@pytest.fixture(scope="session")
def gui_app(qapp):
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    from gui.app import make_app

    return make_app()


@pytest.fixture
def window(gui_app, qtbot):
    """The main window, as run_gui makes it: cyclic garbage is collected in the GUI thread only
    while it lives; afterwards what it left is collected here, in the GUI thread, and automatic
    collection is back on for the tests that follow."""
    import gc

    from gui.app import create_window, guard_gc

    gc.collect()                 # what earlier tests left, here in the GUI thread
    guard = guard_gc(gui_app)
    w = create_window()          # closed below, not by qtbot (which closes before this teardown,
    w.show()                     # while a test's unsaved decisions would still ask)
    qtbot.waitExposed(w)
    yield w
    w.session = None              # nothing left to save: closing asks no question
    w.undo_stack.setClean()
    w.close()
    guard.stop()
    gc.collect()


@pytest.fixture(autouse=True)
def own_recovery_folder(tmp_path_factory, monkeypatch):
    """Each test keeps its decisions' recovery files to itself (Qt's test mode puts the data
    folder in ~/.qttest, shared by every run)."""
    from gui import recovery

    monkeypatch.setattr(recovery, "ROOT", tmp_path_factory.mktemp("recovery"))


@pytest.fixture
def seed_copy(tmp_path):
    """A writable copy of a seed report (tests must never write to the fixtures)."""
    def make(prefix: str = "000", name: str | None = None) -> Path:
        src = seed(prefix)
        dst = tmp_path / (name or src.name)
        shutil.copyfile(src, dst)
        return dst
    return make


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def long_pdf(tmp_path_factory) -> Path:
    """A report of about a dozen pages as a real PDF (the builder's DOCX plus prose pages,
    converted by LibreOffice)."""
    from tests import pdf_fixtures as fx
    from tests.builder import correct_content, write

    fx.require_soffice()
    folder = tmp_path_factory.mktemp("long_pdf")
    docx = write(correct_content(seed=7), folder / "report.docx", "docx", "merged")
    padded = fx.add_prose_pages(docx, folder / "长报告.docx", 8)
    return fx.convert([padded], folder / "cache")[0]
