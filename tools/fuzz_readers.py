"""Mutational fuzzer for the readers: random and structure-aware corruptions of real reports.

Each reader gets seed files (correct reports from tests/builder.py in every layout; PDFs made by
LibreOffice from the DOCX seeds, cached; a .doc made by LibreOffice (tests/fixtures/legacy) and
its .wps form; OFD laid out from the DOCX seeds by tests/ofd_writer.py). Inputs are derived deterministically from
(reader, batch, index), so any input can be made again from its log line. Every batch runs in a
child process with an address-space limit and a per-input alarm; the parent restarts a child that
dies (a segfault, a memory blow-up) and records the input it was on.

An outcome is fine when the pipeline (``read_bytes`` -> ``recognize`` -> ``run_rules``) returns
or raises ``Refusal``. Anything else is a crash: an uncaught exception, a ``MemoryError``, an
input taking longer than the per-input limit, or a child that dies. Crashing inputs are saved
under ``tools/.fuzz/crashes/`` (git-ignored) with their traceback.

    nice -n 19 python tools/fuzz_readers.py --plan docx=330,xlsx=330,pdf=420,html=300,any=240
    nice -n 19 python tools/fuzz_readers.py --plan doc=600,ofd=600
    python tools/fuzz_readers.py --replay tools/.fuzz/crashes/<file>.bin

The summary (inputs tried, crashes, per reader) goes to stdout and ``tools/.fuzz/summary.json``.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORK = ROOT / "tools" / ".fuzz"
SEEDS = WORK / "seeds"
CRASHES = WORK / "crashes"
SLOW = WORK / "slow"
SLOW_SECONDS = 5.0                # an input taking longer is kept for a look (not a crash)
READERS = ("docx", "xlsx", "pdf", "html", "text", "doc", "ofd", "any")
BATCH = 200                       # inputs per child process
EVENT = "@@fuzz "                  # prefix of the worker's event lines
INPUT_SECONDS = 20                # one input taking longer (CPU time) is a hang
MEMORY_BYTES = 2 * 1024 ** 3      # address-space limit of a child
INTERESTING = [b"0", b"-1", b"99999999999", b"4294967296", b"1e308", b"NaN", b"", b"\x00",
               b"\xff\xfe", b"<", b">", b"&", b"&amp;", b'"', b"'", b"]]>", b"%", b"\\",
               b"\xe4\xb8\x80", b"\xef\xbb\xbf", b"(", b")", b"/", b" obj", b"endobj",
               b"stream", b"R", b"<<", b">>"]


# --- seeds ---------------------------------------------------------------------------------------

def make_seeds() -> dict[str, list[Path]]:
    """Seed files per reader, made once and cached in tools/.fuzz/seeds."""
    from tests import builder

    SEEDS.mkdir(parents=True, exist_ok=True)
    content = builder.correct_content(seed=3)
    zero = builder.correct_content(seed=4, zero=True, level="人民政府")
    for fmt, layout in builder.LAYOUTS + builder.EXTRA_LAYOUTS:
        for stem, c in (("a", content), ("z", zero)):
            target = SEEDS / builder.file_name(fmt, layout, stem)
            if not target.exists():
                builder.write(c, target, fmt, layout)
    docx_seeds = sorted(SEEDS.glob("*_docx_*.docx"))
    pdf_seeds = sorted(SEEDS.glob("*.pdf"))
    if not pdf_seeds:
        try:
            from tests import pdf_fixtures
            made = pdf_fixtures.convert(docx_seeds[:3], WORK / "pdfcache")
            for i, pdf in enumerate(made):
                (SEEDS / f"seed{i}.pdf").write_bytes(pdf.read_bytes())
        except Exception as err:          # no LibreOffice: the PDF fuzz uses a hand-made file
            print(f"PDF seeds from LibreOffice failed ({err}); using a minimal PDF", flush=True)
            (SEEDS / "minimal.pdf").write_bytes(minimal_pdf())
        pdf_seeds = sorted(SEEDS.glob("*.pdf"))
    doc_seeds = _legacy_seeds(docx_seeds)
    seeds = {
        "doc": doc_seeds,
        "ofd": sorted(SEEDS.glob("*.ofd")),
        "docx": docx_seeds,
        "xlsx": sorted(SEEDS.glob("*.xlsx")),
        "pdf": pdf_seeds,
        "html": sorted(SEEDS.glob("*.html")),
        "text": sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.md")),
    }
    seeds["any"] = [p for k in ("docx", "xlsx", "pdf", "html", "text", "doc", "ofd")
                    for p in seeds[k]]
    return seeds


def _legacy_seeds(docx_seeds: list[Path]) -> list[Path]:
    """OLE seeds (reader "doc"): the committed LibreOffice .doc, its .wps form (0Table, many
    pieces, 8-bit pieces) and the committed LibreOffice .xls; OFD seeds: DOCX seeds laid out by the tests' OFD writer."""
    from core.readers import read
    from tests import legacy_fixtures
    from tests.ofd_writer import write_ofd

    doc = ROOT / "tests" / "fixtures" / "legacy" / "report.doc"
    xls = doc.with_name("report.xls")
    for name, make in (("report.doc", doc.read_bytes), ("report.xls", xls.read_bytes),
                       ("report.wps", lambda: legacy_fixtures.repack_as_wps(doc.read_bytes()))):
        if not (SEEDS / name).exists():
            (SEEDS / name).write_bytes(make())
    for docx in docx_seeds[:4]:
        target = SEEDS / f"{docx.stem}.ofd"
        if not target.exists():
            write_ofd(read(str(docx)), target)
    return [SEEDS / "report.doc", SEEDS / "report.wps", SEEDS / "report.xls"]


def pdf_bytes(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n (1 is the catalog) with a correct xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, trailer_extra, xref))
    return out.getvalue()


def minimal_pdf(text: str = "Report 2023") -> bytes:
    """A one-page PDF with a line of text, with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                      b"/Resources << /Font << /F1 5 0 R >> >> >>",
                      b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


# --- mutations -----------------------------------------------------------------------------------

def mutate_bytes(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    """Generic byte-level mutations: flips, overwrites, inserts, deletes, truncation, splices."""
    buf = bytearray(data)
    for _ in range(rounds or rng.choice((1, 1, 2, 3, 8))):
        if not buf:
            buf += rng.randbytes(rng.randint(1, 64))
            continue
        op = rng.randrange(9)
        pos = rng.randrange(len(buf))
        if op == 0:
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == 1:
            n = rng.randint(1, 16)
            buf[pos:pos + n] = rng.randbytes(n)
        elif op == 2:
            buf[pos:pos] = rng.randbytes(rng.randint(1, 64))
        elif op == 3:
            del buf[pos:pos + rng.randint(1, 256)]
        elif op == 4:
            del buf[pos:]
        elif op == 5:
            n = rng.randint(1, 512)
            buf[pos:pos] = buf[rng.randrange(len(buf)):][:n]
        elif op == 6:
            buf[pos:pos] = rng.choice(INTERESTING)
        elif op == 7:
            buf[pos] = rng.choice((0, 0xff, 0x7f, 0x80, 0x20, 0x0a))
        else:
            buf[pos:pos + 4] = rng.randbytes(4)
    return bytes(buf)


_NUMBER = re.compile(rb"\d+")
_TAG = re.compile(rb"<[A-Za-z][^<>]{0,200}>")


def mutate_tokens(rng: random.Random, data: bytes) -> bytes:
    """Markup-aware mutations: change numbers, duplicate / drop / nest tags."""
    op = rng.randrange(5)
    if op == 0:
        spots = list(_NUMBER.finditer(data))
        if spots:
            m = rng.choice(spots)
            new = rng.choice((b"0", b"-1", b"65535", b"2147483648", b"999999999999",
                              str(rng.randint(0, 500)).encode()))
            return data[:m.start()] + new + data[m.end():]
    tags = list(_TAG.finditer(data))
    if not tags:
        return mutate_bytes(rng, data)
    m = rng.choice(tags)
    if op == 1:
        return data[:m.start()] + data[m.end():]
    if op == 2:
        return data[:m.end()] + m.group() * rng.randint(1, 50) + data[m.end():]
    if op == 3:
        o = rng.choice(tags)
        return data[:m.start()] + o.group() + data[m.start():]
    attr = rng.choice((b' colspan="9999"', b' rowspan="-3"', b' w:val="999999"',
                       b' gridSpan="70000"', b' r="XFD1048576"', b' ref="A1:XFD1048576"',
                       b' xml:space="x"'))
    return data[:m.end() - 1] + attr + data[m.end() - 1:]


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """Mutate one XML member inside the package, keep the zip valid (or drop / add a member)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(i, zf.read(i)) for i in zf.infolist()]
    except Exception:
        return mutate_bytes(rng, data)
    xml = [k for k, (i, _) in enumerate(members) if i.filename.endswith((".xml", ".rels"))]
    op = rng.randrange(10)
    if op == 0 and members:
        del members[rng.randrange(len(members))]
    elif op == 1 and members:
        k = rng.randrange(len(members))
        members.append((zipfile.ZipInfo(members[k][0].filename + rng.choice(("", "x"))),
                        members[k][1]))
    elif xml:
        k = rng.choice(xml)
        info, body = members[k]
        body = mutate_tokens(rng, body) if op < 7 else mutate_bytes(rng, body, rng.randint(1, 4))
        members[k] = (info, body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, body in members:
            dst.writestr(info.filename, body)
    return out.getvalue()


def mutate_ole(rng: random.Random, data: bytes) -> bytes:
    """Mutate a stream of a Word or Excel binary file and store the streams again (a valid
    container with a broken document): FIB fields, the table stream (piece table, PLCs, style
    sheet), formatted disk pages in the WordDocument stream; BIFF records of a Workbook."""
    try:
        import olefile

        from tests.legacy_fixtures import compound_file
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir(streams=True)}
    except Exception:
        return mutate_bytes(rng, data)
    main = "WordDocument" if "WordDocument" in streams else "Workbook"
    name = rng.choice([main, main, *[n for n in streams if "Table" in n]])
    if name not in streams:
        return mutate_bytes(rng, data)
    body = bytearray(streams[name])
    if name == "WordDocument" and rng.random() < 0.5 and len(body) > 0x200:
        at = rng.randrange(0x0A, 0x200) & ~3          # a FIB field: flags, counts, (fc, lcb)
        body[at:at + 4] = rng.choice((rng.randbytes(4), b"\xff\xff\xff\x7f", bytes(4),
                                      (len(body) + rng.randint(-8, 8)).to_bytes(4, "little")))
    else:
        body = bytearray(mutate_bytes(rng, bytes(body), rng.randint(1, 6)))
    streams[name] = bytes(body)
    if rng.random() < 0.05:
        streams.pop(rng.choice(sorted(streams)))
    return compound_file(streams)


def mutate(reader: str, rng: random.Random, data: bytes) -> bytes:
    roll = rng.random()
    if reader == "doc":
        return mutate_ole(rng, data) if roll < 0.8 else mutate_bytes(rng, data)
    if reader in ("docx", "xlsx", "ofd"):
        return mutate_zip(rng, data) if roll < 0.7 else mutate_bytes(rng, data)
    if reader in ("pdf", "html"):
        return mutate_tokens(rng, data) if roll < 0.5 else mutate_bytes(rng, data)
    if reader == "text":
        if roll < 0.3:
            return mutate_tokens(rng, data)
        if roll < 0.5:
            text = data.decode("utf-8", errors="replace")
            enc = rng.choice(("gb18030", "utf-16-le", "utf-16-be", "utf-32", "big5",
                              "cp500", "shift_jis", "latin-1"))
            return mutate_bytes(rng, text.encode(enc, errors="replace"), rng.randint(0, 2) or 1)
        return mutate_bytes(rng, data)
    # any: splices across formats, random junk, truncations
    if roll < 0.2:
        return rng.randbytes(rng.randint(0, 4096))
    return mutate_bytes(rng, data, rng.randint(1, 20))


def make_input(reader: str, seeds: list[Path], batch: int, index: int) -> tuple[bytes, str]:
    rng = random.Random(f"{reader}:{batch}:{index}")
    seed = rng.choice(seeds)
    data = seed.read_bytes()
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        data = mutate(reader, rng, data)
    return data, seed.name


# --- running -------------------------------------------------------------------------------------

def run_pipeline(data: bytes, name: str = "fuzz.bin") -> str:
    """"ok", or the refusal code; raises anything else."""
    from core.api import CheckOptions
    from core.model import Refusal
    from core.readers import read_bytes
    from core.recognize import recognize
    from core.rules import run_rules

    try:
        report = recognize(read_bytes(name, data))
    except Refusal as refusal:
        return refusal.code
    run_rules(report, None, CheckOptions())
    return "ok"


class Hang(Exception):
    pass


def worker(reader: str, batch: int, count: int) -> int:
    """Child process: run ``count`` inputs, one JSON line per event on stdout."""
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))

    def alarm(_sig, _frame):
        raise Hang(f"input took longer than {INPUT_SECONDS} s of CPU time")
    # CPU time, not wall time: the fuzzer runs at nice 19 on a shared machine, where a
    # wall-clock alarm fires on inputs that only waited for a CPU.
    signal.signal(signal.SIGPROF, alarm)
    seeds = make_seeds()[reader]
    proto = os.fdopen(os.dup(1), "w")       # the event stream; anything a library prints
    sys.stdout = sys.stderr                 # goes to stderr instead
    outcomes: dict[str, int] = {}
    for index in range(count):
        data, seed = make_input(reader, seeds, batch, index)
        print(EVENT + json.dumps({"start": index}), file=proto, flush=True)
        started = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, INPUT_SECONDS)
        try:
            outcome = run_pipeline(data)
        except BaseException as err:            # noqa: BLE001 - everything else is a crash
            signal.setitimer(signal.ITIMER_PROF, 0)
            if isinstance(err, KeyboardInterrupt):
                raise
            outcome = "crash"
            save_crash(reader, batch, index, seed, data, traceback.format_exc())
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        elapsed = time.process_time() - started
        if elapsed > SLOW_SECONDS:
            SLOW.mkdir(parents=True, exist_ok=True)
            (SLOW / f"{reader}-{batch}-{index}-{elapsed:.0f}s.bin").write_bytes(data)
        print(EVENT + json.dumps({"done": index, "outcome": outcome,
                                  "seconds": round(elapsed, 3)}),
              file=proto, flush=True)
    return 0


def save_crash(reader: str, batch: int, index: int, seed: str, data: bytes, detail: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    last = detail.strip().splitlines()[-1][:80] if detail.strip() else "died"
    stem = f"{reader}-{batch}-{index}"
    path = CRASHES / f"{stem}.bin"
    path.write_bytes(data)
    (CRASHES / f"{stem}.txt").write_text(
        f"reader={reader} batch={batch} index={index} seed={seed}\n{last}\n\n{detail}",
        encoding="utf-8")
    print(f"CRASH {stem}: {last}", file=sys.stderr, flush=True)
    return path


def fuzz(reader: str, seconds: float, first_batch: int = 0) -> dict:
    """Run batches in child processes for ``seconds``; return the counts."""
    seeds = make_seeds()[reader]
    deadline = time.monotonic() + seconds
    totals = {"reader": reader, "seconds": 0.0, "inputs": 0, "crashes": 0, "outcomes": {},
              "slowest": 0.0, "batches": 0}
    started = time.monotonic()
    batch = first_batch
    while time.monotonic() < deadline:
        cmd = [sys.executable, __file__, "--worker", reader, str(batch), str(BATCH)]
        errlog = tempfile.TemporaryFile("w+")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errlog, text=True, cwd=ROOT)
        current = None
        for line in proc.stdout:
            if not line.startswith(EVENT):
                continue
            event = json.loads(line[len(EVENT):])
            if "start" in event:
                current = event["start"]
            else:
                current = None
                totals["inputs"] += 1
                out = event["outcome"]
                totals["outcomes"][out] = totals["outcomes"].get(out, 0) + 1
                totals["slowest"] = max(totals["slowest"], event["seconds"])
                if out == "crash":
                    totals["crashes"] += 1
            if time.monotonic() > deadline + INPUT_SECONDS:
                proc.kill()
                break
        proc.wait()
        errlog.seek(0)
        stderr = errlog.read()
        errlog.close()
        if proc.returncode not in (0, -9) and current is not None:
            data, seed = make_input(reader, seeds, batch, current)
            save_crash(reader, batch, current, seed, data,
                       f"child died with code {proc.returncode}\n{stderr[-2000:]}")
            totals["inputs"] += 1
            totals["crashes"] += 1
            totals["outcomes"]["died"] = totals["outcomes"].get("died", 0) + 1
        batch += 1
        totals["batches"] += 1
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def replay(path: Path) -> int:
    data = path.read_bytes()
    try:
        print(run_pipeline(data, path.name))
    except Exception:
        traceback.print_exc()
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plan",
                    default="docx=60,xlsx=60,pdf=60,html=60,text=60,doc=60,ofd=60,any=60",
                    help="reader=seconds,... (readers: %s)" % ", ".join(READERS))
    ap.add_argument("--worker", nargs=3, metavar=("READER", "BATCH", "COUNT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--replay", type=Path, help="run one saved input and show the outcome")
    ap.add_argument("--first-batch", type=int, default=0,
                    help="batch number to start from (a later run explores new inputs)")
    args = ap.parse_args(argv)
    if args.worker:
        reader, batch, count = args.worker
        return worker(reader, int(batch), int(count))
    if args.replay:
        return replay(args.replay)
    make_seeds()
    results = []
    for item in args.plan.split(","):
        reader, seconds = item.split("=")
        assert reader in READERS, reader
        result = fuzz(reader, float(seconds), args.first_batch)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    WORK.mkdir(parents=True, exist_ok=True)
    summary = WORK / "summary.json"
    previous = json.loads(summary.read_text()) if summary.exists() else []
    summary.write_text(json.dumps(previous + [{"finished": time.strftime("%Y-%m-%d %H:%M:%S"),
                                               "plan": args.plan, "results": results}],
                                  ensure_ascii=False, indent=1))
    total = sum(r["inputs"] for r in results)
    crashes = sum(r["crashes"] for r in results)
    print(f"total: {total} inputs, {crashes} crashes", flush=True)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
