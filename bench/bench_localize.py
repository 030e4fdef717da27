"""Time of the arithmetic localiser (core.localize.analyse) on 表三 with 1 to 6 wrong cells.

    python bench/bench_localize.py [--trials 200] [--seed 7]

A consistent 表三 (tests/test_localize.consistent_values: random counts, every relation holding)
gets k cells changed by +1, +3, +7 or +10 at random places; the localiser then searches every
minimal repair of up to 4 cells exactly. Reported per k: how often the changed cells are among
the minimal repairs, how often they are the unique (certain) one, and the mean and worst time.
With 5 or more wrong cells no repair of 4 exists and the search must prove it.
"""
from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    from test_localize import STD, consistent_values, tables

    from core.localize import analyse

    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.trials} trials per k")
    print("k | truth among minimal repairs | certain and right | mean s | worst s")
    for k in range(1, 7):
        found = certain = 0
        times = []
        for trial in range(args.trials):
            base = consistent_values(trial)
            keys = rnd.sample(sorted(base), k)
            v = dict(base)
            for key in keys:
                v[key] = base[key] + rnd.choice([1, 3, 7, 10])
            t = time.perf_counter()
            result = analyse(STD, tables(v))
            times.append(time.perf_counter() - t)
            comp = result.components[0] if result.components else None
            truth = {("t3", *key): base[key] for key in keys}
            found += bool(comp and truth in comp.repairs)
            certain += bool(comp and comp.chosen == truth)
        print(f"{k} | {found}/{args.trials} | {certain}/{args.trials} | "
              f"{sum(times) / len(times):.3f} | {max(times):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
