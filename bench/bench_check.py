"""Speed of `python main.py check FILE` as a whole process, against a floor, and in-process.

    python bench/bench_check.py [--runs 15]

The floor is a Python process that only unzips the same DOCX and parses its document.xml with
lxml: what any DOCX-reading program pays at least. The in-process time is one call of
core.api.check on a warm interpreter: what the GUI and batch mode pay per file.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = ("import sys, zipfile\nfrom lxml import etree\n"
         "z = zipfile.ZipFile(sys.argv[1]); etree.fromstring(z.read('word/document.xml'))\n")


def timed(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def make_inputs(folder: Path) -> dict[str, Path]:
    from tests.builder import correct_content, write

    content = correct_content(seed=7)
    out = {}
    for fmt, layout, name in (("docx", "merged", "report.docx"), ("xlsx", "sheets", "report.xlsx"),
                              ("txt", "tsv", "report.txt")):
        path = folder / name
        write(content, path, fmt, layout)
        out[fmt] = path
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from core.api import check

    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(Path(tmp))
        floor = timed([sys.executable, "-c", FLOOR, str(inputs["docx"])], args.runs)
        print(f"floor (unzip + lxml parse of document.xml), whole process: {floor:.3f} s")
        for fmt, path in inputs.items():
            whole = timed([sys.executable, "main.py", "check", str(path)], args.runs)
            check(path)                                   # warm caches and imports
            samples = []
            for _ in range(args.runs):
                start = time.perf_counter()
                check(path)
                samples.append(time.perf_counter() - start)
            inproc = statistics.median(samples)
            print(f"{fmt:5} whole process median {whole:.3f} s  ratio to floor {whole / floor:.1f}x"
                  f"  in-process median {inproc * 1000:.1f} ms")


if __name__ == "__main__":
    main()
