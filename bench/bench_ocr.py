"""Speed and memory of reading a scanned report (OCR), per page.

    python bench/bench_ocr.py [--runs 3] [--threads N] [--out bench/.cache/ocr.json]

The input is the builder's report with two errors (tests/builder.py, DOCX "merged", printed to
PDF by LibreOffice, 5 pages), made image-only as the tests do (tests/scan_fixtures.py: every
page at 180 dpi, turned by up to 0.8°, grain, JPEG artefacts). It is made once and kept in
bench/.cache/ (git-ignored). Each measurement runs in a fresh child process, as a person's first
check of a scan does (the OCR models load on first use, which is counted apart):

- load: making the OCR engine (the models read from the package), seconds;
- per page: the whole read (render, straighten, OCR, ruling lines, layout) divided by pages,
  wall-clock and CPU seconds of the process (CPU time is what the page costs when the machine
  is shared: wall-clock grows with the other processes on the same cores);
- check: core.api.check of the scan (reading plus recognition and every rule), seconds;
- peak memory: the child's VmHWM (interpreter, models and imports included).

The load average of the machine before and after is printed with the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache"
CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[2])
from core.readers import ocr_engine, read
from core.api import check
from PIL import Image


def peak_rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


t = time.perf_counter()
ocr_engine.recognize(Image.new("L", (64, 32), 255))    # the engine and its models
load = time.perf_counter() - t
c0, t0 = time.process_time(), time.perf_counter()
doc = read(sys.argv[1])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
pages = len(doc.ocr_pages)
t1 = time.perf_counter()
result = check(sys.argv[1])
check_s = time.perf_counter() - t1
print(json.dumps({"pages": pages, "load_s": round(load, 2), "read_s": round(wall, 2),
                  "wall_s_per_page": round(wall / pages, 2), "cpu_s_per_page": round(cpu / pages, 2),
                  "check_s": round(check_s, 2), "peak_rss_mb": round(peak_rss_kb() / 1024),
                  "errors": sorted(f.rule for f in result.findings if f.severity == "error"),
                  "threads": ocr_engine._threads()}))
"""


def make_scan() -> Path:
    from tests import pdf_fixtures as fx
    from tests import scan_fixtures as scans
    from tests.builder import write
    from tests.test_ocr import _with_errors

    CACHE.mkdir(parents=True, exist_ok=True)
    scan = CACHE / "ocr-errors-scan.pdf"
    if not scan.exists():
        docx = write(_with_errors(), CACHE / "ocr-errors.docx", "docx", "merged")
        [pdf] = fx.convert([docx], CACHE)
        scans.scanned_copy(pdf, scan, seed=11)
    return scan


def make_smudged() -> Path:
    """The correct report scanned with one digit of 表三 wiped half away (for the screenshot)."""
    from tests import pdf_fixtures as fx
    from tests.builder import correct_content, write
    from tests.test_ocr import SEED, _scan, _smudge_cell

    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / "ocr-smudged-scan.pdf"
    if not out.exists():
        docx = write(correct_content(seed=SEED), CACHE / "ocr-base.docx", "docx", "merged")
        [pdf] = fx.convert([docx], CACHE)
        smudge, _ = _smudge_cell(pdf, "本年新收", "本年新收", 1)
        _scan(pdf, out, smudge)
    return out


def _median(runs: list[dict]) -> dict:
    """The median of every number over the runs (with its range), the rest from the first run."""
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and key not in ("pages", "threads"):
            values = sorted(r[key] for r in runs)
            out[key] = round(statistics.median(values), 2)
            if len(runs) > 1:
                out[key + "_range"] = [values[0], values[-1]]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(CACHE / "ocr.json"))
    ap.add_argument("--threads", type=int, default=0, help="NIANBAO_OCR_THREADS for the child")
    ap.add_argument("--runs", type=int, default=3, help="fresh child processes; medians reported")
    ap.add_argument("--smudged", action="store_true",
                    help="only make the scan with one doubtful digit and print its path")
    args = ap.parse_args(argv)
    if args.smudged:
        print(make_smudged())
        return 0
    scan = make_scan()
    env = dict(os.environ)
    if args.threads:
        env["NIANBAO_OCR_THREADS"] = str(args.threads)
    before = os.getloadavg()
    runs = []
    for _ in range(max(1, args.runs)):
        proc = subprocess.run([sys.executable, "-c", CHILD, str(scan), str(ROOT)],
                              capture_output=True, text=True, env=env, timeout=3600, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    after = os.getloadavg()
    result = _median(runs)
    result.update({"runs": len(runs), "load_before": [round(v, 2) for v in before],
                   "load_after": [round(v, 2) for v in after], "cores": os.cpu_count(),
                   "file": scan.name, "file_kb": round(scan.stat().st_size / 1024)})
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
