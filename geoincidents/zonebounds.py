"""Bounds for pruning zone queries: great-circle distances with the ellipsoid's margin,
the reach raster, and planar distances to a zone's edges.

Everything here is a bound or a helper of the exact answer in `geoincidents.zoneindex`:
it changes how much work a query does, never its result.
"""

from __future__ import annotations

import math

import numpy as np

from geoincidents import smallpages

#: Radius of the sphere used only to prune candidates. Mapping the ellipsoid onto this
#: sphere (same lon/lat) scales lengths by R/M or R/N, so a geodesic is at least
#: M_min/R = 0.99443 and at most N_max/R = 1.00450 times the great-circle distance:
#: bounds carry that margin, rounded up.
R_SPHERE = 6_371_008.8
SPHERE_MARGIN = 0.006


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance on the pruning sphere (degrees in, metres out)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * R_SPHERE * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def haversine_azimuth(lon1, lat1, lon2, lat2, *, trig1=None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle distance (metres) on the pruning sphere from points 1 to points 2, and
    the azimuth at point 1 (radians, clockwise from north, in (-pi, pi]); ``trig1``: the
    cosines and sines of ``lat1`` where already known."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    half = np.radians(np.subtract(lon2, lon1)) / 2
    c1, s1 = (np.cos(p1), np.sin(p1)) if trig1 is None else trig1
    c2 = np.cos(p2)
    sh, ch = np.sin(half), np.cos(half)
    h = np.sin((p2 - p1) / 2) ** 2 + c1 * c2 * sh * sh
    dist = 2 * R_SPHERE * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    # sin and cos of the longitude difference from those of its half
    east = 2 * sh * ch * c2
    north = c1 * np.sin(p2) - s1 * c2 * (1 - 2 * sh * sh)
    return dist, np.arctan2(east, north)


def azimuth(lon1, lon2, lat2, cos1, sin1) -> np.ndarray:
    """The azimuth of `haversine_azimuth` alone, from the cosines and sines of the
    latitudes of points 1."""
    p2 = np.radians(lat2)
    dlon = np.radians(np.subtract(lon2, lon1))
    c2 = np.cos(p2)
    east = np.sin(dlon) * c2
    north = cos1 * np.sin(p2) - sin1 * c2 * np.cos(dlon)
    return np.arctan2(east, north)


#: Largest difference (radians) between the geodesic azimuth at a zone's centre (the one
#: its azimuthal equidistant frame uses) and the great-circle azimuth on the pruning sphere
#: from the same lon/lat: tan of one is (N/M) tan of the other locally, so at most
#: (N/M - 1) / 2 = 0.00336 at the equator; 0.00336 was also the largest over 10^7 random
#: pairs up to 2,000 km with centres up to 85 degrees of latitude. Taken three times over.
AZIMUTH_MARGIN = 0.01
#: Directional bounds are used for points at most this far (metres, great circle) from the
#: zone's centre, of zones whose centre is within `DIRECTIONAL_MAX_LAT` degrees of the
#: equator (where the margin above was checked); elsewhere the bounds are radial only.
DIRECTIONAL_MAX_M = 2_000_000.0
DIRECTIONAL_MAX_LAT = 80.0
#: Azimuth sectors of the support tables.
SECTORS = 256


class Support:
    """How far each zone reaches toward each azimuth from its centre, in its azimuthal
    equidistant frame: tighter distance bounds than the bounding circle for far points.

    For a point at distance D and azimuth a from a zone's centre, every point z of the
    zone has ``|p - z| >= D - <z, u(a)>``, so the distance to the zone is at least
    ``D - h(a)`` (``h`` the zone's support function, the largest ``<v, u(a)>`` over its
    vertices v); and it is at most the distance to any vertex,
    ``sqrt(D^2 + r^2 - 2 D <v, u(a)>)``. Tables per zone and azimuth sector hold the
    largest ``h`` (``high``) and the largest guaranteed ``<v, u>`` (``low``) over the
    sector widened by `AZIMUTH_MARGIN`, so a great-circle azimuth can look them up.
    """

    def __init__(self, vertices: list[np.ndarray], cradius_m: np.ndarray) -> None:
        width = 2 * math.pi / SECTORS
        centre = (np.arange(SECTORS) + 0.5) * width
        half = width / 2 + AZIMUTH_MARGIN
        self.high = np.empty((len(vertices), SECTORS))
        self.low = np.empty((len(vertices), SECTORS))
        for j, xy in enumerate(vertices):
            r = np.hypot(xy[:, 0], xy[:, 1])
            phi = np.arctan2(xy[:, 0], xy[:, 1])
            # angle from each sector's middle to each vertex, in [0, pi]
            a = np.abs((phi[None, :] - centre[:, None] + math.pi) % (2 * math.pi) - math.pi)
            self.high[j] = np.max(r * np.cos(np.maximum(a - half, 0.0)), axis=1)
            self.low[j] = np.max(r * np.cos(np.minimum(a + half, math.pi)), axis=1)
        # rounding: a bound is never tighter than the bounding circle's
        np.minimum(self.high, cradius_m[:, None], out=self.high)
        self.cradius_m = cradius_m

    def bounds(self, d: np.ndarray, azimuth: np.ndarray, zone: np.ndarray,
               clat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds (metres) of the distance to zone ``zone`` of points at
        great-circle distance ``d`` and azimuth ``azimuth`` (radians) from its centre
        (``clat``: the centres' latitudes, per point)."""
        radius = self.cradius_m[zone]
        dlo, dhi = d * (1 - SPHERE_MARGIN), d * (1 + SPHERE_MARGIN)
        lower, upper = np.maximum(dlo - radius, 0.0), dhi
        use = np.flatnonzero((d > radius) & (d < DIRECTIONAL_MAX_M)
                             & (np.abs(clat) < DIRECTIONAL_MAX_LAT))
        if len(use):
            k = (np.floor(azimuth[use] * (SECTORS / (2 * math.pi))).astype(np.int64)
                 % SECTORS)
            z = zone[use]
            lo, hi = dlo[use], dhi[use]
            lower[use] = np.maximum(lo - self.high[z, k], 0.0)
            reach = np.maximum(self.low[z, k], 0.0)
            # up: the nearest vertex's distance, r taken as the bounding radius
            far = np.sqrt(np.maximum(hi * hi + radius[use] ** 2 - 2 * lo * reach, 0.0))
            upper[use] = np.minimum(hi, far)
        return lower, upper


def segment_distance(x: np.ndarray, y: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Planar distance from points to the nearest of the segments ``(ax, ay, bx, by)``.

    Works through blocks of points with reused buffers (cache-sized, no temporaries per
    segment); the arithmetic is that of the plain per-segment formula, operation for
    operation, so the distances are the same to the last bit.
    """
    n = len(x)
    if n * len(seg) <= SEGMENT_BLOCK:
        return _segment_distance_grid(x, y, seg)
    best = np.full(n, np.inf)
    block = min(n, SEGMENT_BLOCK)
    px, py, t, dx = (np.empty(block) for _ in range(4))
    for start in range(0, n, block):
        k = min(block, n - start)
        xs, ys, out = x[start:start + k], y[start:start + k], best[start:start + k]
        bpx, bpy, bt, bdx = px[:k], py[:k], t[:k], dx[:k]
        for ax, ay, bx, by in seg:
            ex, ey = bx - ax, by - ay
            length2 = ex * ex + ey * ey
            np.subtract(xs, ax, out=bpx)
            np.subtract(ys, ay, out=bpy)
            if length2 > 0:  # t = clip((px * ex + py * ey) / length2, 0, 1)
                np.multiply(bpx, ex, out=bt)
                np.multiply(bpy, ey, out=bdx)
                bt += bdx
                bt /= length2
                np.clip(bt, 0.0, 1.0, out=bt)
            else:
                bt[:] = 0.0
            np.multiply(bt, ex, out=bdx)        # dx = px - t * ex
            np.subtract(bpx, bdx, out=bdx)
            np.multiply(bt, ey, out=bt)         # dy = py - t * ey
            np.subtract(bpy, bt, out=bt)
            np.multiply(bdx, bdx, out=bdx)      # dx * dx + dy * dy
            np.multiply(bt, bt, out=bt)
            bdx += bt
            np.minimum(out, bdx, out=out)
    return np.sqrt(best)


def _segment_distance_grid(x: np.ndarray, y: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """`segment_distance` for few points: every point against every segment in one
    points x segments array, so a few hundred points cost a dozen array operations
    rather than a dozen per segment. The same operations on each point and segment,
    so the same distances to the last bit."""
    ax, ay, bx, by = (seg[:, k] for k in range(4))
    ex, ey = bx - ax, by - ay
    length2 = ex * ex + ey * ey
    px = np.subtract.outer(x, ax)
    py = np.subtract.outer(y, ay)
    t = px * ex
    t += py * ey
    np.divide(t, length2, out=t, where=length2 > 0)
    t[:, length2 <= 0] = 0.0
    np.clip(t, 0.0, 1.0, out=t)
    dx = px - t * ex
    dy = py - t * ey
    dx *= dx
    dy *= dy
    dx += dy
    return np.sqrt(dx.min(axis=1))


#: Cells of the reach raster: at most (4 MB; it then coarsens), and at most as many as
#: points asked about (from the least), so that a few points do not pay for a raster.
GRID_CELLS = (1 << 12, 1 << 22)
#: Finest and coarsest raster cell in degrees.
GRID_DEG = (0.005, 1.0)
#: Points measured against a zone's edges at once.
SEGMENT_BLOCK = 1 << 13
#: Points looked up in the raster at once.
GRID_BLOCK = 1 << 16


class ReachGrid:
    """A lon/lat raster of lower bounds of the distance (metres) to the nearest zone.

    Built for one largest radius ``reach_m``: only the cells within that reach of some
    zone hold a finite bound, and a point whose radius is below its cell's bound cannot
    concern any zone. Bounds are kept as one byte, rounded down to one of 256 levels (0,
    then geometric from 1 m to ``reach_m``, then infinity). Cells of one padding ring all
    round stay infinite, so points beyond the raster (or without coordinates) fall into
    them and are dropped.
    `zoneindex.ZoneIndex.reach_grid` returns None where a lon/lat raster does not fit (a reach over
    a pole or across the antimeridian).
    """

    def __init__(self, index, reach_m: float, cells: int) -> None:
        delta = reach_m * (1 + SPHERE_MARGIN) / R_SPHERE      # radians on the sphere
        minx, miny, maxx, maxy = index.bbox.T
        dlat = np.degrees(delta)
        lat_max = np.radians(np.maximum(np.abs(miny), np.abs(maxy)))
        # the widest longitude span within delta of a point at latitude lat_max
        dlon = np.degrees(np.arcsin(np.minimum(np.sin(delta) / np.cos(lat_max), 1.0)))
        self.windows = np.column_stack([minx - dlon, miny - dlat, maxx + dlon, maxy + dlat])
        w = self.windows
        self.ok = bool(np.all(np.sin(delta) < np.cos(lat_max) * 0.999) and delta < 1.0
                       and w[:, 0].min() > -180 and w[:, 2].max() < 180
                       and w[:, 1].min() > -90 and w[:, 3].max() < 90)
        if not self.ok:
            return
        area = float(np.sum((w[:, 2] - w[:, 0]) * (w[:, 3] - w[:, 1])))
        # a quarter of the cells within the windows, the rest for the space between
        s = float(np.clip(math.sqrt(area / (cells / 4)), *GRID_DEG))
        x_lo, y_lo = w[:, 0].min(), w[:, 1].min()
        span_x, span_y = w[:, 2].max() - x_lo, w[:, 3].max() - y_lo
        if (span_x / s + 3) * (span_y / s + 3) > cells:
            s = max(s, math.sqrt(span_x * span_y / cells) * 1.05)
        # one padding cell before and after, never written
        self.x0, self.y0, self.s = x_lo - s, y_lo - s, s
        self.nx, self.ny = int(span_x / s) + 3, int(span_y / s) + 3
        # one byte a cell (a raster that fits the cache is several times faster to look
        # up): the code of the largest level at or below the bound, 255 beyond the reach.
        # Codes grow with the bound, so the least code over the zones is the code of the
        # least bound: each zone's window is coded and folded in, with no raster of bounds
        self.reach_m = reach_m
        self.levels = np.concatenate([[0.0], np.geomspace(1.0, max(reach_m, 1.0), 254),
                                      [np.inf]])
        self.codes = np.full(self.ny * self.nx, 255, dtype=np.uint8)
        codes = self.codes.reshape(self.ny, self.nx)
        for j, (wx0, wy0, wx1, wy1) in enumerate(w):
            ix0, iy0 = int((wx0 - self.x0) / s), int((wy0 - self.y0) / s)
            ix1, iy1 = int((wx1 - self.x0) / s) + 1, int((wy1 - self.y0) / s) + 1
            cx = self.x0 + (np.arange(ix0, ix1) + 0.5) * s
            cy = self.y0 + (np.arange(iy0, iy1) + 0.5) * s
            # a cell's farthest corner from its centre is on the equator's side
            half = np.maximum(haversine_m(0.0, cy, s / 2, cy + s / 2),
                              haversine_m(0.0, cy, s / 2, cy - s / 2)) * (1 + SPHERE_MARGIN)
            d = haversine_m(cx[None, :], cy[:, None], index.clon[j], index.clat[j])
            lower = (d - half[:, None]) * (1 - SPHERE_MARGIN) - index.cradius_m[j]
            code = np.clip(np.searchsorted(self.levels[:255], lower, side="right") - 1,
                           0, 254).astype(np.uint8)
            code[lower > reach_m] = 255
            view = codes[iy0:iy1, ix0:ix1]
            np.minimum(view, code, out=view)

    def candidates(self, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray) -> np.ndarray:
        """Positions of the points that may be within their radius of some zone."""
        n = len(lon)
        block = min(n, GRID_BLOCK)
        # blocks small enough for the cache, their buffers reused: 2x faster than whole
        # arrays on 10^6 points, and no temporaries of the chunk's size
        fx = np.empty(block)
        # int32 cells: at most GRID_CELLS[1]; a NaN or far point casts to some int32,
        # which the clip puts in the padding
        ix, cell = np.empty(block, np.int32), np.empty(block, np.int32)
        code, bound = np.empty(block, np.uint8), np.empty(block)
        keep = np.empty(block, bool)
        inv, out = 1.0 / self.s, []
        for start in range(0, n, block):
            k = min(block, n - start)
            stop = start + k
            with np.errstate(invalid="ignore"):  # NaN coordinates land in the padding
                np.subtract(lon[start:stop], self.x0, out=fx[:k])
                fx[:k] *= inv
                ix[:k] = fx[:k]
                np.subtract(lat[start:stop], self.y0, out=fx[:k])
                fx[:k] *= inv
                cell[:k] = fx[:k]
            np.clip(ix[:k], 0, self.nx - 1, out=ix[:k])
            np.clip(cell[:k], 0, self.ny - 1, out=cell[:k])
            cell[:k] *= self.nx
            cell[:k] += ix[:k]
            np.take(self.codes, cell[:k], out=code[:k])
            if self.reach_m == 0:  # points without radius: only cells that may hold one
                np.equal(code[:k], 0, out=keep[:k])
                keep[:k] &= radius[start:stop] == 0
            else:
                np.take(self.levels, code[:k], out=bound[:k])
                np.greater_equal(radius[start:stop], bound[:k], out=keep[:k])
            out.append(np.flatnonzero(keep[:k]) + start)
        # the candidates (~10^6 at 5x10^6 points) in small pages, not numpy's huge ones
        return smallpages.concatenate(out, np.int64)
