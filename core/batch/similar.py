"""内容雷同 at scale: a MinHash signature per report, locality-sensitive hashing for candidate
pairs, the exact measure on candidates only.

The exact measure is the containment of the smaller set of 5-character shingles in the larger
(|A∩B| / min(|A|, |B|)) over a report's own prose (sections 一, 五, 六, years masked, digits and
punctuation removed). Comparing every pair is quadratic: 5×10⁷ pairs for 10,000 reports. Here:

- ``sketch`` (in the worker that checked the file): one-permutation MinHash with rotation
  densification (Li, Owen and Zhang 2012; Shrivastava and Li 2014): every shingle is hashed once
  (64-bit BLAKE2b, the same in every process), its hash picks one of ``BINS`` bins, and the
  smallest value per bin is kept. Two reports agree on a bin with probability about their
  Jaccard similarity. One hash per shingle instead of one per shingle and permutation: a few
  milliseconds per report in pure Python, no extra dependency in the executable.
- ``candidates``: banded LSH over the signature (``BANDS`` bands of ``ROWS`` bins); two reports
  that agree on every bin of at least one band are a candidate pair.
- ``similar_pairs``: the exact containment on each candidate pair; each pair at most once, with
  the longest passages the two share.

The bands were chosen by measurement against the exact all-pairs method (docs/scale.md).
"""
from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

SHINGLE = 5                         # characters per shingle
SIMILAR_MIN = 0.6                   # share of common shingles that counts as 内容雷同
MIN_PROSE_CHARS = 200               # shorter prose is not compared
BINS = 256                          # MinHash values per report
BANDS, ROWS = 64, 4                 # LSH: BANDS * ROWS == BINS
ESTIMATE_MIN = 0.25                 # candidates whose signatures agree on fewer bins are dropped
PASSAGE_MIN = 20                    # shortest shared passage worth showing (characters)
PASSAGES = 3                        # passages shown per pair
PASSAGE_MAX = 80                    # a longer passage is cut with "…"
_EMPTY = (1 << 64) - 1
_ODD = 0x9E3779B97F4A7C15            # densified bins differ from the bin they copy


@dataclass
class Similar:
    a: str
    b: str
    share: float
    same_agency: bool
    passages: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "share": round(self.share, 3),
                "same_agency": self.same_agency, "passages": self.passages}


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(),
                          "little")


def sketch(prose: str) -> bytes | None:
    """The MinHash signature of ``prose``: ``BINS`` unsigned 64-bit values packed in bytes (2 KB;
    a tuple of Python ints would take 10 KB), or None when the prose is too short to compare."""
    if len(prose) < MIN_PROSE_CHARS:
        return None
    mins = [_EMPTY] * BINS
    for i in range(len(prose) - SHINGLE + 1):
        h = _hash(prose[i:i + SHINGLE])
        b, v = h % BINS, h // BINS
        if v < mins[b]:
            mins[b] = v
    if _EMPTY in mins:               # densify: an empty bin borrows from the next filled one
        out = list(mins)
        for b in range(BINS):
            if mins[b] == _EMPTY:
                step = 1
                while mins[(b + step) % BINS] == _EMPTY:
                    step += 1
                out[b] = mins[(b + step) % BINS] ^ ((step * _ODD) & _EMPTY)
        mins = out
    return array("Q", mins).tobytes()


def agreement(a: bytes, b: bytes) -> int:
    """How many bins two signatures agree on."""
    return sum(x == y for x, y in zip(memoryview(a).cast("Q"), memoryview(b).cast("Q")))


def candidates(sketches: list[bytes | None], bands: int = BANDS, rows: int = ROWS,
               estimate_min: float = ESTIMATE_MIN) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose signatures agree on every value of at least one band and, over
    the whole signature, on at least ``estimate_min`` of the bins (an estimate of their Jaccard
    similarity; far below the threshold's, it only spares the exact measure hopeless pairs)."""
    n = len(sketches)
    seen: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    need = estimate_min * bands * rows
    for band in range(bands):
        lo, hi = band * rows * 8, (band + 1) * rows * 8
        buckets: dict[bytes, list[int]] = {}
        for i, s in enumerate(sketches):
            if s is not None:
                buckets.setdefault(s[lo:hi], []).append(i)
        for members in buckets.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    a, b = members[x], members[y]
                    key = a * n + b
                    if key in seen:
                        continue
                    seen.add(key)
                    if agreement(sketches[a], sketches[b]) >= need:
                        pairs.add((a, b))
    return pairs


def shingles(text: str) -> set[int]:
    return {hash(text[i:i + SHINGLE]) for i in range(max(0, len(text) - SHINGLE + 1))}


def containment(a: set[int], b: set[int]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def passages(a: str, b_shingles: set[int]) -> list[str]:
    """The longest runs of ``a`` made of shingles that ``b`` has too (its shared passages)."""
    runs, start = [], None
    n = len(a) - SHINGLE + 1
    for i in range(n + 1):
        inside = i < n and hash(a[i:i + SHINGLE]) in b_shingles
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append(a[start:i - 1 + SHINGLE])
            start = None
    runs = sorted((r for r in runs if len(r) >= PASSAGE_MIN), key=len, reverse=True)[:PASSAGES]
    return [r if len(r) <= PASSAGE_MAX else r[:PASSAGE_MAX] + "…" for r in runs]


def similar_pairs(items: list[tuple[str, str | None, str, bytes | None]],
                  threshold: float = SIMILAR_MIN, exhaustive: bool = False) -> list[Similar]:
    """内容雷同 among ``items`` = (path, agency, prose, sketch): the pairs whose containment is at
    least ``threshold``, each once, most similar first. ``exhaustive`` compares every pair (the
    exact method the LSH is measured against)."""
    usable = [i for i, it in enumerate(items) if len(it[2]) >= MIN_PROSE_CHARS]
    if exhaustive:
        pairs = ((x, y) for n, x in enumerate(usable) for y in usable[n + 1:])
        known = {i: shingles(items[i][2]) for i in usable}
        sets = known.__getitem__
    else:
        keep = set(usable)
        pairs = sorted(candidates([it[3] if i in keep else None for i, it in enumerate(items)]))
        sets = lru_cache(maxsize=512)(lambda i: shingles(items[i][2]))

    out = []
    for x, y in pairs:
        share = containment(sets(x), sets(y))
        if share >= threshold:
            (pa, agency_a, prose_a, _), (pb, agency_b, _, _) = items[x], items[y]
            out.append(Similar(pa, pb, share, bool(agency_a) and agency_a == agency_b,
                               passages(prose_a, sets(y))))
    return sorted(out, key=lambda s: (-s.share, s.a, s.b))
