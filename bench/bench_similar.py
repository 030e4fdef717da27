"""内容雷同: MinHash + LSH against the exact all-pairs containment, for docs/scale.md.

    python bench/bench_similar.py [--reports 2000] [--bands 64x2 32x4 …]

The proses are tests/batch_fixtures.graded_proses: a shared boilerplate and, for a third of
the reports, a share of another report's text spread evenly from 0.1 to 1.0, so that many pairs
sit near the threshold. For each band layout it prints the candidate pairs, their precision
(the share that the exact measure confirms), the recall of the similar pairs the exact method
finds (share ≥ SIMILAR_MIN) and the time; the reported pairs are always exact (every candidate
is measured), so their precision is 1.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from core.batch import similar as sim
    from tests.batch_fixtures import graded_proses

    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--bands", nargs="+", default=["64x4", "32x8"])
    parser.add_argument("--estimate", type=float, default=0.25)
    args = parser.parse_args()
    print(f"{args.reports} reports, load average {os.getloadavg()[0]:.1f}")
    proses = graded_proses(args.reports, seed=7)
    start = time.perf_counter()
    sketches = [sim.sketch(p) for p in proses]
    per = (time.perf_counter() - start) / len(proses) * 1000
    print(f"signature: {per:.1f} ms per report ({len(proses[0])} characters)")
    items = [(f"r{i}", None, p, s) for i, (p, s) in enumerate(zip(proses, sketches), 1)]
    start = time.perf_counter()
    exact = {(s.a, s.b) for s in sim.similar_pairs(items, exhaustive=True)}
    exact_s = time.perf_counter() - start
    pairs = len(proses) * (len(proses) - 1) // 2
    print(f"exact: {pairs:,} pairs compared in {exact_s:.1f} s, {len(exact)} similar "
          f"(share >= {sim.SIMILAR_MIN})")
    sets = [sim.shingles(p) for p in proses]
    for layout in args.bands:
        bands, rows = map(int, layout.split("x"))
        start = time.perf_counter()
        cands = sim.candidates(sketches, bands, rows, args.estimate)
        cand_s = time.perf_counter() - start
        confirmed = {(f"r{x + 1}", f"r{y + 1}") for x, y in cands
                     if sim.containment(sets[x], sets[y]) >= sim.SIMILAR_MIN}
        found = {tuple(sorted(p, key=lambda n: int(n[1:]))) for p in confirmed}
        truth = {tuple(sorted(p, key=lambda n: int(n[1:]))) for p in exact}
        recall = len(found & truth) / len(truth) if truth else 1.0
        missed = sorted(sim.containment(sets[int(a[1:]) - 1], sets[int(b[1:]) - 1])
                        for a, b in truth - found)
        print(f"LSH {bands} bands x {rows} rows: {len(cands):,} candidates in {cand_s:.2f} s, "
              f"candidate precision {len(confirmed) / max(1, len(cands)):.3f}, "
              f"recall {recall:.4f} ({len(found & truth)}/{len(truth)})"
              + (f", missed shares {', '.join(f'{m:.2f}' for m in missed[:8])}" if missed else ""))


if __name__ == "__main__":
    main()
