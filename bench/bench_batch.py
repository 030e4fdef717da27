"""Throughput of `python main.py batch` on 200, 2,000 or 10,000 generated DOCX reports, with 1
and 2 workers.

    python bench/bench_batch.py [--files 200] [--jobs 1 2]

The reports are the builder's (tests/builder.py) with prose of their own (tests/test_batch.py
own_prose): a different seed and agency each, in the four DOCX layouts, every tenth with one
injected arithmetic error, 5 % near-copies of another agency's prose, 2 % the same agency's
report of the year before (``folder_plan``). They are written once into
$NIANBAO_BENCH_DIR/batch<N>/ (default /tmp/nianbao-bench; 10,000 take about 8 minutes to write).
Each run is a fresh `main.py batch DIR -o OUT --jobs N` process; the total resident memory of
that process and all its workers is sampled from /proc every 50 ms, and its peak is reported.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCX_LAYOUTS = ("merged", "flat", "split", "split_repeat")


FOLDERS = Path(os.environ.get("NIANBAO_BENCH_DIR", "/tmp/nianbao-bench"))


class DocxStamp:
    """The builder's DOCX writer takes about 2 s a report (python-docx merging cells), 5.5 hours
    for 10,000. Each layout is written once by the builder with a token in place of every
    paragraph, cell value and name; a report is then that package with its own text put into the
    tokens (a few milliseconds). The bytes are those the builder would write for that content."""

    TOKEN = re.compile(rb"QQ([A-Z]\d*)QQ")

    def __init__(self):
        self.templates: dict[tuple, dict[str, bytes]] = {}

    def _template(self, content, layout: str) -> tuple[dict[str, bytes], list]:
        from tests.builder import SUBHEADING, ReportContent, write

        shape = tuple((k, tuple(bool(SUBHEADING.match(p)) for p in v))
                      for k, v in content.sections.items())
        key = (layout, shape)
        if key not in self.templates:
            paras = 0
            sections = {}
            for k, v in content.sections.items():
                sections[k] = []
                for p in v:
                    if SUBHEADING.match(p):
                        sections[k].append(p)
                    else:
                        sections[k].append(f"QQP{paras}QQ")
                        paras += 1
            cells = sorted(content.values)
            token = ReportContent(agency="QQAQQ", year=content.year, level=content.level,
                                  title="QQAQQQQTQQ", intro="QQIQQ", sections=sections,
                                  values={k: f"QQC{i}QQ" for i, k in enumerate(cells)},
                                  signature_agency="QQSQQ", signature_date="QQDQQ")
            with tempfile.TemporaryDirectory() as tmp:
                path = write(token, Path(tmp) / "t.docx", "docx", layout)
                with zipfile.ZipFile(path) as z:
                    self.templates[key] = {i.filename: z.read(i.filename) for i in z.infolist()}
        return self.templates[key], sorted(content.values)

    def write(self, content, path: Path, layout: str) -> None:
        from tests.builder import SUBHEADING

        parts, cells = self._template(content, layout)
        paras = [p for v in content.sections.values() for p in v if not SUBHEADING.match(p)]
        text = {"A": content.agency, "T": content.title[len(content.agency):]
                if content.title.startswith(content.agency) else content.title,
                "I": content.intro, "S": content.signature_agency, "D": content.signature_date}
        text.update({f"P{i}": p for i, p in enumerate(paras)})
        text.update({f"C{i}": content.values[k] for i, k in enumerate(cells)})

        def put(m):
            return xml_escape(text[m.group(1).decode()]).encode("utf-8")

        tmp = path.with_name(path.name + ".part")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                if name in ("word/document.xml", "docProps/core.xml"):
                    data = self.TOKEN.sub(put, data)
                z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 20, 9, 0, 0)), data,
                           zipfile.ZIP_DEFLATED)
        os.replace(tmp, path)


def folder_plan(i: int) -> dict:
    """What report ``i`` of a bench folder is: its agency, whether it has an injected error, and
    which report it copies (a near-copy of another agency's prose, or the same agency's report
    of the year before)."""
    town = i % 7 == 5
    agency = f"示例县第{i + 1}镇人民政府" if town else f"示例市第{i + 1}区人民政府办公室"
    plan = {"agency": agency, "level": "乡镇街道" if town else "部门", "error": i % 10 == 0,
            "copy_of": None, "prior_of": None, "layout": DOCX_LAYOUTS[i % len(DOCX_LAYOUTS)]}
    if i % 20 == 11:                                  # 5 %: another agency's prose, lightly edited
        plan["copy_of"] = i - 5
    elif i % 50 == 26:                                # 2 %: the year before of report i - 1
        plan["prior_of"] = i - 1
        plan.update(agency=folder_plan(i - 1)["agency"], level=folder_plan(i - 1)["level"])
    return plan


def report_content(i: int):
    from tests.builder import correct_content, sync_prose
    from tests.test_batch import last_year_of, own_prose

    plan = folder_plan(i)
    if plan["prior_of"] is not None:
        return last_year_of(report_content(plan["prior_of"]))
    content = own_prose(correct_content(seed=1000 + i, agency=plan["agency"], level=plan["level"]),
                        1000 + i)
    if plan["copy_of"] is not None:
        source = report_content(plan["copy_of"])
        other = folder_plan(plan["copy_of"])["agency"]
        content.sections = {k: [p.replace(other, plan["agency"]) for p in v]
                            for k, v in source.sections.items()}
        content.sections["S6"][-1] = content.sections["S6"][-1][:20] + "。"   # lightly edited
        sync_prose(content)                     # its figures its own: only the prose is copied
    if plan["error"]:
        key = ("t3", "r1", "natural")
        content.values[key] = str(int(content.values[key]) + 3)
    return content


def make_folder(n: int) -> Path:
    """``n`` builder DOCX reports (cached in FOLDERS/batch<n>/): four layouts, every tenth with
    one injected arithmetic error, 5 % near-copies of another agency's prose, 2 % the same
    agency's report of the year before (paired for the cross-year checks)."""
    folder = FOLDERS / f"batch{n}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    stamp = DocxStamp()
    for i in range(n):
        plan = folder_plan(i)
        year = "2022" if plan["prior_of"] is not None else "2023"
        stamp.write(report_content(i), folder / f"报告{i + 1:05d}_{year}.docx", plan["layout"])
    done.write_text(str(n))
    return folder


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run(folder: Path, jobs: int, keep: Path | None = None) -> tuple[float, int, int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "汇总.xlsx"
        cmd = [sys.executable, "main.py", "batch", str(folder), "-o", str(out), "--jobs", str(jobs)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8")
        stamps: list[tuple[float, str]] = []        # (seconds since start, console line)

        def read_console():
            for line in proc.stderr:
                stamps.append((time.perf_counter() - start, line.strip()))

        reader = threading.Thread(target=read_console, daemon=True)
        reader.start()
        peak = 0
        while True:                      # wait4: the CPU time of the batch and its reaped workers
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        reader.join(5)
        phases = {"跨年度": "cross-year", "内容雷同": "内容雷同", "正在写入": "workbook"}
        marks = [(t, name) for t, line in stamps for key, name in phases.items() if key in line]
        if marks:
            steps = [("checking", 0.0)] + [(n, t) for t, n in marks] + [("end", seconds)]
            print("  phases: " + ", ".join(f"{a} {t2 - t1:.1f} s" for (a, t1), (_, t2)
                                           in zip(steps, steps[1:])))
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        if not out.exists():
            raise SystemExit(f"batch failed with exit code {proc.returncode}")
        from core.batch.run import read_journal

        journal = read_journal(out.with_suffix(".jsonl"))
        print(f"  {len(journal['files'])} files in the journal, {len(journal['similar'])} similar "
              f"pairs, {sum(1 for f in journal['files'] if f['prior'])} paired with the year before")
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            for f in (out, out.with_suffix(".jsonl")):
                shutil.copyfile(f, keep / f"{folder.name}_jobs{jobs}{f.suffix}")
        return seconds, peak, proc.returncode, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="copy the workbook and journal of each run here")
    args = parser.parse_args()
    folder = make_folder(args.files)
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} before")
    times = {}
    for jobs in args.jobs:
        seconds, peak, code, cpu = run(folder, jobs, args.keep)
        times[jobs] = seconds
        print(f"{args.files} DOCX, --jobs {jobs}: {seconds:.1f} s ({args.files / seconds:.1f} files/s), "
              f"CPU {cpu:.0f} s (all processes), "
              f"peak memory of all processes {peak / 2**20:.0f} MB, exit code {code}, "
              f"load average {os.getloadavg()[0]:.1f} after", flush=True)
    if 1 in times and 2 in times:
        print(f"scaling 1 -> 2 workers: {times[1] / times[2]:.2f}x")


if __name__ == "__main__":
    main()
