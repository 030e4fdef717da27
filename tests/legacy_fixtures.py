"""Legacy office files made at test time: .doc by LibreOffice, and variants of a .doc.

- ``convert`` saves DOCX files as Word 97-2003 .doc (or .xls from XLSX) with LibreOffice, in one
  run for many files, cached by content like tests/pdf_fixtures.py does for PDFs.
- ``compound_file`` writes an OLE compound file (CFB version 3) holding given streams, large
  ones included (several FAT sectors), so a .doc can be taken apart and stored again.
- ``repack_as_wps`` stores a .doc's document the way another Word-format writer may: the table
  stream named 0Table instead of 1Table, the text in a piece table of many pieces, the ASCII
  runs among them as 8-bit (cp1252, "compressed") pieces. No tool here writes a genuine WPS 文字
  .wps (LibreOffice reads .wps as Microsoft Works), so this is the .wps fixture, and what it
  cannot show is said in docs/formats.md.
- ``with_fib`` edits FIB fields (the encryption flag, nFib, a PLC's size) of a .doc.
"""
from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from tests import pdf_fixtures

SECTOR = 512
MINI_CUTOFF = 4096
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CLX_PAIR, CHPX_PAIR, PAPX_PAIR = 33, 12, 13


def convert(files: list[Path], cache_dir: Path, target: str = "doc") -> list[Path]:
    """``target`` ("doc" or "xls") versions of ``files``, made in one LibreOffice run."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    outs = [cache_dir / f"{pdf_fixtures.docx_key(f, target)}.{target}" for f in files]
    todo = {o: f for o, f in zip(outs, files) if not o.exists()}
    if todo:
        exe = pdf_fixtures.require_soffice()
        with tempfile.TemporaryDirectory(prefix="nianbao_legacy_") as tmp:
            src, out = Path(tmp) / "in", Path(tmp) / "out"
            src.mkdir()
            for o, f in todo.items():
                shutil.copy(f, src / f"{o.stem}{f.suffix}")
            cmd = [exe, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", target, "--outdir", str(out),
                   *[str(src / f"{o.stem}{f.suffix}") for o, f in todo.items()]]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                                  timeout=pdf_fixtures.SOFFICE_TIMEOUT)
            for o in todo:
                made = out / o.name
                if not made.exists():
                    hint = " (.xls needs libreoffice-calc-nogui)" if target == "xls" else ""
                    raise RuntimeError(f"LibreOffice did not convert {o.stem}{hint}: "
                                       f"{proc.stdout[-500:]} {proc.stderr[-500:]}")
                shutil.move(str(made), o)
    return outs


# --- compound files ------------------------------------------------------------------------------

def streams_of(path: Path) -> dict[str, bytes]:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        return {"/".join(e): ole.openstream(e).read() for e in ole.listdir(streams=True)}


def _dir_entry(name: str, kind: int, child: int = NOSTREAM, right: int = NOSTREAM,
               start: int = END, size: int = 0) -> bytes:
    raw = (name + "\x00").encode("utf-16-le")
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", NOSTREAM, right, child) + bytes(16) + bytes(4)
            + bytes(16) + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` in its root storage. Every stream is stored in regular
    sectors (one shorter than the mini-stream cutoff is padded with zeros up to it; an empty
    one has a directory entry only)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    body: list[bytes] = []
    chains: list[tuple[int, int]] = []          # (first sector, count)
    entries = [_dir_entry("Root Entry", 5, child=1 if names else NOSTREAM)]
    for i, name in enumerate(names, start=1):
        if not streams[name]:                   # an empty stream takes no sector
            entries.append(_dir_entry(name, 2, right=i + 1 if i < len(names) else NOSTREAM))
            continue
        data = streams[name].ljust(MINI_CUTOFF, b"\x00")
        first = len(body)
        padded = data + bytes(-len(data) % SECTOR)
        body += [padded[k:k + SECTOR] for k in range(0, len(padded), SECTOR)]
        chains.append((first, len(body) - first))
        entries.append(_dir_entry(name, 2, right=i + 1 if i < len(names) else NOSTREAM,
                                  start=first, size=len(data)))
    directory = b"".join(entries)
    directory += bytes(-len(directory) % SECTOR)
    dir_first = len(body)
    body += [directory[k:k + SECTOR] for k in range(0, len(directory), SECTOR)]
    chains.append((dir_first, len(body) - dir_first))
    n_fat = 1
    while n_fat * (SECTOR // 4) < len(body) + n_fat:
        n_fat += 1
    assert n_fat <= 109, "the header's DIFAT holds 109 FAT sectors"
    fat = [FREE] * (n_fat * SECTOR // 4)
    for first, count in chains:
        for k in range(count):
            fat[first + k] = first + k + 1 if k + 1 < count else END
    fat_first = len(body)
    for k in range(n_fat):
        fat[fat_first + k] = FATSECT
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    body += [fat_bytes[k:k + SECTOR] for k in range(0, len(fat_bytes), SECTOR)]
    difat = [fat_first + k for k in range(n_fat)] + [FREE] * (109 - n_fat)
    header = (OLE_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_first, 0, MINI_CUTOFF, END, 0, END, 0)
              + struct.pack("<109I", *difat))
    return header + b"".join(body)


# --- FIB ------------------------------------------------------------------------------------------

def _pair_offset(word: bytes, index: int) -> int:
    csw = struct.unpack_from("<H", word, 0x20)[0]
    pos = 0x22 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 4 * cslw
    return pos + 2 + 8 * index


def with_fib(doc: bytes, flags_set: int = 0, nfib: int | None = None,
             zero_pair: int | None = None) -> bytes:
    """The .doc with FIB flags set, nFib replaced, or one (fc, lcb) pair emptied."""
    import io

    import olefile

    with olefile.OleFileIO(io.BytesIO(doc)) as ole:
        streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir(streams=True)}
    word = bytearray(streams["WordDocument"])
    flags = struct.unpack_from("<H", word, 0x0A)[0] | flags_set
    struct.pack_into("<H", word, 0x0A, flags)
    if nfib is not None:
        struct.pack_into("<H", word, 2, nfib)
    if zero_pair is not None:
        struct.pack_into("<II", word, _pair_offset(bytes(word), zero_pair), 0, 0)
    streams["WordDocument"] = bytes(word)
    return compound_file(streams)


def repack_as_wps(doc: bytes, piece_chars: int = 97) -> bytes:
    """The document of ``doc`` stored with a 0Table stream and a piece table of many pieces:
    runs of printable ASCII (no paragraph or cell mark in them) become compressed pieces whose
    bytes are appended to the WordDocument stream; the rest stays where it is, cut into pieces
    of at most ``piece_chars`` characters."""
    import io

    import olefile

    with olefile.OleFileIO(io.BytesIO(doc)) as ole:
        streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir(streams=True)}
    word = bytearray(streams.pop("WordDocument"))
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    table_name = "1Table" if flags & 0x0200 else "0Table"
    table = bytearray(streams.pop(table_name))
    clx_at = _pair_offset(bytes(word), CLX_PAIR)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, clx_at)
    clx = bytes(table[fc_clx:fc_clx + lcb_clx])
    assert clx[0] == 0x02, "a .doc from LibreOffice has no Prc before its piece table"
    plc = clx[5:]
    n = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []                                    # (cp_start, cp_end, fc_raw, prm)
    for i in range(n):
        _, fc_raw, prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * i)
        assert not fc_raw & 0x40000000, "the pieces LibreOffice writes are UTF-16"
        for a, b, new_fc in _split(word, cps[i], cps[i + 1], fc_raw, piece_chars):
            pieces.append((a, b, new_fc, prm, fc_raw + 2 * (a - cps[i])))
    _copy_character_runs(word, table, pieces)
    new_cps = [p[0] for p in pieces] + [pieces[-1][1]]
    new_plc = struct.pack(f"<{len(new_cps)}I", *new_cps) + b"".join(
        struct.pack("<HIH", 0, fc, prm) for _, _, fc, prm, _ in pieces)
    new_clx = b"\x02" + struct.pack("<I", len(new_plc)) + new_plc
    struct.pack_into("<II", word, clx_at, len(table), len(new_clx))
    table += new_clx
    struct.pack_into("<H", word, 0x0A, flags & ~0x0200)
    streams["WordDocument"] = bytes(word)
    streams["0Table"] = bytes(table)
    return compound_file(streams)


def _split(word: bytearray, cp_start: int, cp_end: int, fc: int, size: int):
    """Pieces of [cp_start, cp_end) stored as UTF-16 at ``fc``: printable ASCII runs as new
    compressed pieces (their bytes appended to ``word``), the rest as UTF-16 slices."""
    text = bytes(word[fc:fc + 2 * (cp_end - cp_start)]).decode("utf-16-le")
    k = 0
    while k < len(text):
        ascii_run = 0x20 <= ord(text[k]) < 0x7F
        j = k
        while j < len(text) and j - k < size and (0x20 <= ord(text[j]) < 0x7F) == ascii_run:
            j += 1
        if ascii_run:
            at = len(word)
            word += text[k:j].encode("cp1252")
            yield cp_start + k, cp_start + j, (2 * at) | 0x40000000
        else:
            yield cp_start + k, cp_start + j, fc + 2 * k
        k = j


def _copy_character_runs(word: bytearray, table: bytearray, pieces: list) -> None:
    """Character properties (CHPX) for the bytes of the new compressed pieces: the runs of the
    characters they were copied from, written as new ChpxFkp pages at the end of the
    WordDocument stream and added to the end of PlcBteChpx (moved to the table stream's end)."""
    at = _pair_offset(bytes(word), CHPX_PAIR)
    fc, lcb = struct.unpack_from("<II", word, at)
    m = (lcb - 4) // 8
    fcs = list(struct.unpack_from(f"<{m + 1}I", table, fc))
    pns = list(struct.unpack_from(f"<{m}I", table, fc + 4 * (m + 1)))

    def grpprl_at(pos: int) -> bytes:
        k = max(i for i in range(m) if fcs[i] <= pos) if pos >= fcs[0] else -1
        if k < 0 or pos >= fcs[k + 1]:
            return b""
        page = word[(pns[k] & 0x3FFFFF) * SECTOR:][:SECTOR]
        crun = page[511]
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        i = max((j for j in range(crun) if rgfc[j] <= pos < rgfc[j + 1]), default=None)
        if i is None:
            return b""
        off = 2 * page[4 * (crun + 1) + i]
        return bytes(page[off + 1:off + 1 + page[off]]) if off else b""

    runs: list[list] = []
    for a, b, new_fc, _, orig in pieces:
        if not new_fc & 0x40000000:
            continue
        start = (new_fc & 0x3FFFFFFF) // 2
        for k in range(b - a):
            g = grpprl_at(orig + 2 * k)
            if runs and runs[-1][1] == start + k and runs[-1][2] == g:
                runs[-1][1] += 1
            else:
                runs.append([start + k, start + k + 1, g])
    word += bytes(-len(word) % SECTOR)
    while runs:
        page, taken = _chpx_page(runs)
        pns.append(len(word) // SECTOR)
        fcs.append(runs[taken - 1][1])
        word += page
        runs = runs[taken:]
    plc = struct.pack(f"<{len(fcs)}I", *fcs) + struct.pack(f"<{len(pns)}I", *pns)
    struct.pack_into("<II", word, at, len(table), len(plc))
    table += plc


def _chpx_page(runs: list[list]) -> tuple[bytes, int]:
    """One ChpxFkp holding as many of ``runs`` as fit: the FCs, one offset byte per run, the
    Chpx (cb, grpprl) stored from the end of the page at even offsets."""
    page = bytearray(SECTOR)
    free = 511
    offsets: list[int] = []
    for run in runs:
        g = run[2]
        spot = 0
        if g:
            spot = (free - 1 - len(g)) & ~1
        crun = len(offsets) + 1
        if crun > 100 or (g and spot < 4 * (crun + 1) + crun):
            break
        if g:
            page[spot] = len(g)
            page[spot + 1:spot + 1 + len(g)] = g
            free = spot
        offsets.append(spot // 2)
    crun = len(offsets)
    rgfc = [r[0] for r in runs[:crun]] + [runs[crun - 1][1]]
    struct.pack_into(f"<{crun + 1}I", page, 0, *rgfc)
    page[4 * (crun + 1):4 * (crun + 1) + crun] = bytes(offsets)
    page[511] = crun
    return bytes(page), crun
