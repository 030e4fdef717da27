"""resources/licenses/THIRD_PARTY.txt (shown in 关于) against what is installed.

The run-time closure is computed here on its own from pyproject.toml and importlib.metadata,
so a pin change (e.g. PySide6-Essentials 6.12.0 -> 6.9.3) without regenerating the file fails:
after `bash tools/lock.sh` and `pip install -r requirements.txt` run `python tools/gen_licenses.py`.
"""
from __future__ import annotations

import importlib.metadata as md
import platform
import re
import shutil
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tools import gen_licenses, lockfile

ROOT = Path(__file__).resolve().parents[1]
LICENSES = ROOT / "resources" / "licenses" / "THIRD_PARTY.txt"
# shipped parts of the build tools: the bootloader, loader and run-time hooks
SHIPPED_FROM_BUILD_TOOLS = {"pyinstaller", "pyinstaller-hooks-contrib"}


def shipped_distributions() -> dict[str, md.Distribution]:
    """Canonical name -> installed distribution, for everything the executable ships: the
    run-time roots of pyproject.toml and what they require (computed here on its own)."""
    todo = lockfile.runtime_roots()
    seen: dict[str, md.Distribution] = {}
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen[name] = md.distribution(req.name)
        todo += [Requirement(r) for r in seen[name].requires or []]
    for name in SHIPPED_FROM_BUILD_TOOLS:
        seen[name] = md.distribution(name)
    return seen


def test_every_shipped_distribution_is_pinned_in_the_lock_at_its_installed_version():
    pins = lockfile.locked()
    for name, dist in shipped_distributions().items():
        assert name in pins, f"{name} is shipped but not in requirements.txt: bash tools/lock.sh"
        assert pins[name].specifier == SpecifierSet(f"=={dist.version}"), (name, dist.version)


@pytest.fixture(scope="module")
def committed() -> str:
    return LICENSES.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def flat(committed) -> str:
    """The file with all runs of white space made one space (licence texts are re-wrapped)."""
    return re.sub(r"\s+", " ", committed)


def test_the_closure_is_what_the_program_imports():
    names = set(shipped_distributions())
    # the pins, what they pull in (pdfminer.six -> cryptography -> cffi -> pycparser), the
    # bootloader; not the test tools nor PyInstaller's own dependencies
    assert {"pyside6-essentials", "shiboken6", "python-docx", "lxml", "openpyxl", "et-xmlfile",
            "pdfplumber", "pdfminer-six", "pypdfium2", "pillow", "cryptography", "cffi",
            "pycparser", "typing-extensions", "rapidfuzz", "defusedxml", "charset-normalizer",
            "pyinstaller"} <= names
    assert not names & {"pytest", "pytest-qt", "hypothesis", "altgraph", "setuptools",
                        "pluggy", "iniconfig"}
    assert {canonicalize_name(d.key) for d in gen_licenses.runtime_closure()} == names


def test_every_shipped_distribution_is_listed_with_its_installed_version(committed):
    stale = []
    for key, dist in sorted(shipped_distributions().items()):
        entry = f"== {dist.metadata['Name']} {dist.version}"
        if not re.search(rf"^{re.escape(entry)}$", committed, re.M):
            stale.append(entry)
    assert not stale, ("THIRD_PARTY.txt lacks (or has another version of) "
                       f"{stale}: run python tools/gen_licenses.py")


def test_every_licence_file_of_a_shipped_distribution_is_included(committed):
    for dist in shipped_distributions().values():
        for f in dist.files or []:
            parts = f.parts
            if parts[0].endswith(".dist-info") and len(parts) > 2 and parts[1] == "licenses":
                assert f"--- {f.as_posix()} ---" in committed, f
                first = next((line.strip() for line in
                              Path(dist.locate_file(f)).read_text(encoding="utf-8",
                                                                  errors="replace").splitlines()
                              if line.strip()), "")
                assert first in committed, (f, first)


@pytest.mark.parametrize("sentences", [
    # LGPL-3.0: its start, its core permission, its last section
    ("GNU LESSER GENERAL PUBLIC LICENSE Version 3, 29 June 2007",
     "This version of the GNU Lesser General Public License incorporates the terms and "
     "conditions of version 3 of the GNU General Public License, supplemented by the "
     "additional permissions listed below.",
     "4. Combined Works.",
     "6. Revised Versions of the GNU Lesser General Public License."),
    # GPL-3.0
    ("GNU GENERAL PUBLIC LICENSE Version 3, 29 June 2007",
     "The GNU General Public License is a free, copyleft license for software and other kinds "
     "of works.",
     "17. Interpretation of Sections 15 and 16.",
     "How to Apply These Terms to Your New Programs"),
    # GPL-2.0 (the bootloader)
    ("GNU GENERAL PUBLIC LICENSE Version 2, June 1991",
     "The licenses for most software are designed to take away your freedom to share and "
     "change it.",
     "12. IN NO EVENT UNLESS REQUIRED BY APPLICABLE LAW OR AGREED TO IN WRITING"),
    # LGPL-2.1 (GLib, libsystemd, libgcrypt ... and libiconv in lxml)
    ("GNU LESSER GENERAL PUBLIC LICENSE Version 2.1, February 1999",
     "16. IN NO EVENT UNLESS REQUIRED BY APPLICABLE LAW OR AGREED TO IN WRITING"),
], ids=["LGPL-3.0", "GPL-3.0", "GPL-2.0", "LGPL-2.1"])
def test_the_full_licence_texts_are_included(flat, sentences):
    for sentence in sentences:
        assert sentence in flat, sentence


def test_cpython_qt_and_the_bootloader_have_entries(committed, flat):
    assert committed.startswith("第三方软件许可说明")
    assert f"== CPython {platform.python_version()} " in committed
    assert "PSF-2.0" in committed and "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in committed

    qt = md.version("PySide6-Essentials")
    assert re.search(rf"^== Qt {re.escape(qt)} .*PySide6 {re.escape(qt)}", committed, re.M)
    # how to obtain Qt's source, and how to replace the Qt libraries of the one-file program
    assert f"https://download.qt.io/official_releases/QtForPython/pyside6/PySide6-{qt}-src/" \
        in committed
    assert f"/qt/{'.'.join(qt.split('.')[:2])}/{qt}/src/single/" in committed
    assert "unpacks them into a private temporary folder" in flat
    assert "NIANBAO_ONEDIR=1 pyinstaller build.spec" in flat
    assert re.search(r"^== ICU \d+ ", committed, re.M)
    assert re.search(r"^== PDFium \d+", committed, re.M)

    pyinstaller = md.version("pyinstaller")
    assert f"== PyInstaller {pyinstaller} bootloader" in committed
    assert ("the authors give you unlimited permission to link or embed compiled bootloader "
            "and related files into combinations with other programs") in flat


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="the system libraries come from dpkg")
def test_every_bundled_system_library_is_attributed(committed):
    assert "NOT FOUND" not in committed
    for soname in gen_licenses.SYSTEM_LIBRARIES:
        assert re.search(rf"^  Files: .*\b{re.escape(soname)}\b", committed, re.M), soname
    # each with its Debian copyright file and where its source is
    # (the headings also appear in the table of contents at the top)
    entries = committed.split("四、Linux 版附带的系统库")[-1].split("五、许可证全文")[0]
    blocks = entries.split("\n== ")[1:]
    assert len(blocks) >= 20
    for block in blocks:
        assert "--- /usr/share/doc/" in block and "https://snapshot.debian.org/package/" in block


@pytest.mark.skipif(shutil.which("dpkg") is None or not Path("/usr/share/common-licenses").is_dir(),
                    reason="generating the file needs a Debian system (dpkg, common-licenses)")
def test_the_committed_file_is_the_generators_output(committed):
    first = gen_licenses.render()
    assert gen_licenses.render() == first, "the generator is not deterministic"
    # The executable's own file is generated by build.spec on the machine that builds it; the
    # committed one must not go stale when a pin changes.
    committed, first = _pinned_part(committed), _pinned_part(first)
    assert "== Qt " in first and "== PyInstaller " in first and "== lxml " in first
    if committed != first:
        import difflib
        diff = "".join(list(difflib.unified_diff(committed.splitlines(True),
                                                 first.splitlines(True),
                                                 "THIRD_PARTY.txt", "generated", n=0))[:40])
        pytest.fail("resources/licenses/THIRD_PARTY.txt is stale; after "
                    "`pip install -r requirements.txt` run `python tools/gen_licenses.py`\n"
                    + diff)


def _pinned_part(text: str) -> str:
    """What requirements.txt decides: the Qt, ICU, PDFium and bootloader entries and every Python
    distribution with its licence files. Not compared: the CPython entry (the interpreter of the
    machine) and the system libraries (Debian updates change their versions, and which of them
    are installed differs between machines)."""
    two = text.rpartition("二、Python 解释器、Qt、ICU、PDFium、PyInstaller 引导程序")[2]
    two, _, rest = two.partition("三、Python 软件包")
    three = rest.partition("四、Linux 版附带的系统库")[0]
    two = re.sub(r"^== CPython .*?(?=^== )", "", two, flags=re.M | re.S)
    return two + three


def test_build_spec_ships_the_whole_licences_folder():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources" / "licenses"), "resources/licenses")' in spec
    # on a Debian build machine the build's own file replaces the committed one
    assert "a.datas = with_build_licences(a.datas, system_libraries(a.binaries))" in spec
