"""Incident ids seen so far in a run: a repeated id is found whichever chunk, partition or
input file it is in, in memory that stays small for millions of rows.

Ids are kept as 64-bit hashes (pandas' `hash_array`, the same on every run and machine)
in a sorted array beside where each was first seen; two different ids share a hash with
a chance of about n² / 2⁶⁵ (3e-6 for ten million ids).

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


class IdRegistry:
    """Ids seen so far, in input order (the first row with an id keeps it)."""

    def __init__(self) -> None:
        self._hashes = np.array([], dtype=np.uint64)
        self._where = np.array([], dtype=np.int64)  # source index << 40 | row
        self._sources: list[str] = []

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
        # within these ids: the first of each keeps it
        uniq, first = np.unique(hashes, return_index=True)
        dup_inside = np.ones(len(hashes), dtype=bool)
        dup_inside[first] = False
        first_of = dict(zip(uniq.tolist(), first.tolist()))
        # against earlier ones
        at = np.searchsorted(self._hashes, hashes)
        at_clipped = np.minimum(at, max(len(self._hashes) - 1, 0))
        seen = self._hashes[at_clipped] == hashes if len(self._hashes) else \
            np.zeros(len(hashes), dtype=bool)
        for k in np.flatnonzero(seen | dup_inside):
            earlier = self._where[at_clipped[k]] if seen[k] else where[first_of[hashes[k]]]
            out.append((int(pos[k]), self._sources[int(earlier >> 40)],
                        int(earlier & ((1 << 40) - 1))))
        new = ~seen & ~dup_inside
        if new.any():
            order = np.argsort(hashes[new], kind="stable")
            add_h, add_w = hashes[new][order], where[new][order]
            at_new = np.searchsorted(self._hashes, add_h)
            self._hashes = np.insert(self._hashes, at_new, add_h)
            self._where = np.insert(self._where, at_new, add_w)
        return sorted(out)


def hash_ids(ids) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the given (not blank) ids and their 64-bit hashes."""
    from geoincidents import readcells

    text = readcells.text(pd.Series(ids))
    given = np.array(text != "", dtype=bool)
    pos = np.flatnonzero(given)
    if not len(pos):
        return pos, np.array([], dtype=np.uint64)
    return pos, pd.util.hash_array(text[given].to_numpy(dtype=object), categorize=False)


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
