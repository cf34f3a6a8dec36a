"""Metric geometry on the WGS84 ellipsoid: geodesic buffers, distances, and the zone join.

Everything here takes and returns longitudes and latitudes in degrees and lengths in
metres, and is correct anywhere on earth (no UTM zone is assumed):

- distances between points are `pyproj.Geod` inverse solutions;
- a buffer is a ring of points each exactly ``radius_m`` from the centre along a geodesic;
- the distance from a point to a zone polygon is measured in an azimuthal equidistant
  projection centred on that zone, where distances from the centre are exact and the
  distortion near a zone of a few km is far below a metre.

The join works on coordinate arrays and prunes zones with a spherical bound before any
exact test, so it never builds a polygon per incident: buffers are for drawing.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod

from geoincidents import settings

GEOD = Geod(ellps=settings.ellps)

#: Radius of the sphere used only to prune candidates. Mapping the ellipsoid onto this
#: sphere (same lon/lat) scales lengths by R/M or R/N, so a geodesic is at least
#: M_min/R = 0.99443 and at most N_max/R = 1.00450 times the great-circle distance:
#: bounds carry that margin, rounded up.
_R_SPHERE = 6_371_008.8
_SPHERE_MARGIN = 0.006


def distance_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Geodesic distance in metres between point pairs (arrays broadcast).

    >>> round(float(distance_m(44.2775, 33.5294, 44.3903, 33.3076)) / 1000, 1)
    26.8
    """
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(*(np.asarray(a, dtype="float64")
                                                   for a in (lon1, lat1, lon2, lat2)))
    out = np.full(lon1.shape, np.nan)
    ok = ~(np.isnan(lon1) | np.isnan(lat1) | np.isnan(lon2) | np.isnan(lat2))
    if ok.any():
        _, _, dist = GEOD.inv(lon1[ok], lat1[ok], lon2[ok], lat2[ok])
        out[ok] = dist
    return out


def azimuth_deg(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Forward azimuth in degrees (clockwise from north) from point 1 to point 2."""
    az, _, _ = GEOD.inv(*(np.asarray(a, dtype="float64") for a in (lon1, lat1, lon2, lat2)))
    return np.asarray(az)


def geodesic_buffer(lon, lat, radius_m, *, segments: int | None = None) -> np.ndarray:
    """Polygons whose vertices lie exactly ``radius_m`` metres from each centre.

    Parameters
    ----------
    lon, lat : array_like
        Centres in degrees.
    radius_m : float or array_like
        Radius in metres (broadcast against the centres).
    segments : int, optional
        Vertices per ring; `settings.buffer_segments` by default.

    Returns
    -------
    ndarray of shapely Polygon
        Counter-clockwise rings (RFC 7946). Missing centres or radii give None. Rings that
        cross the antimeridian keep continuous longitudes (beyond ±180) so they stay
        valid; a ring that would contain a pole is not supported.
    """
    n_seg = int(segments or settings.buffer_segments)
    lon, lat, radius = np.broadcast_arrays(*(np.atleast_1d(np.asarray(a, dtype="float64"))
                                             for a in (lon, lat, radius_m)))
    out = np.full(lon.shape, None, dtype=object)
    ok = ~(np.isnan(lon) | np.isnan(lat) | np.isnan(radius)) & (radius > 0)
    if not ok.any():
        return out
    n = int(ok.sum())
    # azimuths decreasing from 360 walk the ring counter-clockwise
    az = np.linspace(360.0, 0.0, n_seg, endpoint=False)
    clon = np.repeat(lon[ok], n_seg)
    lon2, lat2, _ = GEOD.fwd(clon, np.repeat(lat[ok], n_seg), np.tile(az, n),
                             np.repeat(radius[ok], n_seg))
    lon2 = clon + (np.asarray(lon2) - clon + 180.0) % 360.0 - 180.0
    coords = np.stack([lon2, np.asarray(lat2)], axis=-1).reshape(n, n_seg, 2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    out[ok] = shapely.polygons(shapely.linearrings(coords))
    return out


def buffers(incidents: gpd.GeoDataFrame, *, radius_column: str = "uncertainty_m",
            segments: int | None = None) -> gpd.GeoSeries:
    """Geodesic uncertainty buffers of an incidents frame, as a GeoSeries in EPSG:4326."""
    pts = incidents.geometry
    polys = geodesic_buffer(shapely.get_x(pts.values), shapely.get_y(pts.values),
                            incidents[radius_column].to_numpy(dtype="float64", na_value=np.nan),
                            segments=segments)
    return gpd.GeoSeries(polys, index=incidents.index, crs=settings.crs)


# -- points to zones ----------------------------------------------------------------

#: Side in degrees of the lon/lat grid cells that group points before any per-point
#: test, per query (the answer does not depend on it, only the time).
_CELL_DEG = {"pairs": 0.5, "nearest": 0.25}
#: Radius classes (factors of 4 from 100 m) that split a cell's points.
_RADIUS_CLASSES = 8
#: Points handled at once by the array functions (bounds the temporaries' memory).
CHUNK_POINTS = 1 << 20


class ZonePairs(NamedTuple):
    """Point-zone pairs found by `ZoneIndex.pairs` (parallel arrays).

    ``point`` indexes the query arrays, ``zone`` the index's zones; ``inside`` says the
    point lies in the zone, otherwise its uncertainty radius reaches it ("possibly in");
    ``distance_m`` is the geodesic distance to the zone's edge (0 inside; NaN where a
    bound already decided the pair and no distance was asked for).
    """

    point: np.ndarray
    zone: np.ndarray
    inside: np.ndarray
    distance_m: np.ndarray


def _haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance on the pruning sphere (degrees in, metres out)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _R_SPHERE * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def _segment_distance(x: np.ndarray, y: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Planar distance from points to the nearest of the segments ``(ax, ay, bx, by)``."""
    best = np.full(x.shape, np.inf)
    for ax, ay, bx, by in seg:
        ex, ey = bx - ax, by - ay
        length2 = ex * ex + ey * ey
        px, py = x - ax, y - ay
        t = np.clip((px * ex + py * ey) / length2, 0.0, 1.0) if length2 > 0 else 0.0
        dx, dy = px - t * ex, py - t * ey
        np.minimum(best, dx * dx + dy * dy, out=best)
    return np.sqrt(best)


class ZoneIndex:
    """Zone polygons prepared for repeated metric queries from coordinate arrays.

    Each zone gets a centre inside it, a bounding circle (the farthest vertex's geodesic
    distance from the centre) for pruning, and its outline in the azimuthal equidistant
    projection centred on it (built from `pyproj.Geod` azimuths and distances, so
    distances from the centre are exact) for exact edge distances.

    Parameters
    ----------
    zones : GeoDataFrame
        Polygons in EPSG:4326 with a ``zone_id`` column (see `geoincidents.zones`).
    """

    def __init__(self, zones: gpd.GeoDataFrame) -> None:
        if zones.crs is not None and not zones.crs.equals(CRS(settings.crs)):
            zones = zones.to_crs(settings.crs)
        self.zones = zones
        self.ids = zones["zone_id"].astype(str).to_numpy()
        self.geoms = zones.geometry.to_numpy()
        shapely.prepare(self.geoms)
        self.area_m2 = np.array([abs(GEOD.geometry_area_perimeter(g)[0]) for g in self.geoms])
        #: zones smallest first, so "the zone" of a nested point is the most specific
        self.order = np.argsort(self.area_m2, kind="stable")
        self.rank = np.empty(len(self.ids), dtype=np.int64)
        self.rank[self.order] = np.arange(len(self.ids))
        self.bbox = shapely.bounds(self.geoms).reshape(-1, 4)
        # a centre inside the zone: the distance to the centre bounds the distance to the zone
        centres = shapely.centroid(self.geoms)
        outside = ~shapely.contains(self.geoms, centres)
        centres[outside] = shapely.point_on_surface(self.geoms[outside])
        self.clon, self.clat = shapely.get_x(centres), shapely.get_y(centres)
        self.cradius_m = np.empty(len(self.geoms))
        self._segments: list[np.ndarray] = []
        self._local: list[object] = []
        for j, geom in enumerate(self.geoms):
            xy = shapely.get_coordinates(geom)
            self.cradius_m[j] = np.max(distance_m(self.clon[j], self.clat[j], xy[:, 0], xy[:, 1]))
            local = shapely.transform(geom, functools.partial(self._to_local, j))
            shapely.prepare(local)
            self._local.append(local)
            segs = []
            # every part's rings (a zone split at the antimeridian is a MultiPolygon)
            for ring in shapely.get_rings(shapely.get_parts(local)):
                c = shapely.get_coordinates(ring)
                segs.append(np.column_stack([c[:-1], c[1:]]))
            self._segments.append(np.concatenate(segs))

    def __len__(self) -> int:
        return len(self.ids)

    def _to_local(self, j: int, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self.local_xy(xy[:, 0], xy[:, 1], j))

    def local_xy(self, lon: np.ndarray, lat: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Points in the azimuthal equidistant projection (metres) centred on zone j."""
        n = len(lon)
        az, _, dist = GEOD.inv(np.full(n, self.clon[j]), np.full(n, self.clat[j]),
                               np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64"))
        rad = np.radians(az)
        return dist * np.sin(rad), dist * np.cos(rad)

    def centre_distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Great-circle distance (sphere) from points to zone j's centre; for pruning."""
        return _haversine_m(lon, lat, self.clon[j], self.clat[j])

    def bounds_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of the distance from points to zone j, in metres."""
        d = self.centre_distance_m(lon, lat, j)
        return self._bounds(d, j)

    def _bounds(self, d: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        # the centre lies inside the zone, so the distance to it is an upper bound
        return np.maximum(d * (1 - _SPHERE_MARGIN) - self.cradius_m[j], 0.0), \
            d * (1 + _SPHERE_MARGIN)

    def distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Exact geodesic distance in metres from points to zone j (0 inside it)."""
        lon = np.atleast_1d(np.asarray(lon, dtype="float64"))
        lat = np.atleast_1d(np.asarray(lat, dtype="float64"))
        if not len(lon):
            return np.empty(0)
        x, y = self.local_xy(lon, lat, j)
        d = _segment_distance(x, y, self._segments[j])
        d[shapely.intersects_xy(self._local[j], x, y)] = 0.0
        return d

    def contains(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Whether points lie in zone j (boundary counts as inside)."""
        minx, miny, maxx, maxy = self.bbox[j]
        out = np.zeros(lon.shape, dtype=bool)
        cand = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        if cand.any():
            out[cand] = shapely.intersects_xy(self.geoms[j], lon[cand], lat[cand])
        return out

    # -- whole arrays at once ----------------------------------------------------------

    def _cell_candidates(self, lon, lat, reach_m, *, nearest: bool):
        """Group points by grid cell; per zone, the points of cells the zone may concern.

        Yields ``(j, points)`` with ``points`` indices into ``lon``/``lat``. A zone
        concerns a cell when its lower bound from the cell is within the largest
        ``reach_m`` of the cell's points (or, for ``nearest``, within the smallest upper
        bound of any zone from that cell).
        """
        # any cell size gives the same answer; these were the fastest on bench/ data
        cell = _CELL_DEG["nearest" if nearest else "pairs"]
        ix = np.floor((lon + 180.0) / cell).astype(np.int64)
        iy = np.floor((lat + 90.0) / cell).astype(np.int64)
        x0, y0 = ix.min(), iy.min()
        nx = int(ix.max() - x0) + 1
        # points of very different radii in one cell go to different groups, so a few
        # 100 km radii do not make every zone a candidate for the 100 m points beside them
        if reach_m is None:
            rclass = np.zeros(len(lon), dtype=np.int64)
        else:
            rclass = np.clip(np.floor(np.log(np.maximum(reach_m, 1.0) / 100.0) / np.log(4.0))
                             + 1, 0, _RADIUS_CLASSES - 1).astype(np.int64)
        key = ((iy - y0) * nx + (ix - x0)) * _RADIUS_CLASSES + rclass
        ncell = int(key.max()) + 1
        # 16-bit keys sort by radix in linear time
        order = np.argsort(key.astype(np.uint16) if ncell <= 1 << 16 else key, kind="stable")
        counts = np.bincount(key, minlength=ncell)
        cells = np.flatnonzero(counts)
        starts = np.concatenate([[0], np.cumsum(counts)])[cells]
        ends = starts + counts[cells]
        cells = cells // _RADIUS_CLASSES
        cx = (cells % nx + x0 + 0.5) * cell - 180.0
        cy = (cells // nx + y0 + 0.5) * cell - 90.0
        half = np.maximum.reduce([_haversine_m(cx, cy, cx + sx * cell / 2,
                                               np.clip(cy + sy * cell / 2, -90, 90))
                                  for sx in (-1, 1) for sy in (-1, 1)]) * (1 + _SPHERE_MARGIN)
        d = _haversine_m(cx[:, None], cy[:, None], self.clon[None, :], self.clat[None, :])
        lower = (d - half[:, None]) * (1 - _SPHERE_MARGIN) - self.cradius_m[None, :]
        if nearest:
            reach = np.min((d + half[:, None]) * (1 + _SPHERE_MARGIN), axis=1)
        else:
            reach = np.maximum.reduceat(reach_m[order], starts) if len(starts) else starts
        hit = lower <= reach[:, None]
        for j in range(len(self.ids)):
            sel = np.flatnonzero(hit[:, j])
            if not len(sel):
                continue
            lens = ends[sel] - starts[sel]
            # positions start..end-1 of each selected cell, concatenated
            pos = np.repeat(starts[sel] - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens) \
                + np.arange(lens.sum())
            yield j, order[pos]

    def pairs(self, lon, lat, radius_m, *, distances: bool = False) -> ZonePairs:
        """Every (point, zone) with the point in the zone or its radius reaching the zone.

        Parameters
        ----------
        lon, lat, radius_m : array_like
            Points in degrees and their uncertainty radii in metres (NaN counts as 0;
            points with missing coordinates match nothing).
        distances : bool, default False
            Compute the exact edge distance of every "possibly in" pair; by default it is
            computed only where the bounds leave the answer open.
        """
        lon, lat, radius = (np.asarray(a, dtype="float64") for a in (lon, lat, radius_m))
        radius = np.where(np.isnan(radius), 0.0, radius)
        parts = [self._pairs_chunk(lon[s:s + CHUNK_POINTS], lat[s:s + CHUNK_POINTS],
                                   radius[s:s + CHUNK_POINTS], s, distances)
                 for s in range(0, len(lon), CHUNK_POINTS)]
        if not parts:
            return ZonePairs(np.empty(0, np.int64), np.empty(0, np.int64),
                             np.empty(0, bool), np.empty(0))
        return ZonePairs(*(np.concatenate([p[k] for p in parts]) for k in range(4)))

    def _pairs_chunk(self, lon, lat, radius, offset, distances):
        valid = np.flatnonzero(~(np.isnan(lon) | np.isnan(lat)))
        out = [(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool), np.empty(0))]
        if not len(valid) or not len(self.ids):
            return out[0]
        vlon, vlat, vrad = lon[valid], lat[valid], radius[valid]
        for j, pts in self._cell_candidates(vlon, vlat, vrad, nearest=False):
            x, y, r = vlon[pts], vlat[pts], vrad[pts]
            lower, upper = self._bounds(self.centre_distance_m(x, y, j), j)
            keep = lower <= r
            pts, x, y, r, upper = pts[keep], x[keep], y[keep], r[keep], upper[keep]
            inside = self.contains(x, y, j)
            dist = np.where(inside, 0.0, np.nan)
            open_ = ~inside & ((upper > r) | distances)
            dist[open_] = self.distance_m(x[open_], y[open_], j)
            hit = inside | (upper <= r) | (dist <= r)
            out.append((valid[pts[hit]] + offset, np.full(int(hit.sum()), j, np.int64),
                        inside[hit], dist[hit]))
        return tuple(np.concatenate([o[k] for o in out]) for k in range(4))

    def nearest(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """The nearest zone (position, -1 for missing points) and the distance to its edge.

        Bounds from a coarse grid and from each point leave one or a few zones per point
        whose exact distance is computed.
        """
        lon, lat = (np.asarray(a, dtype="float64") for a in (lon, lat))
        best_j = np.full(len(lon), -1, dtype=np.int64)
        best_d = np.full(len(lon), np.nan)
        for s in range(0, len(lon), CHUNK_POINTS):
            self._nearest_chunk(lon[s:s + CHUNK_POINTS], lat[s:s + CHUNK_POINTS],
                                best_j[s:s + CHUNK_POINTS], best_d[s:s + CHUNK_POINTS])
        return best_j, best_d

    def _nearest_chunk(self, lon, lat, best_j, best_d) -> None:
        valid = np.flatnonzero(~(np.isnan(lon) | np.isnan(lat)))
        if not len(valid) or not len(self.ids):
            return
        vlon, vlat = lon[valid], lat[valid]
        n = len(valid)
        cap = np.full(n, np.inf)
        first = np.full(n, -1, dtype=np.int64)
        cands = []
        for j, pts in self._cell_candidates(vlon, vlat, None, nearest=True):
            lower, upper = self._bounds(self.centre_distance_m(vlon[pts], vlat[pts], j), j)
            better = upper < cap[pts]
            cap[pts[better]] = upper[better]
            first[pts[better]] = j
            cands.append((j, pts, lower))
        # exact distance to the zone with the smallest upper bound, then to any other
        # zone whose lower bound does not rule it out
        bd = np.full(n, np.inf)
        for j in np.unique(first):
            pts = np.flatnonzero(first == j)
            bd[pts] = self.distance_m(vlon[pts], vlat[pts], j)
        bj = first.copy()
        for j, pts, lower in cands:
            pts = pts[(lower <= bd[pts]) & (first[pts] != j)]
            if not len(pts):
                continue
            d = self.distance_m(vlon[pts], vlat[pts], j)
            better = d < bd[pts]
            bd[pts[better]] = d[better]
            bj[pts[better]] = j
        best_j[valid], best_d[valid] = bj, bd


def join_zones(incidents: gpd.GeoDataFrame, zones: gpd.GeoDataFrame | ZoneIndex, *,
               radius_column: str = "uncertainty_m", nearest: bool = True) -> pd.DataFrame:
    """For each incident: the zones it lies in, those its uncertainty may reach, the nearest.

    Parameters
    ----------
    incidents : GeoDataFrame
        Point incidents in EPSG:4326 with an uncertainty radius column in metres.
    zones : GeoDataFrame or ZoneIndex
        Zone polygons with ``zone_id``.
    radius_column : str
        Column of uncertainty radii in metres (missing counts as 0).
    nearest : bool, default True
        Also find the nearest zone and its distance.

    Returns
    -------
    DataFrame indexed like ``incidents`` with columns

    - ``zone_id``: the smallest zone containing the point (nested zones: the embassy
      rather than the Green Zone), or missing;
    - ``zones_in``: every containing zone, ``;``-separated, smallest first;
    - ``zones_possible``: zones not containing the point but within its uncertainty
      radius ("possibly in"), nearest first;
    - ``nearest_zone_id`` and ``nearest_zone_m``: the closest zone and the geodesic
      distance to its edge (0 inside).
    """
    index = zones if isinstance(zones, ZoneIndex) else ZoneIndex(zones)
    lon, lat, radius = _coordinates(incidents, radius_column)
    result = _join_arrays(index, lon, lat, radius, nearest=nearest)
    return pd.DataFrame(result, index=incidents.index)


def _coordinates(incidents: gpd.GeoDataFrame, radius_column: str):
    if incidents.crs is not None and not incidents.crs.equals(CRS(settings.crs)):
        incidents = incidents.to_crs(settings.crs)
    geoms = incidents.geometry.to_numpy()
    lon = shapely.get_x(geoms).astype("float64")
    lat = shapely.get_y(geoms).astype("float64")
    if radius_column in incidents:
        radius = incidents[radius_column].to_numpy(dtype="float64", na_value=np.nan)
    else:
        radius = np.zeros(len(incidents))
    return lon, lat, np.nan_to_num(radius, nan=0.0)


def _joined_strings(n: int, point: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``;``-joined labels per point (pairs already in the wanted order), None if none."""
    out = np.full(n, None, dtype=object)
    if len(point):
        joined = pd.Series(labels).groupby(point, sort=False).agg(";".join)
        out[joined.index.to_numpy()] = joined.to_numpy()
    return out


def _join_arrays(index: ZoneIndex, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, *,
                 nearest: bool) -> dict[str, np.ndarray]:
    n = len(lon)
    pairs = index.pairs(lon, lat, radius, distances=True)
    ins = np.flatnonzero(pairs.inside)
    ins = ins[np.lexsort((index.rank[pairs.zone[ins]], pairs.point[ins]))]
    pos = np.flatnonzero(~pairs.inside)
    pos = pos[np.lexsort((index.ids[pairs.zone[pos]], pairs.distance_m[pos], pairs.point[pos]))]
    zones_in = _joined_strings(n, pairs.point[ins], index.ids[pairs.zone[ins]])
    zone_id = np.full(n, None, dtype=object)
    if len(ins):
        first = np.concatenate([[True], pairs.point[ins][1:] != pairs.point[ins][:-1]])
        zone_id[pairs.point[ins][first]] = index.ids[pairs.zone[ins][first]]
    out = {
        "zone_id": zone_id,
        "zones_in": zones_in,
        "zones_possible": _joined_strings(n, pairs.point[pos], index.ids[pairs.zone[pos]]),
    }
    if nearest:
        best_j, best_d = index.nearest(lon, lat)
        found = best_j >= 0
        out["nearest_zone_id"] = np.where(found, index.ids[np.maximum(best_j, 0)], None)
        out["nearest_zone_m"] = np.where(found, best_d, np.nan)
    return out
