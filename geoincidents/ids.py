"""Incident ids seen so far in a run: a repeated id is found whichever chunk, partition or
input file it is in, in memory that stays small for millions of rows.

Ids are kept as 64-bit hashes (`hash_strings`: the UTF-8 bytes read from the Arrow
buffers in 8-byte words and mixed, the same on every run and machine) in a sorted array
beside where each was first seen; two different ids share a hash with a chance of about
n² / 2⁶⁵ (3e-6 for ten million ids).

Examples
--------
>>> import numpy as np
>>> seen = IdRegistry()
>>> seen.check(np.array(["a", "b", "a"], dtype=object), np.array([1, 2, 3]), "x.csv")
[(2, 'x.csv', 1)]
>>> seen.check(np.array(["b"], dtype=object), np.array([1]), "y.csv")
[(0, 'x.csv', 2)]
"""

from __future__ import annotations

import numpy as np
import pandas as pd


#: The registry keeps its hashes in 2^BUCKET_BITS sorted arrays by their top bits: adding
#: ids copies each small array, never one as big as the registry (whose peak would double).
BUCKET_BITS = 8
_SHIFT = np.uint64(64 - BUCKET_BITS)


class IdRegistry:
    """Ids seen so far, in input order (the first row with an id keeps it)."""

    def __init__(self) -> None:
        buckets = 1 << BUCKET_BITS
        #: per bucket (top bits of the hash): sorted hashes, and where each was first seen
        self._hashes = [np.array([], dtype=np.uint64)] * buckets
        self._where = [np.array([], dtype=np.int64)] * buckets  # source index << 40 | row
        self._sources: list[str] = []

    def __len__(self) -> int:
        return sum(len(h) for h in self._hashes)

    def snapshot(self) -> tuple:
        """The ids seen so far, for `restore` (a reader that gives up on a file)."""
        return list(self._hashes), list(self._where), list(self._sources)

    def restore(self, state: tuple) -> None:
        """Forget the ids seen since `snapshot` gave ``state``."""
        self._hashes, self._where, self._sources = (list(s) for s in state)

    def check(self, ids, rows: np.ndarray, source: str
              ) -> list[tuple[int, str, int]]:
        """Record ``ids`` (blank or missing ones are skipped) of rows ``rows`` of
        ``source``; return ``(position, first_source, first_row)`` for each position
        whose id was seen before (earlier in ``ids`` or in an earlier call)."""
        pos, hashes = hash_ids(ids)
        return self.check_hashes(pos, hashes, np.asarray(rows, dtype=np.int64)[pos], source)

    def check_hashes(self, pos: np.ndarray, hashes: np.ndarray, rows: np.ndarray,
                     source: str) -> list[tuple[int, str, int]]:
        """`check` of ids already hashed (`hash_ids`): ``pos`` their positions, ``rows``
        their row numbers."""
        if not len(pos):
            return []
        if source not in self._sources:
            self._sources.append(source)
        code = self._sources.index(source)
        where = (np.int64(code) << 40) | np.asarray(rows, dtype=np.int64)
        out: list[tuple[int, str, int]] = []
        # within these ids: the first of each keeps it (equal hashes in position order)
        order = np.argsort(hashes)
        sorted_h = hashes[order]
        repeat = np.zeros(len(hashes), dtype=bool)
        repeat[1:] = sorted_h[1:] == sorted_h[:-1]
        if repeat.any():  # (rare) runs of equal hashes put in position order
            run = repeat.copy()
            run[:-1] |= repeat[1:]
            at_run = np.flatnonzero(run)
            order[at_run] = order[at_run][np.lexsort((order[at_run], sorted_h[at_run]))]
        dup_inside = np.zeros(len(hashes), dtype=bool)
        dup_inside[order[repeat]] = True
        # against earlier ones, bucket by bucket (sorted queries: cache-friendly)
        cuts = np.searchsorted(sorted_h >> _SHIFT, np.arange((1 << BUCKET_BITS) + 1,
                                                             dtype=np.uint64))
        seen_sorted = np.zeros(len(hashes), dtype=bool)
        earlier_sorted = np.zeros(len(hashes), dtype=np.int64)
        for b in np.flatnonzero(np.diff(cuts)).tolist():
            known = self._hashes[b]
            if not len(known):
                continue
            lo, hi = cuts[b], cuts[b + 1]
            at = np.minimum(np.searchsorted(known, sorted_h[lo:hi]), len(known) - 1)
            seen_sorted[lo:hi] = known[at] == sorted_h[lo:hi]
            earlier_sorted[lo:hi] = self._where[b][at]
        seen = np.empty(len(hashes), dtype=bool)
        seen[order] = seen_sorted
        found = np.flatnonzero(seen | dup_inside)
        if len(found):
            earlier = np.empty(len(hashes), dtype=np.int64)
            earlier[order] = earlier_sorted
            # the first position of each hash (put first among equals above)
            first_pos = order[np.searchsorted(sorted_h, hashes[found])]
            for k, f in zip(found.tolist(), first_pos.tolist()):
                first = earlier[k] if seen[k] else where[f]
                out.append((int(pos[k]), self._sources[int(first >> 40)],
                            int(first & ((1 << 40) - 1))))
        keep = ~seen_sorted & ~repeat  # in sorted order: new, and the first of its hash
        if keep.any():
            where_sorted = where[order]
            for b in np.flatnonzero(np.diff(cuts)).tolist():
                lo, hi = cuts[b], cuts[b + 1]
                new = keep[lo:hi]
                if not new.any():
                    continue
                add_h, add_w = sorted_h[lo:hi][new], where_sorted[lo:hi][new]
                at_new = np.searchsorted(self._hashes[b], add_h)
                self._hashes[b] = np.insert(self._hashes[b], at_new, add_h)
                self._where[b] = np.insert(self._where[b], at_new, add_w)
        return sorted(out)


def hash_ids(ids) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the given (not blank) ids and their 64-bit hashes."""
    from geoincidents import readcells

    return hash_given(readcells._arrow(pd.Series(ids)))


def hash_given(values) -> tuple[np.ndarray, np.ndarray]:
    """`hash_ids` of an Arrow string array already stripped (null or "" for no id)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    given = np.asarray(pc.not_equal(values, "").fill_null(False), dtype=bool)
    pos = np.flatnonzero(given)
    if not len(pos):
        return pos, np.array([], dtype=np.uint64)
    return pos, hash_strings(values if len(pos) == len(values) else
                             values.filter(pa.array(given)))


_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of 64-bit words that spreads every bit."""
    h ^= h >> np.uint64(30)
    h *= _M2
    h ^= h >> np.uint64(27)
    h *= _M3
    h ^= h >> np.uint64(31)
    return h


def hash_strings(values) -> np.ndarray:
    """64-bit hashes of the strings of an Arrow string array (no nulls), read from its
    buffers: each string's bytes in little-endian 8-byte words (the last one padded with
    zeros), each word added and mixed in turn after the length. Equal strings have equal
    hashes; no Python object is made per string."""
    import pyarrow as pa

    n = len(values)
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    _, offsets, data = values.buffers()
    off = np.frombuffer(offsets, np.int64)[values.offset:values.offset + n + 1]
    raw = np.frombuffer(data, np.uint8)[off[0]:off[-1]] if data is not None else \
        np.array([], np.uint8)
    padded = np.zeros(len(raw) + 8, dtype=np.uint8)
    padded[:len(raw)] = raw
    # every 8-byte word of the bytes, whatever its alignment: a strided view
    words = np.ndarray((len(raw) + 1,), dtype="<u8", buffer=padded, strides=(1,))
    start = off[:-1] - off[0]
    length = np.diff(off)
    h = _mix(length.astype(np.uint64) * _M1 + np.uint64(1))
    rows = np.arange(n)
    for k in range(int(length.max(initial=0) + 7) // 8):
        if k:
            rows = rows[length[rows] > 8 * k]
        left = length[rows] - 8 * k
        word = words[start[rows] + 8 * k]
        short = left < 8
        if short.any():  # the last word of a string: only its own bytes
            word[short] &= (np.uint64(1) << (8 * left[short]).astype(np.uint64)) - \
                np.uint64(1)
        h[rows] = _mix((h[rows] ^ word) * _M1)
    return h


class KnownRepeats:
    """The repeated ids of one input found beforehand (by an `IdRegistry` run over every
    input in order): `check` answers as the registry did, row by row."""

    def __init__(self, repeats: dict[int, tuple[str, int]]) -> None:
        self.repeats = repeats

    def check(self, ids, rows: np.ndarray, source: str) -> list[tuple[int, str, int]]:
        if not self.repeats:
            return []
        rows = np.asarray(rows, dtype=np.int64)
        hits = np.flatnonzero(np.isin(rows, np.fromiter(self.repeats, np.int64)))
        return [(int(k), *self.repeats[int(rows[k])]) for k in hits]

    def check_hashes(self, pos: np.ndarray, hashes: np.ndarray, rows: np.ndarray,
                     source: str) -> list[tuple[int, str, int]]:
        """`IdRegistry.check_hashes`' answer: the positions ``pos`` whose row (``rows``,
        parallel to ``pos``) is a known repeat, with where the id was first seen."""
        return [(int(pos[i]), src, row) for i, src, row in self.check(None, rows, source)]

    def snapshot(self) -> tuple:
        """Nothing to keep: the answers were found beforehand (`IdRegistry.snapshot`)."""
        return ()

    def restore(self, state: tuple) -> None:
        """Nothing to forget (`IdRegistry.restore`)."""
