"""Faults while writing: a read-only folder, a full disk, an output locked by another program.

Every writer (the corrected DOCX, the rebuilt report, the findings sheet, the batch workbook,
the blank templates) must fail with an ``OutputError`` whose Chinese message says what to do,
leave no partial or temporary file, keep an existing output as it was, and never touch the
input. The command line turns the same faults into exit status 2 and the message, never a
traceback.
"""
from __future__ import annotations

import errno
import gc
import hashlib
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from core import api
from core.batch.export import write_findings_xlsx
from core.batch.run import BatchResult, FileRow
from core.batch.workbook import write_workbook
from core.fix.templates import write_template
from core.fsutil import OutputError
from tests.hostile import corpus

ROOT = Path(__file__).resolve().parents[2]
# A save that fails half-way leaves the library's ZipFile unclosed; its __del__ later complains
# about the temporary file fsutil already closed and removed. That is the expected aftermath.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A checked DOCX report (with findings) and a checked text report, once per module."""
    folder = tmp_path_factory.mktemp("inputs")
    docx_path = corpus.report_docx(folder, "报告.docx")
    text_path = folder / "报告.txt"
    text_path.write_text(corpus._report_text(), encoding="utf-8")
    return {"docx": (docx_path, api.check(docx_path)), "text": (text_path, api.check(text_path))}


def _batch_result(path: Path, result) -> BatchResult:
    findings = [f.to_json() for f in result.findings]
    counts = {s: result.count(s) for s in api.SEVERITIES}
    return BatchResult([FileRow(str(path), "checked", report=result.info, counts=counts,
                                findings=findings)], [], 0.5)


# name -> (input kind, output suffix, write(inputs, out, overwrite))
WRITERS = {
    "fix": ("docx", ".docx", lambda i, out, ow: api.fix(i["docx"][1], out, overwrite=ow)),
    "fix_rebuilt": ("text", ".docx", lambda i, out, ow: api.fix(i["text"][1], out,
                                                                   overwrite=ow)),
    "findings_xlsx": ("docx", ".xlsx", lambda i, out, ow: write_findings_xlsx(
        i["docx"][1], out, overwrite=ow)),
    "batch_workbook": ("docx", ".xlsx", lambda i, out, ow: write_workbook(
        _batch_result(*i["docx"]), out, ow, inputs=[str(i["docx"][0])])),
    "template_docx": ("docx", ".docx", lambda i, out, ow: write_template(out, overwrite=ow)),
    "template_xlsx": ("docx", ".xlsx", lambda i, out, ow: write_template(out, overwrite=ow)),
}


# Building these two takes seconds; they go through the same write_atomic as the others, so the
# slower fault tests run them once (a disk filling up mid-write) and use the quicker writers.
QUICK = [n for n in WRITERS if n not in ("fix_rebuilt", "template_docx")]


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _fail_writes_after(monkeypatch, limit: int, error: OSError) -> None:
    """Temporary files accept ``limit`` bytes, then every write raises ``error`` (as a disk
    that fills up in the middle of a save)."""
    real = tempfile.NamedTemporaryFile

    def factory(*args, **kwargs):
        tmp = real(*args, **kwargs)
        real_write = tmp.file.write
        written = [0]

        def write(data):
            if written[0] + len(data) > limit:
                raise error
            written[0] += len(data)
            return real_write(data)

        tmp.write = write
        return tmp

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", factory)


def _expect_failure(inputs, name, out: Path, overwrite: bool, code: str, words: tuple[str, ...]):
    kind, _, write = WRITERS[name]
    src = inputs[kind][0]
    before = sha256(src)
    with pytest.raises(OutputError) as err:
        write(inputs, out, overwrite)
    gc.collect()                    # the failed save's ZipFile goes now, under the filter above
    assert err.value.code == code, (err.value.code, err.value.message)
    assert isinstance(err.value, OSError)
    for word in words:
        assert word in err.value.message, err.value.message
    assert sha256(src) == before
    return err.value


@pytest.mark.parametrize("name", WRITERS)
def test_a_disk_that_fills_up_mid_write_leaves_nothing_behind(inputs, name, tmp_path,
                                                              monkeypatch):
    out = tmp_path / f"输出{WRITERS[name][1]}"
    _fail_writes_after(monkeypatch, 2048, OSError(errno.ENOSPC, "No space left on device"))
    _expect_failure(inputs, name, out, False, "disk_full", ("磁盘空间不足", "另选保存位置"))
    assert not out.exists()
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("name", QUICK)
def test_a_full_disk_found_at_fsync_keeps_the_previous_output(inputs, name, tmp_path,
                                                              monkeypatch):
    out = tmp_path / f"输出{WRITERS[name][1]}"
    out.write_bytes(b"the previous output")

    def fsync(fd):
        raise OSError(errno.EDQUOT if hasattr(errno, "EDQUOT") else errno.ENOSPC, "Quota")

    monkeypatch.setattr(os, "fsync", fsync)
    _expect_failure(inputs, name, out, True, "disk_full", ("磁盘空间不足",))
    assert out.read_bytes() == b"the previous output"
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.EBUSY, "Device or resource busy"),
                                   OSError(errno.ETXTBSY, "Text file busy")],
                         ids=["EACCES", "EBUSY", "ETXTBSY"])
@pytest.mark.parametrize("name", QUICK)
def test_an_output_open_in_another_program_is_explained_and_kept(inputs, name, error, tmp_path,
                                                                 monkeypatch):
    """On Windows, a file open in Word or WPS cannot be replaced; the rename fails."""
    out = tmp_path / f"输出{WRITERS[name][1]}"
    out.write_bytes(b"open in WPS")

    def replace(src, dst):
        raise error

    monkeypatch.setattr(os, "replace", replace)
    _expect_failure(inputs, name, out, True, "permission", ("其他程序", "关闭该文件"))
    assert out.read_bytes() == b"open in WPS"
    assert _temp_files(tmp_path) == []


def readonly_folder(tmp_path: Path) -> Path:
    """A folder nobody may create files in. chmod works for a normal user; root ignores it, so
    root gets /sys (sysfs refuses new files even to root)."""
    if os.geteuid() != 0:
        folder = tmp_path / "只读"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    folder = Path("/sys")
    try:
        (folder / f"probe-{uuid.uuid4().hex}").write_bytes(b"")
    except OSError:
        return folder
    pytest.skip("running as root and /sys accepts new files: no read-only folder to test")


@pytest.fixture
def readonly(tmp_path):
    folder = readonly_folder(tmp_path)
    listing = sorted(p.name for p in folder.iterdir())
    yield folder
    assert sorted(p.name for p in folder.iterdir()) == listing     # nothing was left there
    if folder.is_relative_to(tmp_path):
        folder.chmod(0o755)


@pytest.mark.parametrize("name", QUICK)
def test_a_read_only_folder_is_explained(inputs, name, readonly):
    out = readonly / f"输出-{uuid.uuid4().hex[:8]}{WRITERS[name][1]}"
    _expect_failure(inputs, name, out, False, "permission", ("没有写入权限", "另选保存位置"))
    assert not out.exists()


# --- the command line ---------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_cli_fix_and_template_into_a_read_only_folder_exit_two_with_the_message(inputs,
                                                                               readonly):
    src = inputs["docx"][0]
    before = sha256(src)
    for args in (("fix", str(src), "-o", str(readonly / "修正.docx")),
                 ("template", "-o", str(readonly / "模板.xlsx"))):
        proc = run(*args)
        assert proc.returncode == 2, proc.stderr
        assert "没有写入权限" in proc.stderr and "Traceback" not in proc.stderr
    assert sha256(src) == before


def test_cli_batch_into_a_read_only_folder_exits_two_and_leaves_the_inputs(tmp_path, readonly):
    folder = tmp_path / "报告"
    folder.mkdir()
    src = corpus.report_docx(folder, "甲.docx")
    before = sha256(src)
    proc = run("batch", str(folder), "-o", str(readonly / "汇总.xlsx"), "--jobs", "1")
    assert proc.returncode == 2, proc.stderr
    assert "没有写入权限" in proc.stderr and "Traceback" not in proc.stderr
    assert sha256(src) == before
    assert sorted(p.name for p in folder.iterdir()) == ["甲.docx"]
