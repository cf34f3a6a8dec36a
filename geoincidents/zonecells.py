"""Grid cells that group points before any per-point test of a `zoneindex.ZoneIndex`.

Points are keyed by their lon/lat cell and their class of radius, sorted by key, and
each zone gets the points of the cells it may concern (from spherical bounds between
the cell and the zone's bounding circle), so that no zone looks at every point.
"""

from __future__ import annotations

import numpy as np

from geoincidents.zonebounds import SPHERE_MARGIN, haversine_m

__all__ = ["CELL_DEG", "RADIUS_CLASSES", "cell_candidates", "cell_keys"]

#: Side in degrees of the lon/lat grid cells that group points before any per-point
#: test, per query (the answer does not depend on it, only the time).
CELL_DEG = {"pairs": 0.5, "nearest": 0.25}
#: Radius classes (factors of 4 from 100 m) that split a cell's points.
RADIUS_CLASSES = 8


def cell_keys(lon: np.ndarray, lat: np.ndarray, reach_m: np.ndarray | None, cell: float
              ) -> tuple[np.ndarray, int, int, int]:
    """Each point's key, ``(row * nx + column) * RADIUS_CLASSES + radius class``, with
    the grid's first column and row (``x0``, ``y0``, in cells from -180/-90) and its
    width ``nx``. Points of very different radii in one cell get different keys, so a
    few 100 km radii do not make every zone a candidate for the 100 m points beside them.

    Computed in place in two float64 arrays (whole numbers, exact below 2**53) and cast
    once: the same keys as integer arithmetic, with two temporaries of the points' size
    rather than a dozen."""
    fx = np.add(lon, 180.0)
    fx /= cell
    np.floor(fx, out=fx)
    fy = np.add(lat, 90.0)
    fy /= cell
    np.floor(fy, out=fy)
    x0, y0 = int(fx.min()), int(fy.min())
    fx -= x0
    fy -= y0
    nx = int(fx.max()) + 1
    fy *= nx
    fy += fx
    fy *= RADIUS_CLASSES
    if reach_m is not None:
        # the class: floor(log4(reach / 100 m)) + 1, within 0..RADIUS_CLASSES - 1
        np.maximum(reach_m, 1.0, out=fx)
        fx /= 100.0
        np.log(fx, out=fx)
        fx /= np.log(4.0)
        np.floor(fx, out=fx)
        fx += 1
        np.clip(fx, 0, RADIUS_CLASSES - 1, out=fx)
        fy += fx
    return fy.astype(np.int64), x0, y0, nx


def cell_candidates(index, lon, lat, reach_m, *, nearest: bool, solo: bool = False):
    """Group points by grid cell; per zone of ``index``, the points of cells the zone may
    concern.

    Yields ``(j, points)`` with ``points`` indices into ``lon``/``lat``. A zone
    concerns a cell when its lower bound from the cell is within the largest
    ``reach_m`` of the cell's points (or, for ``nearest``, within the smallest upper
    bound of any zone from that cell). With ``solo``, yields ``(j, alone, shared)``
    for every zone: the points of cells where it is the only candidate, and the rest.
    """
    # any cell size gives the same answer; these were the fastest on bench/ data
    cell = CELL_DEG["nearest" if nearest else "pairs"]
    key, x0, y0, nx = cell_keys(lon, lat, reach_m, cell)
    ncell = int(key.max()) + 1
    # 16-bit keys sort by radix in linear time
    order = np.argsort(key.astype(np.uint16) if ncell <= 1 << 16 else key, kind="stable")
    counts = np.bincount(key, minlength=ncell)
    del key
    cells = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts)])[cells]
    ends = starts + counts[cells]
    cells = cells // RADIUS_CLASSES
    cx = (cells % nx + x0 + 0.5) * cell - 180.0
    cy = (cells // nx + y0 + 0.5) * cell - 90.0
    half = np.maximum.reduce([haversine_m(cx, cy, cx + sx * cell / 2,
                                          np.clip(cy + sy * cell / 2, -90, 90))
                              for sx in (-1, 1) for sy in (-1, 1)]) * (1 + SPHERE_MARGIN)
    d = haversine_m(cx[:, None], cy[:, None], index.clon[None, :], index.clat[None, :])
    lower = (d - half[:, None]) * (1 - SPHERE_MARGIN) - index.cradius_m[None, :]
    if nearest:
        reach = np.min((d + half[:, None]) * (1 + SPHERE_MARGIN), axis=1)
    else:
        reach = np.maximum.reduceat(reach_m[order], starts) if len(starts) else starts
    hit = lower <= reach[:, None]
    alone = hit.sum(axis=1) == 1

    def points(sel):
        lens = ends[sel] - starts[sel]
        # positions start..end-1 of each selected cell, concatenated
        pos = np.repeat(starts[sel] - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens) \
            + np.arange(lens.sum())
        return order[pos]

    for j in range(len(index)):
        if solo:
            yield j, points(np.flatnonzero(hit[:, j] & alone)), \
                points(np.flatnonzero(hit[:, j] & ~alone))
            continue
        sel = np.flatnonzero(hit[:, j])
        if len(sel):
            yield j, points(sel)
