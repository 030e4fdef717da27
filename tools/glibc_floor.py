"""The oldest glibc an executable can start on: the highest GLIBC_x.y symbol version any ELF
file inside it requires.

    python tools/glibc_floor.py dist/年报校对助手              # a PyInstaller one-file executable
    python tools/glibc_floor.py some/folder --max 2.28        # every ELF under a folder
    python tools/glibc_floor.py dist-legacy/年报校对助手 --max 2.28 --quiet

A one-file executable is unpacked first (PyInstaller's CArchiveReader: PyInstaller must be
importable); the executable itself (the bootloader) is measured too. For every ELF file the
"Version References" of `objdump -p` (binutils) are read: what the file *requires* from each
library it links, not what it defines. Printed per file: the highest GLIBC version and the highest
GLIBCXX / CXXABI / GCC versions (those are satisfied by the libstdc++ and libgcc_s inside the
bundle when they are there, so only GLIBC sets the floor of the system). With ``--max X.Y`` the
exit status is 1 when the floor is above X.Y, and the symbols that need more are listed.

Linux tooling only; it reads files and never runs them.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FAMILIES = ("GLIBC", "GLIBCXX", "CXXABI", "GCC")
VERSION_RE = re.compile(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ (?P<name>[A-Z_]+?)_(?P<ver>[\d.]+)\s*$")
REQUIRED_RE = re.compile(r"^\s+required from (?P<lib>\S+):\s*$")


def vkey(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


@dataclass
class Needs:
    path: str
    # family -> highest version required, e.g. {"GLIBC": "2.28", "GLIBCXX": "3.4.21"}
    highest: dict[str, str] = field(default_factory=dict)
    # (family, version) -> libraries it is required from
    sources: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needs_of(path: Path, shown: str) -> Needs:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True,
                         errors="replace").stdout
    result = Needs(shown)
    in_refs, lib = False, ""
    for line in out.splitlines():
        if line.startswith("Version References:"):
            in_refs = True
            continue
        if in_refs and line and not line.startswith(" "):
            in_refs = False
        if not in_refs:
            continue
        m = REQUIRED_RE.match(line)
        if m:
            lib = m["lib"]
            continue
        m = VERSION_RE.match(line)
        if m and m["name"] in FAMILIES:
            fam, ver = m["name"], m["ver"]
            result.sources.setdefault((fam, ver), set()).add(lib)
            if fam not in result.highest or vkey(ver) > vkey(result.highest[fam]):
                result.highest[fam] = ver
    return result


def symbols_needing(path: Path, family: str, version: str) -> list[str]:
    """The undefined dynamic symbols of ``path`` bound to family_version (objdump -T)."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True,
                         errors="replace").stdout
    tag = f"{family}_{version}"
    found = []
    for line in out.splitlines():
        if "*UND*" in line and re.search(rf"\(?{re.escape(tag)}\)?\s", line + " "):
            found.append(line.split()[-1])
    return sorted(set(found))


def unpack_one_file(exe: Path, dest: Path) -> None:
    """Write every entry of a PyInstaller one-file archive under ``dest``."""
    from PyInstaller.archive.readers import CArchiveReader

    reader = CArchiveReader(str(exe))
    for name in reader.toc:
        target = dest / name
        data = reader.extract(name)
        if data is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(data)


def elf_files(root: Path) -> list[Path]:
    files = []
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = Path(dirpath) / name
            if not p.is_symlink() and p.is_file() and is_elf(p):
                files.append(p)
    return sorted(files)


def measure(target: Path) -> list[Needs]:
    """Needs of every ELF of a one-file executable (bootloader included) or of a folder."""
    if target.is_dir():
        return [needs_of(p, str(p.relative_to(target))) for p in elf_files(target)]
    results = [needs_of(target, f"{target.name} (bootloader)")]
    with tempfile.TemporaryDirectory(prefix="glibc-floor-") as tmp:
        unpack_one_file(target, Path(tmp))
        results += [needs_of(p, str(p.relative_to(tmp))) for p in elf_files(Path(tmp))]
        # symbols at the top are looked up while the files still exist
        floor = overall(results, "GLIBC")
        for n in results:
            if floor and n.highest.get("GLIBC") == floor:
                real = Path(tmp) / n.path if not n.path.endswith("(bootloader)") else target
                n.sources[("symbols", floor)] = set(symbols_needing(real, "GLIBC", floor))
    return results


def overall(results: list[Needs], family: str) -> str | None:
    versions = [n.highest[family] for n in results if family in n.highest]
    return max(versions, key=vkey) if versions else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("target", type=Path, help="a PyInstaller one-file executable or a folder")
    ap.add_argument("--max", help="fail (exit 1) if a file needs a newer GLIBC, e.g. 2.28")
    ap.add_argument("--quiet", action="store_true",
                    help="print only the files at the floor and the summary")
    args = ap.parse_args(argv)
    if shutil.which("objdump") is None:
        print("objdump (binutils) is needed", file=sys.stderr)
        return 2
    if not args.target.exists():
        print(f"{args.target}: not found", file=sys.stderr)
        return 2
    results = measure(args.target.resolve() if args.target.is_dir() else args.target)
    if args.target.is_dir():    # folders: symbols at the floor
        floor = overall(results, "GLIBC")
        for n in results:
            if floor and n.highest.get("GLIBC") == floor:
                n.sources[("symbols", floor)] = set(
                    symbols_needing(args.target / n.path, "GLIBC", floor))
    floor = overall(results, "GLIBC")
    results.sort(key=lambda n: (vkey(n.highest.get("GLIBC", "0")), n.path), reverse=True)
    width = max((len(n.path) for n in results), default=10)
    for n in results:
        if args.quiet and n.highest.get("GLIBC") != floor:
            continue
        cols = "  ".join(f"{fam}_{n.highest[fam]}" for fam in FAMILIES if fam in n.highest)
        line = f"{n.path:<{width}}  {cols or '-'}"
        syms = n.sources.get(("symbols", floor)) if n.highest.get("GLIBC") == floor else None
        if syms:
            line += f"   [{floor}: {', '.join(sorted(syms)[:8])}{' ...' if len(syms) > 8 else ''}]"
        print(line)
    print()
    print(f"ELF files: {len(results)}")
    for fam in FAMILIES:
        top = overall(results, fam)
        if top:
            at = [n.path for n in results if n.highest.get(fam) == top]
            more = " ..." if len(at) > 5 else ""
            print(f"highest {fam}_{top}  needed by {len(at)}: {', '.join(at[:5])}{more}")
    bundled = {Path(n.path).name for n in results}
    if overall(results, "GLIBCXX"):
        inside = any(b.startswith("libstdc++.so") for b in bundled)
        print("libstdc++ inside the bundle: "
              + ("yes" if inside else "no (the system's must provide the GLIBCXX versions above)"))
    print(f"glibc floor: {floor or 'none'}")
    if args.max and floor and vkey(floor) > vkey(args.max):
        print(f"FAIL: needs GLIBC_{floor} > {args.max}")
        for n in results:
            if vkey(n.highest.get("GLIBC", "0")) > vkey(args.max):
                print(f"  {n.path}: GLIBC_{n.highest['GLIBC']}")
        return 1
    if args.max:
        print(f"OK: floor {floor} <= {args.max}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
