"""Arrow string columns of the zone join, built from the sorted pairs' arrays.

`spatial.join_zones` turns (point, zone) pairs sorted by point into per-incident columns
(``zone_id``, ``zones_in``, ``zones_possible``) without a Python string per incident:
labels are taken and ``;``-joined by Arrow's kernels, and a column with values at a few
rows is assembled from its buffers (offsets, data, validity bits).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geoincidents import smallpages
from geoincidents.smallpages import HUGE_PAGE_MIN

__all__ = ["HUGE_PAGE_MIN", "MAX_SPLICES", "POOL", "bitmap", "group_starts", "join_groups",
           "joined_column", "scatter", "take", "zeros_int64", "zones_in"]


#: Arrow's allocator for the join's strings: the C library's (malloc), which reuses the
#: heap pages the join's numpy temporaries have just freed, rather than the default pool
#: (mimalloc), whose first megabytes in a process are fresh pages: ~0.09 s of system time
#: for ~40 MB at 5x10^6 rows on this VM, where the kernel is slow to hand out new pages
#: (perf7).
POOL = pa.system_memory_pool()


def group_starts(point: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts, in an array sorted by them."""
    starts = np.ones(len(point), dtype=bool)
    np.not_equal(point[1:], point[:-1], out=starts[1:])
    return starts


#: `zones_in` splices at most this many points' joined ids into ``zone_id``'s rows (the
#: column then has up to twice as many chunks); with more, it builds the column whole.
MAX_SPLICES = 4096


def zones_in(n: int, zone_id: pa.Array, point: np.ndarray, zone: np.ndarray,
              first: np.ndarray, labels: pa.Array) -> pa.Array | pa.ChunkedArray:
    """The ``zones_in`` column from ``zone_id`` (the first of each point's "in" pairs,
    which start at ``first``): the two differ only at the points in nested zones, which
    are few, so ``zones_in`` is ``zone_id`` itself, or slices of it (no copy) with the
    nested points' joined ids between them, rather than a second n-row column (perf6:
    ~0.02 s and 40 MB of fresh pages at 5x10^6 rows)."""
    sizes = np.diff(np.append(first, len(point)))
    nested = np.flatnonzero(sizes > 1)
    if not len(nested):
        return zone_id
    if len(nested) > MAX_SPLICES:
        return joined_column(n, point, zone, labels)
    several = np.repeat(sizes > 1, sizes)
    joined = join_groups(point[several], zone[several], labels)[1]
    chunks, start = [], 0
    for k, row in enumerate(point[first[nested]].tolist()):
        if row > start:
            chunks.append(zone_id.slice(start, row - start))
        chunks.append(joined.slice(k, 1))
        start = row + 1
    if start < n:
        chunks.append(zone_id.slice(start))
    return pa.chunked_array(chunks, pa.large_string())


def join_groups(point: np.ndarray, zone: np.ndarray, labels: pa.Array
                 ) -> tuple[np.ndarray, pa.Array]:
    """Where each point's run of pairs starts (pairs sorted by point), and the labels of
    its pairs ``;``-joined in order.

    One Arrow `take` does the joining: each pair takes its label, or ``;`` and its label
    where it is not its point's first, so the taken strings lie end to end as the joined
    ones, whose offsets are those of the points' first pairs (no list array and no
    `binary_join`, which copied every byte a second time: ~8 ms of ~25 at 8x10^5 pairs).
    No Python string is made per incident."""
    first = group_starts(point)
    # (arrays of the pairs' size in small pages, not numpy's huge ones: `smallpages`)
    starts = smallpages.flatnonzero(first)
    if not len(starts):
        return starts, pa.array([], pa.large_string())
    labels = labels.cast(pa.large_string())
    both = pa.concat_arrays([labels, pc.binary_join_element_wise(
        pa.scalar(";", pa.large_string()), labels, pa.scalar("", pa.large_string()))])
    pick = np.add(zone, len(labels), out=smallpages.zeros(len(zone), zone.dtype))
    np.subtract(pick, len(labels), out=pick, where=first)
    taken = take(both, pick)
    _, value_offsets, data = taken.buffers()
    vo = np.frombuffer(value_offsets, np.int64)[taken.offset:taken.offset + len(taken) + 1]
    offsets = smallpages.zeros(len(starts) + 1, np.int64)
    np.take(vo, starts, out=offsets[:-1], mode="wrap")  # (all in range: no buffer)
    offsets[-1] = vo[-1]
    return starts, pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(offsets), data)


def take(labels: pa.Array, index: np.ndarray) -> pa.Array:
    """``labels.take(index)``, in `POOL`."""
    return pc.take(labels, index, memory_pool=POOL)


def joined_column(n: int, point: np.ndarray, zone: np.ndarray, labels: pa.Array, *,
                  offsets: np.ndarray | None = None) -> pa.Array:
    """Per point (of ``n``), the labels of its pairs ``;``-joined in the pairs' order (the
    pairs sorted by point), null for a point without pairs (``offsets``: see `scatter`)."""
    if not len(point):
        return pa.nulls(n, pa.large_string())
    starts, joined = join_groups(point, zone, labels)
    return scatter(n, smallpages.take(point, starts), joined, offsets=offsets)


def scatter(n: int, where: np.ndarray, values: pa.Array, *,
            offsets: np.ndarray | None = None) -> pa.Array:
    """A string array of ``n`` with ``values`` at the rows ``where`` (increasing), null
    elsewhere, made from its buffers: the rows between take no work but their offsets.

    The offsets (8 bytes a row) are written into ``offsets`` (int64, at least n + 1,
    whatever it holds: the caller gives it up) or else into new pages from
    `zeros_int64`, and handed to Arrow and pandas as they are.
    """
    if values.null_count:  # (only the rows between are null: a null value would read "")
        raise ValueError(f"scatter: {values.null_count} null value(s); expected strings only")
    values = values.cast(pa.large_string())
    if not len(where):
        return pa.nulls(n, pa.large_string())
    _, value_offsets, data = values.buffers()
    vo = np.frombuffer(value_offsets, np.int64)[values.offset:values.offset + len(values) + 1]
    fresh = offsets is None
    offsets = zeros_int64(n + 1) if fresh else offsets[:n + 1]
    # the validity bits first, from a mask in the offsets' own bytes (8 a row: the mask
    # takes the first eighth), before the offsets are written over it
    bits = bitmap(n, where, scratch=offsets.view(np.uint8))
    if fresh:  # zeros but where the mask was
        offsets[:(n + 7) // 8 + 1].fill(0)
    else:
        offsets.fill(0)
    # each value's length at the row after its own, summed: the rows between repeat
    # the offset before them (np.repeat copies element by element: 4x slower)
    offsets[1:][where] = np.subtract(vo[1:], vo[:-1], out=smallpages.zeros(len(vo) - 1))
    np.cumsum(offsets, out=offsets)
    if vo[0]:
        offsets += vo[0]
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), data,
                                            pa.py_buffer(bits), n - len(where))


def bitmap(n: int, where: np.ndarray, *, scratch: np.ndarray | None = None) -> np.ndarray:
    """Arrow's validity bits (least significant first) of ``n`` rows with the rows
    ``where`` (increasing, distinct) set.

    ``scratch``: at least ``n`` bytes (uint8) the caller gives up, which hold an n-byte
    mask packed by `numpy.packbits` (0.3-0.7 ms at 5x10^6 rows with 1.5x10^5-6x10^5 set,
    against 3-5 ms and more without it); without it the bits are made from the rows
    ``where`` alone, so that no n-byte mask takes fresh pages (a 5 MB array at 5x10^6
    rows, which numpy puts in huge pages that a busy machine is slow to give).
    """
    if scratch is not None and len(scratch) >= n:
        mask = scratch[:n]
        mask.fill(0)
        mask[where] = 1
        return np.packbits(mask, bitorder="little")
    bits = np.zeros((n + 7) // 8, dtype=np.uint8)
    byte = where >> 3
    starts = np.flatnonzero(group_starts(byte))
    bits[byte[starts]] = np.bitwise_or.reduceat(
        np.left_shift(1, where & 7).astype(np.uint8), starts)
    return bits


def zeros_int64(n: int) -> np.ndarray:
    """``n`` int64 zeros, from numpy's huge-page size on in small pages mapped and zeroed
    by the kernel in one call (`smallpages.zeros`) rather than one fault at a time as
    the scattered writes reach them.

    Measured at 5x10^6 rows, `join_zones` in fresh processes (perf5, load 6-9): the three
    columns' offsets took 0.12-0.16 s so, 0.25-0.27 s from a plain anonymous mmap (fresh
    4 kB pages faulted one by one) and 0.85-1.0 s from ``np.zeros`` (numpy advises huge
    pages for big arrays, and the kernel's compaction for them stalls on a busy machine).
    """
    return smallpages.zeros(n, np.int64)
