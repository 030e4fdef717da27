"""Write resources/licenses/THIRD_PARTY.txt (shown in 关于) from what is installed, offline.

    python tools/gen_licenses.py                     # regenerate the file
    python tools/gen_licenses.py --check             # exit 1 if the committed file is stale
    python tools/gen_licenses.py --check-build WORK  # compare SYSTEM_LIBRARIES with a build's TOC

Run it after `pip install -r requirements.txt` whenever a pin changes, on the Linux (Debian)
build machine: it reads

- every distribution in the run-time closure of requirements.txt (test and build tools left
  out; PyInstaller and pyinstaller-hooks-contrib are added without their own dependencies,
  because their bootloader, loader and run-time hooks are inside the executable): name, version,
  licence expression/classifiers and the licence files of its dist-info (importlib.metadata);
- the hand-written entries below for what is not a Python distribution: CPython, Qt 6 and its
  bundled third-party code, ICU, PDFium, the PyInstaller bootloader;
- the build machine's shared libraries the Linux build bundles (SYSTEM_LIBRARIES, found by
  building: see --check-build), with the Debian package they come from (`dpkg -S`) and its
  /usr/share/doc/<package>/copyright;
- the full texts of the GNU licences and the Apache licence from /usr/share/common-licenses/.

The output depends only on what is installed, never on the date or the order of directories.
"""
from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import importlib.metadata as md
import json
import platform
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if __package__ in (None, ""):                  # run as `python tools/gen_licenses.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools import lockfile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "licenses" / "THIRD_PARTY.txt"
COMMON_LICENSES = Path("/usr/share/common-licenses")
RULE = "=" * 78
THIN = "-" * 78

# The dev extra of pyproject.toml only tests and builds the program: nothing of it is shipped,
# except these parts of the build tools, which are inside every executable (their own
# dependencies, altgraph, packaging, setuptools, are not).
SHIPPED_BUILD_PARTS = {
    "pyinstaller": "Only its bootloader, PyInstaller/loader and run-time hooks are inside the "
                   "executable (GPL-2.0-or-later with the bootloader exception; run-time hooks "
                   "Apache-2.0). See the PyInstaller bootloader entry.",
    "pyinstaller-hooks-contrib": "Only its run-time hooks (Apache-2.0) are inside the executable "
                                 "(pyi_rth_cryptography_openssl).",
}

# Shared libraries of the Linux build machine that the Linux executable bundles: the top-level
# libraries of the build's TOC that come from neither the Python installation nor a wheel.
# Found by building (`pyinstaller build.spec --workpath W`) and checked with
# `python tools/gen_licenses.py --check-build W`; update this list when that reports a change.
SYSTEM_LIBRARIES = (
    "libX11-xcb.so.1", "libX11.so.6", "libXau.so.6", "libXdmcp.so.6", "libbrotlicommon.so.1",
    "libbrotlidec.so.1", "libbsd.so.0", "libbz2.so.1.0", "libcap.so.2", "libcrypto.so.3",
    "libdbus-1.so.3", "libexpat.so.1", "libffi.so.8", "libfontconfig.so.1", "libfreetype.so.6",
    "libgcc_s.so.1", "libgcrypt.so.20", "libglib-2.0.so.0", "libgpg-error.so.0",
    "libgthread-2.0.so.0", "liblz4.so.1", "liblzma.so.5", "libmd.so.0", "libpcre2-8.so.0",
    "libpng16.so.16", "libstdc++.so.6", "libsystemd.so.0", "libuuid.so.1", "libxcb-cursor.so.0",
    "libxcb-glx.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0", "libxcb-keysyms.so.1",
    "libxcb-randr.so.0", "libxcb-render-util.so.0", "libxcb-render.so.0", "libxcb-shape.so.0",
    "libxcb-shm.so.0", "libxcb-sync.so.1", "libxcb-util.so.1", "libxcb-xfixes.so.0",
    "libxcb-xkb.so.1", "libxkbcommon-x11.so.0", "libxkbcommon.so.0", "libz.so.1",
    "libzstd.so.1",
)
# Licence summary by Debian source package (the copyright file that follows is authoritative).
SYSTEM_LICENCES = {
    "brotli": "MIT", "bzip2": "bzip2-1.0.6", "dbus": "AFL-2.1 OR GPL-2.0-or-later",
    "expat": "MIT", "fontconfig": "HPND-sell-variant (MIT-style)",
    "freetype": "FTL OR GPL-2.0-or-later",
    "gcc-12": "GPL-3.0-or-later WITH GCC-exception-3.1 (libgcc_s, libstdc++)",
    "glib2.0": "LGPL-2.1-or-later", "libbsd": "BSD-3-Clause and other BSD-style/ISC/MIT terms",
    "libcap2": "BSD-3-Clause OR GPL-2.0-only", "libffi": "MIT",
    "libgcrypt20": "LGPL-2.1-or-later", "libgpg-error": "LGPL-2.1-or-later",
    "libmd": "BSD-2-Clause, BSD-3-Clause, ISC, public domain", "libpng1.6": "Libpng / libpng-2.0",
    "libx11": "MIT/X11", "libxau": "MIT/X11", "libxcb": "MIT/X11", "libxdmcp": "MIT/X11",
    "libxkbcommon": "MIT", "libzstd": "BSD-3-Clause OR GPL-2.0-only", "lz4": "BSD-2-Clause",
    "openssl": "Apache-2.0", "pcre2": "BSD-3-Clause WITH PCRE2-exception",
    "systemd": "LGPL-2.1-or-later (libsystemd)", "util-linux": "BSD-3-Clause (libuuid)",
    "xcb-util": "MIT/X11", "xcb-util-cursor": "MIT/X11", "xcb-util-image": "MIT/X11",
    "xcb-util-keysyms": "MIT/X11", "xcb-util-renderutil": "MIT/X11", "xcb-util-wm": "MIT/X11",
    "xz-utils": "public domain (liblzma); see copyright", "zlib": "Zlib",
}

# Full licence texts appended at the end: (title, file in /usr/share/common-licenses, who).
FULL_TEXTS = (
    ("GNU LESSER GENERAL PUBLIC LICENSE, Version 3 (LGPL-3.0)", "LGPL-3",
     "Qt 6, PySide6, Shiboken6"),
    ("GNU GENERAL PUBLIC LICENSE, Version 3 (GPL-3.0)", "GPL-3",
     "the LGPL-3.0 is a set of additional permissions on top of it; libgcc_s/libstdc++ "
     "(with the GCC Runtime Library Exception)"),
    ("GNU GENERAL PUBLIC LICENSE, Version 2 (GPL-2.0)", "GPL-2",
     "the PyInstaller bootloader (with the bootloader exception)"),
    ("GNU LESSER GENERAL PUBLIC LICENSE, Version 2.1 (LGPL-2.1)", "LGPL-2.1",
     "GLib, libsystemd, libgcrypt, libgpg-error (Linux build); GNU libiconv inside lxml"),
    ("Apache License, Version 2.0 (Apache-2.0)", "Apache-2.0",
     "OpenSSL (libcrypto, and inside cryptography), PDFium, cryptography, "
     "PyInstaller run-time hooks"),
)

MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
BSD_TEXT = """\
Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this list of
   conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials
   provided with the distribution.
3. (BSD-3-Clause only) Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from this software
   without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR
CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.
"""

# Third-party code compiled into the Qt libraries the program ships (QtCore, QtGui, QtWidgets,
# the xcb/Wayland platform plugins, the ICO/GIF/JPEG image plugins), from the qt_attribution.json
# files of qtbase; https://doc.qt.io/qt-6/licenses-used-in-qt.html lists every one with its text.
QT_THIRD_PARTY = (
    ("PCRE2 (QRegularExpression)", "BSD-3-Clause WITH PCRE2-exception; sljit: BSD-2-Clause",
     "Copyright (c) 1997-2007 University of Cambridge; Copyright (c) 2007-2024 Philip Hazel; "
     "Copyright (c) 2010-2024 Zoltan Herczeg"),
    ("HarfBuzz-NG (text shaping)", "MIT",
     "Copyright (c) 2010-2022 Google, Inc.; Behdad Esfahbod; Red Hat, Inc.; Mozilla Foundation;"
     " Ebrahim Byagowi; Facebook, Inc.; Codethink Limited; Nokia Corporation and/or its "
     "subsidiary(-ies); Keith Stribley; Martin Hosken and SIL International; Chris Wilson; David"
     " Turner and Werner Lemberg; Igalia S.L.; Matthias Clasen; Khaled Hosny; Adobe, Inc; Alexei"
     " Podtelezhnikov"),
    ("libpng (PNG images, built into QtGui)", "Libpng AND libpng-2.0",
     "Copyright (c) 1995-2026 The PNG Reference Library Authors; Copyright (c) 2000-2026 Cosmin "
     "Truta; Copyright (c) 1998-2018 Glenn Randers-Pehrson; Copyright (c) 1996-1997 Andreas "
     "Dilger; Copyright (c) 1995-1996 Guy Eric Schalnat, Group 42, Inc."),
    ("libjpeg-turbo (qjpeg image plugin)", "IJG AND BSD-3-Clause AND Zlib",
     "This software is based in part on the work of the Independent JPEG Group. "
     "Copyright (C) 2009-2023 D. R. Commander; Copyright (C) 1991-2020 Thomas G. Lane, "
     "Guido Vollbeding"),
    ("Double-conversion (number formatting)", "BSD-3-Clause",
     "Copyright 2006-2012, the V8 project authors"),
    ("TinyCBOR (QCborStreamReader/Writer)", "MIT", "Copyright (C) 2015-2021 Intel Corporation"),
    ("forkfd (QProcess on Unix)", "MIT",
     "Copyright (C) 2016 Intel Corporation; Copyright (C) 2015 Klaralvdalens Datakonsult AB"),
    ("MD4C (Markdown in QTextDocument)", "MIT", "Copyright (c) 2016-2020 Martin Mitas"),
    ("Easing Equations by Robert Penner (QEasingCurve)", "BSD-3-Clause",
     "Copyright (c) 2001 Robert Penner"),
    ("SHA-3 / Keccak (QCryptographicHash)", "CC0-1.0; brg_endian: BSD-2-Clause",
     "Guido Bertoni, Joan Daemen, Michael Peeters and Gilles Van Assche (waived); "
     "Copyright (c) 1998-2013 Brian Gladman"),
    ("BLAKE2 (QCryptographicHash)", "CC0-1.0 OR Apache-2.0",
     "Copyright 2012, Samuel Neves"),
    ("SHA-2 reference code, RFC 6234 (QCryptographicHash)", "BSD-3-Clause",
     "Copyright (c) 2011 IETF Trust and the persons identified as authors of the code"),
    ("MD4, MD5, SHA-1 (QCryptographicHash)", "Public domain",
     "Alexander Peslyak; Colin Plumb; Dominik Reichl"),
    ("Unicode Character Database and CLDR data (QChar, QLocale, QTimeZone)", "Unicode-3.0",
     "Copyright (c) 1991-2024 Unicode, Inc."),
    ("FreeType's anti-aliasing rasteriser (QtGui's grayraster)", "FTL",
     "Copyright (C) 2000-2016 The FreeType Project (www.freetype.org)"),
    ("Wayland protocol definitions (Wayland platform plugin)", "MIT",
     "Copyright (c) 2008-2013 Kristian Hogsberg; Intel Corporation; Red Hat, Inc. and others"),
)

QT_SOURCE_TEXT = """\
使用方式：本程序以动态链接方式使用未经修改的 Qt 6 与 Qt for Python（PySide6、Shiboken6），
按 GNU LGPL 第 3 版（全文见本文件末尾，它以 GPL 第 3 版为基础，GPL-3.0 全文也在末尾）使用。
Qt, PySide6 and Shiboken6 are used unmodified, as shared libraries, under the LGPL-3.0.

获取源代码 / Source code: the complete source of this Qt and Qt for Python version is at
  https://download.qt.io/official_releases/qt/{minor}/{version}/src/single/
  https://download.qt.io/official_releases/QtForPython/pyside6/PySide6-{version}-src/
  https://code.qt.io/cgit/ (git repositories qt/qtbase, qt/qtwayland, pyside/pyside-setup;
  tag v{version})

替换 Qt 库 / Replacing the Qt libraries: the Qt libraries stay separate shared libraries
inside the program (Linux: PySide6/Qt/lib/libQt6*.so.6 and the plugins in PySide6/Qt/plugins;
Windows: PySide6/Qt6*.dll). The one-file executable packs them into the one file and, each
time it starts, unpacks them into a private temporary folder (_MEIxxxxxx in the system's
temporary folder) from which they are loaded, and removes the folder on exit; they cannot be
replaced in place inside the one file. To run the program with your own build of Qt or PySide6
(of a compatible version): list or extract the bundled files with PyInstaller's
`pyi-archive_viewer`, or build the same program in one-folder form from its source with
`NIANBAO_ONEDIR=1 pyinstaller build.spec` (dist/年报校对助手/, the Qt libraries as separate
files in its _internal folder) and replace the Qt libraries in that folder with yours.
一文件版程序运行时把 Qt 库解压到临时文件夹后加载，退出时删除，无法在单个文件内直接替换；
如需使用自行编译的兼容 Qt 版本，可用 PyInstaller 的 pyi-archive_viewer 解出文件，或以
NIANBAO_ONEDIR=1 pyinstaller build.spec 构建一文件夹版，再替换其 _internal 文件夹中的 Qt 库。"""


@dataclass(frozen=True)
class Dist:
    key: str                  # canonical name
    dist: md.Distribution

    @property
    def name(self) -> str:
        return self.dist.metadata["Name"]

    @property
    def version(self) -> str:
        return self.dist.version


def _requirements(lines) -> list[Requirement]:
    reqs = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            reqs.append(Requirement(line))
    return reqs


def _applies(req: Requirement) -> bool:
    return req.marker is None or req.marker.evaluate({"extra": ""})


def runtime_closure() -> list[Dist]:
    """The installed distributions the executable ships, sorted by canonical name: the run-time
    dependencies of pyproject.toml and what they pull in (the lock pins each of them)."""
    queue = lockfile.runtime_roots()
    found: dict[str, Dist] = {}
    while queue:
        req = queue.pop()
        if not _applies(req):
            continue
        dist = md.distribution(req.name)
        key = canonicalize_name(dist.metadata["Name"])
        if key in found:
            continue
        found[key] = Dist(key, dist)
        queue += _requirements(dist.requires or [])
    for name in SHIPPED_BUILD_PARTS:
        dist = md.distribution(name)
        found.setdefault(canonicalize_name(name), Dist(canonicalize_name(name), dist))
    return [found[k] for k in sorted(found)]


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    parts = []
    if meta.get("License-Expression"):
        parts.append(meta["License-Expression"])
    elif meta.get("License") and "\n" not in meta["License"].strip() \
            and len(meta["License"]) < 200:
        parts.append(meta["License"].strip())
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    if classifiers:
        parts.append("classifiers: " + "; ".join(classifiers))
    return " | ".join(parts) or "(not declared in the metadata)"


LICENCE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.I)


def licence_files(dist: md.Distribution) -> list[tuple[str, str]]:
    """(path inside site-packages, text) of the licence files in the dist-info folder."""
    out = []
    for f in dist.files or []:
        parts = f.parts
        if len(parts) < 2 or not parts[0].endswith(".dist-info"):
            continue
        if parts[1] == "licenses" or (len(parts) == 2 and LICENCE_NAME.search(parts[1])):
            text = Path(dist.locate_file(f)).read_text(encoding="utf-8", errors="replace")
            out.append((f.as_posix(), text))
    return sorted(out)


def vendored_libraries(dist: md.Distribution) -> list[str]:
    """Native libraries auditwheel copied into the wheel (<name>.libs/)."""
    return sorted(f.name for f in dist.files or []
                  if len(f.parts) == 2 and f.parts[0].endswith(".libs"))


def homepage(dist: md.Distribution) -> str:
    meta = dist.metadata
    for url in meta.get_all("Project-URL") or []:
        label, _, link = url.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "source code", "repository"}:
            return link.strip()
    return (meta.get("Home-page") or "").strip()


def clean(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


# --- notes on what some wheels carry -----------------------------------------------------------

def _openssl_in_cryptography() -> str:
    try:
        from cryptography.hazmat.bindings._rust import openssl
        return openssl.openssl_version_text()
    except Exception:         # noqa: BLE001 - a note, not a requirement
        return "OpenSSL"


def _pdfium_build() -> str:
    try:
        path = Path(md.distribution("pypdfium2").locate_file("pypdfium2_raw/version.json"))
        v = json.loads(path.read_text(encoding="utf-8"))
        return f"PDFium {v['major']}.{v['minor']}.{v['build']}.{v['patch']} ({v['origin']})"
    except Exception:         # noqa: BLE001
        return "PDFium"


def distribution_note(key: str) -> str:
    notes = {
        "cryptography": f"The wheel's extension module statically links {_openssl_in_cryptography()} "
                        "(Apache-2.0, full text at the end) and Rust crates under MIT and/or "
                        "Apache-2.0. pdfminer.six uses it for encrypted PDFs.",
        "lxml": "The wheel statically links libxml2, libxslt, libexslt (MIT), zlib (Zlib) and GNU "
                "libiconv (LGPL-2.1, full text at the end; source at "
                "https://ftp.gnu.org/pub/gnu/libiconv/, lxml's build at "
                "https://github.com/lxml/lxml); see LICENSES.txt below.",
        "pillow": "LICENSE below covers the libraries the wheel bundles; libxcb and libXau in "
                  "pillow.libs are under the MIT/X11 licence (texts in the libxcb and libxau "
                  "entries of the system libraries).",
        "pypdfium2": f"Includes {_pdfium_build()} (pypdfium2_raw/libpdfium.so). BUILD_LICENSES "
                     "below are the notices of PDFium and the libraries built into it, for every "
                     "platform pypdfium2 builds for (android, musl and v8_xfa apply to other "
                     "builds).",
        "pyside6-essentials": "The wheel carries no licence file; used under the LGPL-3.0 (full "
                              "text at the end). See the Qt 6 entry.",
        "shiboken6": "The wheel carries no licence file; used under the LGPL-3.0 (full text at "
                     "the end). See the Qt 6 entry.",
    }
    notes.update(SHIPPED_BUILD_PARTS)
    return notes.get(key, "")


# --- hand-written entries ----------------------------------------------------------------------

def qt_version(closure: list[Dist]) -> str:
    for d in closure:
        if d.key == "pyside6-essentials":
            return d.version
    return "6"


def icu_major(closure: list[Dist]) -> str:
    for d in closure:
        if d.key == "pyside6-essentials":
            for f in d.dist.files or []:
                m = re.match(r"libicuuc\.so\.(\d+)$", f.name) or re.match(r"icuuc(\d+)\.dll$", f.name)
                if m:
                    return m.group(1)
    return ""


def cpython_entry() -> str:
    licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    text = clean(licence.read_text(encoding="utf-8")) if licence.is_file() else \
        "See https://docs.python.org/3/license.html"
    return "\n".join([
        f"== CPython {platform.python_version()} (the Python interpreter and standard library)",
        "  Licence: PSF-2.0 (Python Software Foundation License Version 2)",
        "  Home: https://www.python.org/  Source: https://www.python.org/downloads/source/",
        "  Also incorporates (https://docs.python.org/3/license.html#licenses-and-acknowledgements-"
        "for-incorporated-software): expat (MIT), libmpdec (BSD-2-Clause), tiny_sha3 (MIT), "
        "BLAKE2 (CC0-1.0), SipHash (MIT), Mersenne Twister (BSD-3-Clause), David M. Gay's dtoa "
        "(MIT-style), getaddrinfo/getnameinfo from the WIDE Project (BSD-3-Clause). Its "
        "extension modules use the system libraries libffi, libz, libbz2, liblzma, libuuid and "
        "libcrypto (see the system libraries).",
        f"  --- {licence.name} ---",
        indent(text),
    ])


def qt_entry(closure: list[Dist]) -> str:
    version = qt_version(closure)
    minor = ".".join(version.split(".")[:2])
    lines = [
        f"== Qt {version} (QtCore, QtGui, QtWidgets, QtDBus, QtOpenGL, QtXcbQpa, "
        "QtWaylandClient and the platform, style, input and image plugins) and Qt for Python "
        f"(PySide6 {version}, Shiboken6)",
        "  Licence: LGPL-3.0-only (Qt is offered under LGPL-3.0, GPL-2.0, GPL-3.0 or a "
        "commercial licence; this program uses the LGPL-3.0)",
        "  Copyright (C) The Qt Company Ltd. and other contributors.",
        "  Home: https://www.qt.io/ , https://www.qt.io/qt-for-python",
        indent(QT_SOURCE_TEXT.format(version=version, minor=minor)),
        "",
        "  Third-party code compiled into these Qt libraries (licence, copyright); the licence",
        "  texts: MIT and BSD at the end of this file, the others at",
        "  https://doc.qt.io/qt-6/licenses-used-in-qt.html :",
    ]
    for name, licence, copyright_ in QT_THIRD_PARTY:
        lines.append(f"  - {name}: {licence}. {copyright_.rstrip('.')}.")
    return "\n".join(lines)


def icu_entry(closure: list[Dist]) -> str:
    major = icu_major(closure)
    return "\n".join([
        f"== ICU {major} (International Components for Unicode; libicuuc, libicui18n, "
        "libicudata, shipped with Qt)",
        "  Licence: Unicode-DFS-2016 / ICU licence (Unicode, Inc. licence for data files and "
        "software), with the third-party licences of ICU's data (word-break dictionaries: "
        "Chinese/Japanese, Thai, Lao, Burmese, Khmer; time zone data, public domain)",
        "  Copyright (C) 2016 and later Unicode, Inc. and others; Copyright (C) 1995-2016 "
        "International Business Machines Corporation and others.",
        "  Home: https://icu.unicode.org/  Licence text: "
        f"https://github.com/unicode-org/icu/blob/release-{major}-1/icu4c/LICENSE "
        "(the Unicode licence text of a later ICU is in pypdfium2's BUILD_LICENSES/icu.txt "
        "below; the permission notice is the same: copy, modify, distribute with the copyright "
        "and permission notice).",
    ])


def pdfium_entry() -> str:
    return "\n".join([
        f"== {_pdfium_build()} (pypdfium2_raw/libpdfium.so, the PDF renderer used by pdfplumber)",
        "  Licence: BSD-3-Clause AND Apache-2.0, and the licences of the libraries built into it",
        "  Copyright 2014 The PDFium Authors; Copyright 2014 Foxit Software Inc.",
        "  Home: https://pdfium.googlesource.com/pdfium/ ; binary build by pypdfium2",
        "  (https://github.com/pypdfium2-team/pypdfium2). The texts: pypdfium2's "
        "BUILD_LICENSES/pdfium.txt and the other BUILD_LICENSES files (abseil, agg23, "
        "fast_float, freetype, harfbuzz, highway, icu, lcms, libjpeg_turbo, libopenjpeg, "
        "libpng, libtiff, simdutf, zlib, ...) in the pypdfium2 entry below.",
    ])


def bootloader_entry(closure: list[Dist]) -> str:
    version = next((d.version for d in closure if d.key == "pyinstaller"), "")
    return "\n".join([
        f"== PyInstaller {version} bootloader (the program's start-up code that unpacks and "
        "starts it), PyInstaller/loader and run-time hooks",
        "  Licence: GPL-2.0-or-later WITH the PyInstaller bootloader exception; run-time hooks "
        "Apache-2.0",
        "  Copyright (c) 2010-2023, PyInstaller Development Team; (c) 2005-2009, Giovanni Bajo;",
        "  based on previous work under copyright (c) 2002 McMillan Enterprises, Inc.",
        "  Bootloader exception: \"In addition to the permissions in the GNU General Public",
        "  License, the authors give you unlimited permission to link or embed compiled",
        "  bootloader and related files into combinations with other programs, and to distribute",
        "  those combinations without any restriction coming from the use of those files. (The",
        "  General Public License restrictions do apply in other respects; for example, they",
        "  cover modification of the files, and distribution when not linked into a combined",
        "  executable.)\"",
        "  Source: https://github.com/pyinstaller/pyinstaller (tag v" + version + "), "
        "https://pypi.org/project/pyinstaller/" + version + "/#files . The full terms are in the",
        "  pyinstaller entry below (COPYING.txt); the GPL-2.0 text is also at the end.",
    ])


# --- system libraries (Linux build) -----------------------------------------------------------

def _run(*cmd: str, check: bool = True) -> str | None:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, env={"LC_ALL": "C", "PATH":
                           "/usr/bin:/bin:/usr/sbin:/sbin"})
    except OSError:
        return None
    return r.stdout if r.returncode == 0 or not check else None


def library_dirs() -> list[Path]:
    arch = sysconfig.get_config_var("MULTIARCH") or f"{platform.machine()}-linux-gnu"
    return [Path("/usr/lib") / arch, Path("/lib") / arch, Path("/usr/lib64"), Path("/lib64"),
            Path("/usr/lib"), Path("/lib")]


def debian_packages(sonames) -> dict[str, tuple[str, str, str, str]]:
    """soname -> (binary package, its version, source package, source version), for the
    libraries a Debian package owns (two dpkg calls in all)."""
    candidates: dict[str, list[str]] = {}
    for soname in sonames:
        paths = []
        for folder in library_dirs():
            path = folder / soname
            if path.exists():     # with merged /usr, dpkg knows only one of the spellings
                paths += [str(path), str(path.resolve())]
        if paths:
            candidates[soname] = list(dict.fromkeys(paths))
    paths = sorted({p for ps in candidates.values() for p in ps})
    owners: dict[str, str] = {}
    # dpkg -S exits 1 when one of the paths is not owned, but still prints the others
    for line in (_run("dpkg", "-S", *paths, check=False) or "").splitlines() if paths else []:
        package, _, path = line.partition(": ")
        if path and "," not in package:
            owners[path.strip()] = package.strip()
    packages = sorted(set(owners.values()))
    info = {}
    for line in (_run("dpkg-query", "-W", "-f",
                      "${Package}:${Architecture}\t${Version}\t${source:Package}\t"
                      "${source:Version}\n", *packages, check=False) or "").splitlines():
        package, version, source, source_version = line.split("\t")
        info[package] = (version, source, source_version)
        info.setdefault(package.split(":")[0], (version, source, source_version))
    out = {}
    for soname, paths_ in candidates.items():
        for path in paths_:
            package = owners.get(path)
            if package and package in info:
                out[soname] = (package.split(":")[0], *info[package])
                break
    return out


def system_libraries_section(sonames=SYSTEM_LIBRARIES) -> list[str]:
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    missing = []
    owners = debian_packages(sonames)
    for soname in sorted(sonames, key=str.lower):
        owner = owners.get(soname)
        if owner is None:
            missing.append(soname)
            continue
        package, version, source, source_version = owner
        groups.setdefault((source, source_version), {}).setdefault(
            f"{package} {version}", []).append(soname)
    out = []
    for (source, source_version), packages in sorted(groups.items()):
        out += [RULE, f"== {source} {source_version} (Debian source package)",
                f"  Licence: {SYSTEM_LICENCES.get(source, 'see the copyright file below')}"]
        for package, sonames in sorted(packages.items()):
            out.append(f"  Files: {', '.join(sonames)} -- from the package {package}")
        out.append("  Source: https://snapshot.debian.org/package/"
                   f"{quote(source, safe='')}/{quote(source_version, safe='')}/  "
                   f"(apt-get source {source}={source_version})")
        texts: dict[str, str] = {}
        for package in sorted(packages):
            name = package.split(" ")[0]
            copyright_file = Path("/usr/share/doc") / name / "copyright"
            text = clean(copyright_file.read_text(encoding="utf-8", errors="replace")) \
                if copyright_file.is_file() else f"({copyright_file} not found)"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest not in texts:
                texts[digest] = f"  --- {copyright_file} ---\n{indent(text)}"
        out += list(texts.values())
    for soname in missing:
        out += [RULE, f"== {soname}: NOT FOUND on the machine that generated this file "
                "(no Debian package owns it); attribute it by hand"]
    return out


# --- the file ----------------------------------------------------------------------------------

HEADER = """\
第三方软件许可说明（THIRD-PARTY NOTICES）

年报校对助手使用并随程序分发了下列开源软件。各软件的版权归其作者所有，按各自的许可证使用和分发；
本程序对它们未作修改。各许可证的条款以下文所附原文（英文）为准。
This program includes the open-source components listed below, each under its own licence.

本文件由 tools/gen_licenses.py 根据构建环境中实际安装的软件自动生成，请勿手工编辑。
Generated by tools/gen_licenses.py from what is installed; do not edit by hand.

目录 Contents
  一、组件一览 Summary
  二、Python 解释器、Qt、ICU、PDFium、PyInstaller 引导程序 Non-Python components
  三、Python 软件包（含其许可文件）Python distributions, with their licence files
  四、Linux 版附带的系统库 System libraries bundled by the Linux build
  五、许可证全文 Full licence texts (LGPL-3.0, GPL-3.0, GPL-2.0, LGPL-2.1, Apache-2.0, MIT, BSD)"""


def render(system_libraries=SYSTEM_LIBRARIES) -> str:
    """The whole file; ``system_libraries``: the sonames a build bundles (build.spec passes the
    build's own; the committed file lists those of a normal build on this machine)."""
    closure = runtime_closure()
    out = [HEADER, "", RULE, "一、组件一览 Summary", RULE]
    out.append(f"  CPython {platform.python_version()}: PSF-2.0")
    out.append(f"  Qt {qt_version(closure)}: LGPL-3.0-only")
    out.append(f"  ICU {icu_major(closure)}: Unicode-DFS-2016 / ICU")
    out.append(f"  {_pdfium_build()}: BSD-3-Clause AND Apache-2.0")
    for d in closure:
        out.append(f"  {d.name} {d.version}: {licence_of(d.dist)}")
    out.append("  Linux system libraries: see section 四")

    out += ["", RULE, "二、Python 解释器、Qt、ICU、PDFium、PyInstaller 引导程序 "
            "Non-Python components", RULE]
    for entry in (cpython_entry(), qt_entry(closure), icu_entry(closure), pdfium_entry(),
                  bootloader_entry(closure)):
        out += [entry, ""]

    out += [RULE, "三、Python 软件包（含其许可文件）Python distributions", RULE]
    for d in closure:
        out += [RULE, f"== {d.name} {d.version}", f"  PyPI: {d.key}",
                f"  Licence: {licence_of(d.dist)}"]
        if homepage(d.dist):
            out.append(f"  Home: {homepage(d.dist)}")
        vendored = vendored_libraries(d.dist)
        if vendored:
            out.append(f"  Bundled libraries: {', '.join(vendored)}")
        note = distribution_note(d.key)
        if note:
            out.append(f"  Note: {note}")
        for path, text in licence_files(d.dist):
            out += [f"  --- {path} ---", indent(clean(text))]

    out += ["", RULE, "四、Linux 版附带的系统库 System libraries bundled by the Linux build", RULE,
            "Linux 版程序带有构建机（Debian）上的下列共享库；每项给出来源软件包、许可证、源代码地址和",
            "该软件包的 copyright 文件。Windows 版不含这些库。",
            "The Linux executable carries these shared libraries of its build machine. Each entry",
            "names the Debian package, its licence, where its source is, and its copyright file."]
    out += system_libraries_section(system_libraries)

    out += ["", RULE, "五、许可证全文 Full licence texts", RULE]
    for title, filename, who in FULL_TEXTS:
        path = COMMON_LICENSES / filename
        text = clean(path.read_text(encoding="utf-8")) if path.is_file() else \
            f"({path} not found on the machine that generated this file)"
        out += [RULE, f"== {title}", f"  Applies to: {who}", "", text, ""]
    out += [RULE, "== MIT License (MIT)", "  Applies to the components listed above as MIT, "
            "with their copyright lines", "", MIT_TEXT.rstrip(), "",
            RULE, "== BSD 2-Clause and 3-Clause Licenses (BSD-2-Clause, BSD-3-Clause)",
            "  Applies to the components listed above as BSD, with their copyright lines", "",
            BSD_TEXT.rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"


# --- checking a build --------------------------------------------------------------------------

def bundled_system_libraries(workpath: Path) -> set[str]:
    """Top-level binaries of a build's PKG TOC that come from outside Python and the wheels."""
    tocs = sorted(workpath.glob("**/PKG-00.toc"))
    if not tocs:
        raise SystemExit(f"no PKG-00.toc under {workpath}")
    toc = ast.literal_eval(tocs[0].read_text(encoding="utf-8"))[2]
    prefix = Path(sys.base_prefix).resolve()
    found = set()
    for dest, src, kind in toc:
        if kind != "BINARY" or "/" in dest:
            continue
        source = Path(src).resolve()
        if prefix in source.parents or Path(sys.prefix).resolve() in source.parents \
                or workpath.resolve() in source.parents:
            continue
        found.add(dest)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed file instead of writing it")
    parser.add_argument("--check-build", type=Path, metavar="WORKPATH",
                        help="compare SYSTEM_LIBRARIES with the system libraries of a build")
    args = parser.parse_args(argv)
    if args.check_build:
        bundled = bundled_system_libraries(args.check_build)
        listed = set(SYSTEM_LIBRARIES)
        for name in sorted(bundled - listed):
            print(f"bundled but not in SYSTEM_LIBRARIES: {name}")
        for name in sorted(listed - bundled):
            print(f"in SYSTEM_LIBRARIES but not bundled: {name}")
        print(f"{len(bundled)} system libraries bundled")
        return 1 if bundled != listed else 0
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current == text:
            return 0
        sys.stdout.writelines(list(difflib.unified_diff(
            current.splitlines(True), text.splitlines(True), str(OUTPUT), "generated", n=1))[:60])
        print(f"\n{OUTPUT} is stale: run python tools/gen_licenses.py")
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT}: {len(text.encode('utf-8'))} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
