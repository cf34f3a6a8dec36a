"""Arrays kept out of numpy's huge pages: zeros, gathers and nonzero positions.

numpy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) for every
array of `HUGE_PAGE_MIN` bytes or more. Where the kernel's ``defrag`` setting is
``madvise`` (the common default), the first touch of such an array makes the kernel
compact memory for a 2 MB page on the spot; on a busy VM that is most of the zone join's
system time (perf9: 31 such arrays in `ZoneIndex.pairs` at 5x10^6 points, 0.10-0.17 s
of system time against 0.03-0.05 s without them). The functions here return arrays of
that size from a mapping of their own, in small pages the kernel maps and zeroes in one
call (``MAP_POPULATE``), and numpy's arrays below it (from the heap, where a process may
hold any number). Values are the same as numpy's functions give.
"""

from __future__ import annotations

import mmap

import numpy as np

__all__ = ["BLOCK", "HUGE_PAGE_MIN", "concatenate", "flatnonzero", "take", "zeros"]

#: numpy advises huge pages for arrays of this many bytes and more (and `zeros` maps its
#: own pages from there on).
HUGE_PAGE_MIN = 1 << 22
#: Elements a block of `flatnonzero` looks at (its temporaries stay in the heap).
BLOCK = 1 << 18


def zeros(n: int, dtype=np.int64) -> np.ndarray:
    """``np.zeros(n, dtype)``, in small pages mapped and zeroed in one call when it is of
    numpy's huge-page size or more (writable; the mapping goes with the array)."""
    dtype = np.dtype(dtype)
    nbytes = n * dtype.itemsize
    if not hasattr(mmap, "MAP_ANONYMOUS") or nbytes < HUGE_PAGE_MIN:  # Windows; small
        return np.zeros(n, dtype=dtype)
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | getattr(mmap, "MAP_POPULATE", 0)
    return np.frombuffer(mmap.mmap(-1, max(nbytes, 1), flags=flags), dtype=dtype)[:n]


def take(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]`` for a 1-d array and integer positions (all within it)."""
    if len(index) * values.dtype.itemsize < HUGE_PAGE_MIN:
        return values[index]
    # mode "wrap": numpy writes straight into ``out`` (with "raise" it gathers into a
    # buffer of its own first); positions in range are read alike
    return np.take(values, index, out=zeros(len(index), values.dtype), mode="wrap")


def flatnonzero(mask: np.ndarray) -> np.ndarray:
    """``np.flatnonzero(mask)`` of a 1-d array, found block by block."""
    n = len(mask)
    if n <= BLOCK:
        return np.flatnonzero(mask)
    out = zeros(int(np.count_nonzero(mask)), np.intp)
    k = 0
    for start in range(0, n, BLOCK):
        found = np.flatnonzero(mask[start:start + BLOCK])
        found += start
        out[k:k + len(found)] = found
        k += len(found)
    return out


def concatenate(parts: list[np.ndarray], dtype) -> np.ndarray:
    """``np.concatenate(parts)`` of 1-d arrays, as ``dtype``."""
    if not parts:
        return np.empty(0, dtype)
    out = zeros(sum(len(p) for p in parts), dtype)
    return np.concatenate(parts, out=out)
