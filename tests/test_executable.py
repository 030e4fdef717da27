"""The one-file executable (issue 7): built from build.spec on a clean copy of the checkout, then
run as a user would: `check --json` on the sample report, `fix`, `template`, `batch` with worker
processes, the GUI started offscreen with a file to open, all of it without a network.

Slow (about two minutes to build on two cores); `.ci/run` runs it. Linux only (the Windows build
is the CI workflow .github/workflows/build-windows.yml). A missing tool (git, PyInstaller,
strace, unshare) skips with the reason, or fails when NIANBAO_CI is set.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from core.version import APP_NAME, VERSION
from tools import offline_proof as proof
from tools.make_sample import SAMPLE_ERRORS

ROOT = Path(__file__).resolve().parents[1]
CI_ENV = "NIANBAO_CI"
REUSE_ENV = "NIANBAO_TEST_EXE"
SIZE_LIMIT = 90 * 1000 * 1000
# Only these Qt libraries may be inside: the three modules the program imports and what they
# link (D-Bus for QtGui on Linux, the X11 and Wayland platform libraries).
QT_ALLOWED = {"Qt6Core", "Qt6Gui", "Qt6Widgets", "Qt6DBus", "Qt6XcbQpa", "Qt6WaylandClient",
              "Qt6OpenGL", "Qt6WlShellIntegration", "Qt6WaylandEglClientHwIntegration"}


def test_version_is_declared_once():
    """core/version.py (what --version and 关于 show) agrees with pyproject.toml; build.spec
    refuses to build when they differ."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        assert tomllib.load(fh)["project"]["version"] == VERSION
    assert APP_NAME == "年报校对助手"


def test_build_spec_keeps_upx_off_and_names_the_program():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "upx=False" in spec and 'APP_NAME = "年报校对助手"' in spec
    assert "console=False" in spec      # the Windows double-click executable has no console


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get(CI_ENV):
        pytest.fail(f"{reason} ({CI_ENV} is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    need(sys.platform == "linux", "the executable test builds and runs the Linux executable")
    need(shutil.which("git") is not None, "git is needed to copy a clean checkout")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        need(False, "PyInstaller is not installed (pip install -r requirements.txt)")
    need((ROOT / ".git").exists(), "not a git checkout: cannot tell which files a clone would hold")
    reuse = os.environ.get(REUSE_ENV)
    if reuse:       # local iteration only: an executable already built from this checkout
        return proof.Build([Path(reuse)], 0.0, "")
    work = tmp_path_factory.mktemp("exe")
    result = proof.build(work)
    print(f"\nbuilt {result.main.name} in {result.seconds:.0f} s, "
          f"{result.main.stat().st_size / 1e6:.1f} MB")
    return result


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A folder of input files and an empty home for the user (settings and logs go there)."""
    base = tmp_path_factory.mktemp("run")
    (base / "home").mkdir()
    (base / "files").mkdir()
    return base


def run(exe: Path, place: Path, *args: str):
    return proof.run([str(exe), *args], proof.clean_env(place / "home"), place / "files")


@pytest.mark.slow
def test_one_file_under_the_size_limit(built):
    assert [p.name for p in built.executables] == [APP_NAME]
    size = built.main.stat().st_size
    assert size < SIZE_LIMIT, f"{size / 1e6:.1f} MB"
    assert os.access(built.main, os.X_OK)


@pytest.mark.slow
def test_everything_needed_is_inside(built):
    names = set(proof.bundled_files(built.main))
    for required in ("resources/standard/2021.json", "resources/icons/app.png",
                     "resources/licenses/THIRD_PARTY.txt", "resources/samples/示例报告.docx",
                     "docx/templates/default.docx", "docx/templates/default-comments.xml",
                     "pdfminer/cmap/UniGB-UCS2-H.json.gz",
                     "PySide6/Qt/plugins/platforms/libqxcb.so",
                     "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                     "PySide6/Qt/plugins/imageformats/libqico.so",
                     "PySide6/Qt/translations/qtbase_zh_CN.qm"):      # Qt's dialogs in Chinese
        assert required in names, required
    # Wayland: one plugin from Qt 6.10 on, two before
    assert ("PySide6/Qt/plugins/platforms/libqwayland.so" in names
            or "PySide6/Qt/plugins/platforms/libqwayland-generic.so" in names)
    assert any(n.startswith("pypdfium2_raw/") for n in names)
    modules = proof.bundled_python_modules(built.main)
    for module in ("openpyxl", "docx", "pdfplumber", "pdfminer", "core.fix.commands",
                   "core.batch", "gui.app"):
        assert module in modules, module
    qt_modules = {m for m in modules if re.fullmatch(r"PySide6\.Qt\w+", m)}
    assert qt_modules <= {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}, qt_modules
    qt_libs = {re.sub(r"^lib|\.so.*$", "", Path(n).name) for n in proof.qt_libraries(built.main)
               if "/plugins/" not in n}
    assert qt_libs <= QT_ALLOWED, qt_libs - QT_ALLOWED
    assert not any(re.search(r"(^|/)(_ssl\.|libssl)", n) for n in names)     # no TLS at all


@pytest.mark.slow
def test_the_licences_inside_name_every_bundled_system_library(built):
    from PyInstaller.archive.readers import CArchiveReader

    text = CArchiveReader(str(built.main)).extract("resources/licenses/THIRD_PARTY.txt")
    text = text.decode("utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "NOT FOUND" not in text
    # the libraries that come from Python or from a wheel (Qt, ICU, a wheel's own copies) have
    # their entries elsewhere in the file; the rest come from the system
    import sysconfig

    from_python = {p.name for folder in {sysconfig.get_paths()["purelib"],
                                         sysconfig.get_paths()["platlib"], sys.base_prefix}
                   for p in Path(folder).rglob("*.so*")}
    system = [n for n in proof.bundled_files(built.main)
              if "/" not in n and re.search(r"^lib.*\.so(\.\d+)*$", n) and n not in from_python]
    assert system
    section = text.rpartition("四、Linux 版附带的系统库")[2]
    for soname in system:
        assert re.search(rf"^  Files: .*\b{re.escape(soname)}\b", section, re.M), soname


@pytest.mark.slow
def test_version(built, place):
    proc = run(built.main, place, "--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"{APP_NAME} {VERSION}"


@pytest.mark.slow
def test_check_json_finds_the_sample_errors(built, place):
    report = place / "files" / "示例报告.docx"
    shutil.copy(proof.sample_docx(), report)
    proc = run(built.main, place, "check", str(report), "--json")
    assert proc.returncode == 1, proc.stderr            # 1: the report has 错误
    data = json.loads(proc.stdout)
    [result] = data["files"]
    assert result["status"] == "checked"
    assert result["report"] == {"agency": "示例市示例区人民政府", "year": 2023, "level": "人民政府",
                                "format": "2021"}
    found = {(f["rule"], f["location"]["table"], f["location"]["row"], f["location"]["col"],
              None if f["location"]["table"] else f["location"]["section"])
             for f in result["findings"]}
    for err in SAMPLE_ERRORS:
        key = (err["rule"], err["table"], err["row"], err["col"],
               None if err["table"] else err["section"])
        assert key in found, (err["id"], err["description"])


@pytest.mark.slow
def test_every_reader_works_inside(built, place, tmp_path):
    """DOCX, text, Markdown, XLSX and HTML of a consistent report, every layout of the
    builder: read and checked by the executable, no finding."""
    from tests.builder import correct_content, write_all

    paths = write_all(correct_content(seed=3), tmp_path / "formats")
    proc = run(built.main, place, "check", *map(str, paths.values()), "--json")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(proc.stdout)["files"]
    assert len(results) == len(paths)
    for result in results:
        assert result["status"] == "checked" and result["findings"] == [], result["path"]


@pytest.mark.slow
def test_fix_writes_a_docx_that_then_has_no_errors(built, place):
    report = place / "files" / "待修正.docx"
    shutil.copy(proof.sample_docx(), report)
    out = place / "files" / "修正后.docx"
    proc = run(built.main, place, "fix", str(report), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as z:
        assert "word/document.xml" in z.namelist() and "word/comments.xml" in z.namelist()
    again = run(built.main, place, "check", str(out), "--json")
    # every error a fix can correct is gone; the sample's prose ("新收…59件" against 表三's 61)
    # needs the author, and stays an error
    errors = {f["rule"] for f in json.loads(again.stdout)["files"][0]["findings"]
              if f["severity"] == "error"}
    assert errors <= {"N-T3-COUNT"}, again.stdout[-2000:]


@pytest.mark.slow
def test_templates(built, place):
    for name in ("模板.docx", "模板.xlsx"):
        out = place / "files" / name
        proc = run(built.main, place, "template", "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        assert zipfile.is_zipfile(out)


@pytest.mark.slow
def test_batch_runs_worker_processes(built, place):
    folder = place / "files" / "批量"
    folder.mkdir()
    shutil.copy(proof.sample_docx(), folder / "甲.docx")
    shutil.copy(proof.sample_docx(), folder / "乙.docx")
    out = place / "files" / "汇总.xlsx"
    proc = run(built.main, place, "batch", str(folder), "-o", str(out), "--jobs", "2")
    assert proc.returncode == 1, proc.stderr            # both files have 错误
    assert zipfile.is_zipfile(out)
    # the console shows progress; the workbook names every file checked
    from openpyxl import load_workbook
    cells = [str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows()
             for c in row if c.value is not None]
    assert any("甲.docx" in c for c in cells) and any("乙.docx" in c for c in cells)
    assert "已完成 2/2" in proc.stderr


@pytest.mark.slow
def test_pdf_engine_is_inside(built, place, tmp_path):
    """pdfplumber and pdfminer in the bundle read a PDF of the sample (LibreOffice makes it)."""
    from tests.pdf_fixtures import convert, require_soffice

    require_soffice()
    [pdf] = convert([proof.sample_docx()], tmp_path)
    proc = run(built.main, place, "check", str(pdf), "--json")
    result = json.loads(proc.stdout)["files"][0]
    assert result["status"] == "checked", result["refusal"]
    assert result["report"]["agency"] == "示例市示例区人民政府"


@pytest.mark.slow
def test_gui_starts_offscreen_and_opens_the_file_it_is_given(built, place):
    report = place / "files" / "双击打开.docx"
    shutil.copy(proof.sample_docx(), report)
    shown, proc = proof.gui_smoke(built.main, proof.clean_env(place / "home"), place / "files",
                                  report, quit_after_ms=4000)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert shown is not None, proc.stdout
    assert f"title={APP_NAME}" in proc.stdout
    assert f"opened={report}" in proc.stdout, proc.stdout
    print(f"\nwindow shown {shown:.2f} s after launch")


@pytest.mark.slow
def test_gui_starts_on_an_x_server(built, tmp_path):
    """The xcb platform plugin and the X client libraries inside work (Xvfb stands in for a
    desktop)."""
    need(shutil.which("xvfb-run") is not None, "xvfb-run is not installed (apt-get install xvfb)")
    env = proof.clean_env(tmp_path, QT_QPA_PLATFORM="xcb")
    shown, proc = proof.gui_smoke(built.main, env, tmp_path, quit_after_ms=1000,
                                  wrap=["xvfb-run", "-a"])
    assert proc.returncode == 0 and shown is not None, proc.stderr[-3000:]


@pytest.mark.slow
def test_nothing_is_written_beside_the_executable(built, tmp_path):
    """The folder of the executable holds only it after the GUI and the CLI ran; settings and
    logs went to the user's folders."""
    home, files = tmp_path / "home", tmp_path / "files"
    home.mkdir()
    files.mkdir()
    shown, proc = proof.gui_smoke(built.main, proof.clean_env(home), files, quit_after_ms=500)
    assert proc.returncode == 0 and shown is not None, proc.stderr[-3000:]
    assert run(built.main, tmp_path, "check", "--sample").returncode == 1
    assert sorted(p.name for p in built.main.parent.iterdir()) == [APP_NAME]
    assert list(files.iterdir()) == []
    written = {p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()}
    assert any(p.startswith(".local/share/") and p.endswith("nianbao.log") for p in written), written


@pytest.mark.slow
def test_no_network_connection_at_all(built, tmp_path):
    """check, fix, template, batch and the GUI in a network namespace with no interfaces, under
    strace: no connect, bind, listen, accept or Internet socket in any process."""
    need(not proof.missing_tools(),
         f"{', '.join(proof.missing_tools())} not installed (apt-get install strace util-linux)")
    seen = proof.control(tmp_path)
    need(bool(seen), "strace cannot trace here (ptrace or unshare not permitted)")
    rows = proof.prove(built.main, tmp_path / "proof")
    assert [r["command"] for r in rows] == ["check", "fix", "template", "batch", "gui"]
    for row in rows:
        assert row["ok"], (row["command"], row["returncode"], row["stderr"])
        assert row["forbidden"] == [], (row["command"], row["forbidden"])
