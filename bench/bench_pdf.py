"""Speed and memory of the PDF reader on reports of 3, 10 and 30 pages, against a floor.

    python bench/bench_pdf.py [--runs 5]

The inputs are the builder's report (tests/builder.py, DOCX "merged") printed to PDF by
LibreOffice: set tighter for 3 pages, with pages of prose appended for 10 and 30. They are made
once and kept in bench/.cache/ (git-ignored); delete that folder to make them again. "reader" is
core.readers.pdf_reader.read_pdf on the file's bytes; "check" is core.api.check on the path
(reading, recognition and every rule).

The floor is what any program that reads a PDF's text with pdfplumber pays at least: open the
file and extract the words of every page, nothing else. Times are medians of in-process calls on
a warm interpreter (the GUI and batch mode pay this per file). Peak memory is measured in a fresh
child process that checks the 30-page report: its peak RSS (ru_maxrss, interpreter and imports
included; VmHWM), its RSS before the check, and the peak of Python allocations (tracemalloc,
in a second child).
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache"
TARGETS = (3, 10, 30)
MEMORY_CHILD = r"""
import json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[2])
from core.api import check
import core.readers.pdf_reader, pdfplumber            # imports before the baseline


def peak_rss_kb():
    # VmHWM is this process's own high-water mark; ru_maxrss may still hold the parent's,
    # inherited through fork.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


traced = sys.argv[3] == "traced"
before = peak_rss_kb()
if traced:
    tracemalloc.start()
result = check(sys.argv[1])
peak = tracemalloc.get_traced_memory()[1] if traced else 0
print(json.dumps({"status": result.status, "rss_before_kb": before, "rss_peak_kb": peak_rss_kb(),
                  "tracemalloc_peak_b": peak}))
"""


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def _compact(docx: Path, out: Path) -> Path:
    """The same report set in 9 pt on narrow margins, so that it fits on fewer pages."""
    from docx import Document
    from docx.shared import Cm, Pt

    d = Document(str(docx))
    d.styles["Normal"].font.size = Pt(9)
    for section in d.sections:
        section.left_margin = section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(1.2)
    for p in d.paragraphs:
        p.paragraph_format.space_after = Pt(0)
    d.save(str(out))
    return out


def make_inputs(runs_dir: Path) -> dict[int, Path]:
    """target pages -> PDF; cached in bench/.cache/ with a manifest."""
    from tests import pdf_fixtures as fx
    from tests.builder import correct_content, write

    manifest = CACHE / "manifest.json"
    if manifest.exists():
        known = {int(k): CACHE / v for k, v in json.loads(manifest.read_text()).items()}
        if all(p.exists() for p in known.values()) and set(known) == set(TARGETS):
            return known
    if not fx.soffice():
        sys.exit("LibreOffice (soffice) is needed to make the benchmark PDFs.")
    CACHE.mkdir(parents=True, exist_ok=True)
    base = write(correct_content(seed=7), runs_dir / "report.docx", "docx", "merged")
    out: dict[int, Path] = {}
    for target in TARGETS:
        docx = _compact(base, runs_dir / "compact.docx") if target <= 3 else base
        pdf = fx.convert([docx], CACHE)[0]
        extra = max(0, target - page_count(pdf))
        for _ in range(6):          # add prose pages until the page count is right
            if page_count(pdf) == target:
                break
            extra = max(0, extra + target - page_count(pdf))
            padded = fx.add_prose_pages(docx, runs_dir / f"padded_{target}.docx", extra)
            pdf = fx.convert([padded], CACHE)[0]
        final = CACHE / f"report_{target}p.pdf"
        final.write_bytes(pdf.read_bytes())
        out[target] = final
    manifest.write_text(json.dumps({k: v.name for k, v in out.items()}))
    return out


def median_times(fns: list, runs: int) -> list[float]:
    """Median time of each function; the calls are interleaved (floor, reader, check, floor,
    ...) so that a busy machine slows all of them alike."""
    for fn in fns:
        fn()                                              # warm imports and caches
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            samples[k].append(time.perf_counter() - start)
    return [statistics.median(s) for s in samples]


def floor(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()


def memory(pdf: Path) -> dict:
    """Peak RSS of a plain run, and the peak of Python allocations of a traced run (tracing
    itself costs memory, so the two runs are separate)."""
    out = {}
    for mode in ("plain", "traced"):
        proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(pdf), str(ROOT), mode],
                              capture_output=True, text=True, check=True)
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        if mode == "plain":
            out.update(rss_before_kb=data["rss_before_kb"], rss_peak_kb=data["rss_peak_kb"])
        else:
            out["tracemalloc_peak_b"] = data["tracemalloc_peak_b"]
    return out


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from core.api import check
    from core.readers.pdf_reader import read_pdf

    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp))
    print(f"{'pages':>5} {'floor s':>8} {'reader s':>9} {'check s':>8} {'reader/floor':>12} "
          f"{'check/floor':>11} {'reader s/page':>13} {'check s/page':>12}")
    for target, pdf in sorted(inputs.items()):
        data = pdf.read_bytes()
        pages = page_count(pdf)
        t_floor, t_read, t_check = median_times(
            [lambda: floor(data), lambda: read_pdf(str(pdf), data), lambda: check(pdf)], args.runs)
        assert check(pdf).status == "checked"
        print(f"{pages:>5} {t_floor:>8.3f} {t_read:>9.3f} {t_check:>8.3f} "
              f"{t_read / t_floor:>11.2f}x {t_check / t_floor:>10.2f}x "
              f"{t_read / pages:>13.4f} {t_check / pages:>12.4f}")
    mem = memory(inputs[max(TARGETS)])
    print(f"memory, check of the {max(TARGETS)}-page report in a fresh process: "
          f"peak RSS {mem['rss_peak_kb'] / 1024:.0f} MB (before the check "
          f"{mem['rss_before_kb'] / 1024:.0f} MB), "
          f"tracemalloc peak {mem['tracemalloc_peak_b'] / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
