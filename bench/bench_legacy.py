"""Speed of the legacy-format readers against the modern format of the same report.

    python bench/bench_legacy.py [--runs 15]

Inputs: the builder's report (seed 7) as DOCX ("merged") and XLSX ("sheets"); the DOCX saved as
.doc and the XLSX as .xls by LibreOffice (cached in bench/.cache/), the .doc stored again as the
tests' .wps, and the DOCX laid out as OFD by tests/ofd_writer.py. "read" is core.readers.read,
"check" is core.api.check; medians of in-process calls on a warm interpreter, interleaved.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"


def make_inputs() -> dict[str, Path]:
    from core.readers import read
    from tests import legacy_fixtures
    from tests.builder import correct_content, write
    from tests.ofd_writer import write_ofd

    CACHE.mkdir(parents=True, exist_ok=True)
    content = correct_content(seed=7)
    docx = write(content, CACHE / "legacy_report.docx", "docx", "merged")
    xlsx = write(content, CACHE / "legacy_report.xlsx", "xlsx", "sheets")
    [doc] = legacy_fixtures.convert([docx], CACHE, "doc")
    [xls] = legacy_fixtures.convert([xlsx], CACHE, "xls")
    wps = CACHE / "legacy_report.wps"
    wps.write_bytes(legacy_fixtures.repack_as_wps(doc.read_bytes()))
    ofd = write_ofd(read(str(docx)), CACHE / "legacy_report.ofd")
    return {"docx": docx, "doc": doc, "wps": wps, "ofd": ofd, "xlsx": xlsx, "xls": xls}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from core.api import check
    from core.readers import read

    inputs = make_inputs()
    for path in inputs.values():                      # warm imports and caches
        check(path)
    samples: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in inputs}
    for _ in range(args.runs):
        for name, path in inputs.items():
            start = time.perf_counter()
            read(str(path))
            middle = time.perf_counter()
            check(path)
            samples[name][0].append(middle - start)
            samples[name][1].append(time.perf_counter() - middle)
    print(f"{'format':6} {'size':>8} {'read':>9} {'check':>9}")
    for name, (reads, checks) in samples.items():
        size = inputs[name].stat().st_size
        print(f"{name:6} {size // 1024:>6} KB {statistics.median(reads) * 1000:>7.1f} ms "
              f"{statistics.median(checks) * 1000:>7.1f} ms")


if __name__ == "__main__":
    main()
