"""Zone polygons indexed for metric queries from coordinate arrays: pairs and nearest.

A `ZoneIndex` answers, for arrays of points in degrees (lon, lat) with uncertainty radii
in metres, which zones hold each point or lie within its radius (`ZoneIndex.pairs`), and
which zone is nearest and how far its edge is (`ZoneIndex.nearest`). Distances are
geodesic on the WGS84 ellipsoid: the distance from a point to a zone is measured in the
azimuthal equidistant projection centred on that zone (built from `pyproj.Geod`), where
distances from the centre are exact and the distortion near a zone of a few km is far
below a metre.

Pruning comes before any exact test, from spherical bounds with a margin that holds on
the ellipsoid: a raster of the least distance from each lon/lat cell to any zone drops
the points no zone concerns in one lookup each, then grid cells of the remaining points
pick each zone's candidates. No polygon is ever built per incident.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geoincidents import settings, smallpages, zonebounds
from geoincidents.zonecells import cell_candidates
from geoincidents.zonebounds import (SPHERE_MARGIN, ReachGrid, Support, haversine_azimuth,
                                     haversine_m, segment_distance)

GEOD = settings.geod()

# -- points to zones ----------------------------------------------------------------

#: Points handled at once by `ZoneIndex.nearest` (bounds the temporaries' memory).
CHUNK_POINTS = 1 << 20
#: Candidate points handled at once by `ZoneIndex.pairs`: few enough that their float64
#: and int64 temporaries stay under numpy's huge-page size (`smallpages`), whose pages a
#: busy machine is slow to give (perf9: 0.10-0.17 s of system time at 5x10^6 points).
PAIRS_CHUNK = 1 << 18


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
        self._grid: tuple[float, int, ReachGrid | None] | None = None
        self._segments: list[np.ndarray] = []
        self._local: list[object] = []
        self._support: Support | None = None
        self._centre_trig: tuple[np.ndarray, np.ndarray] | None = None
        for j, geom in enumerate(self.geoms):
            xy = shapely.get_coordinates(geom)
            n = len(xy)
            self.cradius_m[j] = np.max(GEOD.inv(np.full(n, self.clon[j]), np.full(n, self.clat[j]),
                                                xy[:, 0], xy[:, 1])[2])
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
        # in place: Geod.inv writes into the arrays made here (the centre's, and copies of
        # the points) instead of copying all four and allocating its results
        az, _, dist = GEOD.inv(np.full(n, self.clon[j]), np.full(n, self.clat[j]),
                               np.array(lon, dtype="float64"), np.array(lat, dtype="float64"),
                               inplace=True)
        rad = np.radians(az, out=az)
        return dist * np.sin(rad), dist * np.cos(rad, out=rad)

    def centre_distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Great-circle distance (sphere) from points to zone j's centre; for pruning."""
        return haversine_m(lon, lat, self.clon[j], self.clat[j])

    def bounds_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of the distance from points to zone j, in metres."""
        d = self.centre_distance_m(lon, lat, j)
        return self._bounds(d, j)

    def _bounds(self, d: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        # the centre lies inside the zone, so the distance to it is an upper bound
        return np.maximum(d * (1 - SPHERE_MARGIN) - self.cradius_m[j], 0.0), \
            d * (1 + SPHERE_MARGIN)

    def pair_bounds_m(self, lon: np.ndarray, lat: np.ndarray, zone: np.ndarray,
                      centre_m: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds (metres) of the distance from each point to its zone:
        radial (the bounding circle) near a zone, directional (`zonebounds.Support`, how
        far the zone reaches toward the point) farther out. ``centre_m``: the points'
        great-circle distances to their zones' centres where known (`pairs_centres`), so
        only the azimuths are computed."""
        if self._support is None:
            self._support = Support([seg[:, :2] for seg in self._segments], self.cradius_m)
            p = np.radians(self.clat)
            self._centre_trig = np.cos(p), np.sin(p)
        cos1, sin1 = (t[zone] for t in self._centre_trig)
        if centre_m is None:
            d, azimuth = haversine_azimuth(self.clon[zone], self.clat[zone], lon, lat,
                                           trig1=(cos1, sin1))
        else:
            d, azimuth = centre_m, zonebounds.azimuth(self.clon[zone], lon, lat, cos1, sin1)
        return self._support.bounds(d, azimuth, zone, self.clat[zone])

    def distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Exact geodesic distance in metres from points to zone j (0 inside it)."""
        lon = np.atleast_1d(np.asarray(lon, dtype="float64"))
        lat = np.atleast_1d(np.asarray(lat, dtype="float64"))
        if not len(lon):
            return np.empty(0)
        x, y = self.local_xy(lon, lat, j)
        d = segment_distance(x, y, self._segments[j])
        d[shapely.intersects_xy(self._local[j], x, y)] = 0.0
        return d

    def pair_distance_m(self, lon: np.ndarray, lat: np.ndarray, zone: np.ndarray
                        ) -> np.ndarray:
        """`distance_m` of each point to its own zone ``zone`` (the same values): one
        geodesic call for all the pairs, then the edges zone by zone."""
        n = len(lon)
        out = np.empty(n)
        if not n:
            return out
        az, _, dist = GEOD.inv(self.clon[zone], self.clat[zone],
                               np.array(lon, dtype="float64"), np.array(lat, dtype="float64"),
                               inplace=True)
        rad = np.radians(az, out=az)
        x, y = dist * np.sin(rad), dist * np.cos(rad, out=rad)
        by_zone = np.argsort(zone.astype(np.uint16) if len(self) <= 1 << 16 else zone,
                             kind="stable")
        cuts = np.flatnonzero(np.diff(zone[by_zone])) + 1
        for rows in np.split(by_zone, cuts):
            j = zone[rows[0]]
            xs, ys = x[rows], y[rows]
            d = segment_distance(xs, ys, self._segments[j])
            d[shapely.intersects_xy(self._local[j], xs, ys)] = 0.0
            out[rows] = d
        return out

    def contains(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Whether points lie in zone j (boundary counts as inside)."""
        minx, miny, maxx, maxy = self.bbox[j]
        out = np.zeros(lon.shape, dtype=bool)
        cand = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        if cand.any():
            out[cand] = shapely.intersects_xy(self.geoms[j], lon[cand], lat[cand])
        return out

    # -- whole arrays at once ----------------------------------------------------------

    def pairs(self, lon, lat, radius_m, *, distances: bool = False) -> ZonePairs:
        """Every (point, zone) with the point in the zone or its radius reaching the zone.

        Parameters
        ----------
        lon, lat, radius_m : array_like
            Points in degrees and their uncertainty radii in metres (NaN counts as 0: such
            a point pairs only with the zones that hold it; points with missing
            coordinates match nothing).
        distances : bool, default False
            Compute the exact edge distance of every "possibly in" pair; by default it is
            computed only where the bounds leave the answer open.
        """
        return self.pairs_centres(lon, lat, radius_m, distances=distances)[0]

    def pairs_centres(self, lon, lat, radius_m, *, distances: bool = False
                      ) -> tuple[ZonePairs, np.ndarray]:
        """`pairs`, and each pair's great-circle distance (metres, on the pruning sphere)
        from its point to its zone's centre, which `pairs` computes anyway: for
        `pair_bounds_m` (``centre_m``)."""
        lon, lat, radius = (np.asarray(a, dtype="float64") for a in (lon, lat, radius_m))
        empty = ZonePairs(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool),
                          np.empty(0)), np.empty(0)
        if not len(lon) or not len(self):
            return empty
        # the largest radius, NaN if any is (max propagates NaN): no n-row mask to look
        top = float(radius.max())
        if np.isnan(top):
            radius = np.where(np.isnan(radius), 0.0, radius)
            top = float(radius.max())
        grid = self.reach_grid(top, len(lon))
        points = None if grid is None else grid.candidates(lon, lat, radius)
        chunks = (np.arange(s, min(s + PAIRS_CHUNK, len(lon))) if points is None
                  else points[s:s + PAIRS_CHUNK]
                  for s in range(0, len(lon) if points is None else len(points), PAIRS_CHUNK))
        pieces = self._pairs_of(chunks, lon, lat, radius, distances)
        if not pieces:
            return empty
        # joined once, in small pages: no array of the candidates' size but the result's
        point, zone, inside, dist, centre = (
            smallpages.concatenate([p[k] for p in pieces], dtype)
            for k, dtype in enumerate((np.int64, np.int64, bool, np.float64, np.float64)))
        return ZonePairs(point, zone, inside, dist), centre

    def reach_grid(self, reach_m: float, points: int = 1 << 22) -> ReachGrid | None:
        """The raster that drops points beyond ``reach_m`` of every zone, sized for
        ``points`` points (kept for the last reach asked: chunks of one table share it),
        or None where none fits."""
        if not np.isfinite(reach_m):
            return None
        cells = int(np.clip(points, *zonebounds.GRID_CELLS))
        if self._grid is None or self._grid[0] != reach_m or self._grid[1] < cells:
            grid = ReachGrid(self, reach_m, cells)
            self._grid = (reach_m, cells, grid if grid.ok else None)
        return self._grid[2]

    def _pairs_of(self, chunks, lon, lat, radius, distances) -> list[tuple[np.ndarray, ...]]:
        """`pairs` of the points at the positions in ``chunks`` (of at most `PAIRS_CHUNK`),
        in pieces (point, zone, inside, distance, centre distance).

        The chunks' grid cells give each zone its candidates, which are then measured
        zone by zone in batches of up to `PAIRS_CHUNK` (a zone's edges cost per call,
        not per point: one batch for all the chunks rather than one per chunk)."""
        out: list[tuple[np.ndarray, ...]] = []
        per_zone: list[list[np.ndarray]] = [[] for _ in range(len(self))]
        for points in chunks:
            points = points[~(np.isnan(lon[points]) | np.isnan(lat[points]))]
            bare = radius[points] == 0
            if bare.any():  # points without radius: only the zones that hold them
                out += self._inside_pairs(points[bare], lon, lat)
                points = points[~bare]
            if len(points):
                for j, pts in cell_candidates(self, lon[points], lat[points], radius[points],
                                              nearest=False):
                    per_zone[j].append(points[pts])
        for j, parts in enumerate(per_zone):
            batch: list[np.ndarray] = []
            for k, part in enumerate(parts):
                batch.append(part)
                if k + 1 == len(parts) or sum(map(len, batch)) + len(parts[k + 1]) > PAIRS_CHUNK:
                    pts = np.concatenate(batch) if len(batch) > 1 else part
                    out.append(self._zone_pairs(j, pts, lon, lat, radius, distances))
                    batch = []
        return out

    def _zone_pairs(self, j, points, lon, lat, radius, distances) -> tuple[np.ndarray, ...]:
        """The pairs of zone j among its candidate ``points`` (positions)."""
        x, y, r = lon[points], lat[points], radius[points]
        centre = self.centre_distance_m(x, y, j)
        lower, upper = self._bounds(centre, j)
        keep = lower <= r
        points, x, y, r, upper = points[keep], x[keep], y[keep], r[keep], upper[keep]
        centre = centre[keep]
        inside = self.contains(x, y, j)
        dist = np.where(inside, 0.0, np.nan)
        open_ = ~inside & ((upper > r) | distances)
        dist[open_] = self.distance_m(x[open_], y[open_], j)
        hit = inside | (upper <= r) | (dist <= r)
        return points[hit], np.full(int(hit.sum()), j, np.int64), inside[hit], dist[hit], \
            centre[hit]

    def _inside_pairs(self, points, lon, lat) -> list[tuple[np.ndarray, ...]]:
        """The (point, zone) pairs of the points at ``points`` with the zones holding them
        (the edge counts as in, in lon/lat; no distance is needed), in pieces as
        `_pairs_of` gives them."""
        found = []
        vlon, vlat = lon[points], lat[points]
        for j, pts in cell_candidates(self, vlon, vlat, np.zeros(len(points)), nearest=False):
            hit = pts[self.contains(vlon[pts], vlat[pts], j)]
            # the centre distance is not needed inside (no bounds order the "in" zones)
            found.append((points[hit], np.full(len(hit), j, np.int64), np.ones(len(hit), bool),
                          np.zeros(len(hit)), np.full(len(hit), np.nan)))
        return found

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
        full = len(valid) == len(lon)
        vlon, vlat = (lon, lat) if full else (lon[valid], lat[valid])
        n = len(valid)
        cap = np.full(n, np.inf)
        first = np.full(n, -1, dtype=np.int64)
        cands = []
        for j, alone, pts in cell_candidates(self, vlon, vlat, None, nearest=True,
                                              solo=True):
            first[alone] = j  # no other zone can be nearer: no bound needed
            if not len(pts):
                continue
            lower, upper = self._bounds(self.centre_distance_m(vlon[pts], vlat[pts], j), j)
            better = upper < cap[pts]
            cap[pts[better]] = upper[better]
            first[pts[better]] = j
            cands.append((j, pts, lower))
        # exact distance to the zone with the smallest upper bound, then to any other
        # zone whose lower bound does not rule it out
        bd = np.full(n, np.inf)
        by_zone = np.argsort(first.astype(np.uint16) if len(self) < 1 << 16 else first,
                             kind="stable")
        cuts = np.flatnonzero(np.diff(first[by_zone])) + 1
        for pts in np.split(by_zone, cuts):
            bd[pts] = self.distance_m(vlon[pts], vlat[pts], first[pts[0]])
        bj = first.copy()
        for j, pts, lower in cands:
            pts = pts[(lower <= bd[pts]) & (first[pts] != j)]
            if not len(pts):
                continue
            d = self.distance_m(vlon[pts], vlat[pts], j)
            better = d < bd[pts]
            bd[pts[better]] = d[better]
            bj[pts[better]] = j
        if full:
            best_j[:], best_d[:] = bj, bd
        else:
            best_j[valid], best_d[valid] = bj, bd


