"""Metric geometry on the WGS84 ellipsoid: geodesic buffers, distances, and the zone join.

Everything here takes and returns longitudes and latitudes in degrees and lengths in
metres, and is correct anywhere on earth (no UTM zone is assumed):

- distances between points are `pyproj.Geod` inverse solutions;
- a buffer is a ring of points each exactly ``radius_m`` from the centre along a geodesic;
- the distance from a point to a zone polygon is measured in an azimuthal equidistant
  projection centred on that zone, where distances from the centre are exact and the
  distortion near a zone of a few km is far below a metre (see `ZoneIndex`).

The join works on coordinate arrays (`ZoneIndex.pairs`, in `geoincidents.zoneindex`)
and never builds a polygon per incident: buffers are for drawing.
"""

from __future__ import annotations


import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyproj import CRS

from geoincidents import joincolumns, settings, smallpages
from geoincidents.zonebounds import SPHERE_MARGIN
from geoincidents.zoneindex import CHUNK_POINTS, GEOD, ZoneIndex, ZonePairs

__all__ = ["CHUNK_POINTS", "GEOD", "ZoneIndex", "ZonePairs", "azimuth_deg", "buffers",
           "coordinates", "distance_m", "geodesic_buffer", "join_zones"]


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
    # the coordinates are read into two buffers of n + 1 that become the string columns'
    # offsets once the join has read them (`_join_arrays`); mapped and zeroed by the
    # kernel in one call, in small pages (`joincolumns.zeros_int64`): where numpy would
    # ask for huge pages, a busy VM hands out cold memory, 0.07-0.17 s of system time per
    # 40 MB at 5x10^6 rows against 0.01-0.02 (perf8)
    n = len(incidents)
    buffers = (joincolumns.zeros_int64(n + 1), joincolumns.zeros_int64(n + 1))
    lon, lat, radius = coordinates(incidents, radius_column,
                                   out=tuple(b.view(np.float64)[:n] for b in buffers))
    result = _join_arrays(index, lon, lat, radius, nearest=nearest, offsets=buffers)
    return pd.DataFrame(result, index=incidents.index)


def coordinates(incidents: gpd.GeoDataFrame, radius_column: str = "uncertainty_m", *,
                out: tuple[np.ndarray, np.ndarray] | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes, latitudes (EPSG:4326, reprojected if need be) and radii in metres
    (missing as 0) of point incidents, as the join reads them.

    ``out``: two float64 arrays of ``len(incidents)`` to read the longitudes and
    latitudes into (returned as they are), rather than new ones.
    """
    if incidents.crs is not None and not incidents.crs.equals(CRS(settings.crs)):
        incidents = incidents.to_crs(settings.crs)
    geoms = incidents.geometry.to_numpy()
    lon = shapely.get_x(geoms, out=None if out is None else out[0])
    lat = shapely.get_y(geoms, out=None if out is None else out[1])
    if radius_column in incidents:
        column = incidents[radius_column]
        # a float64 column as it is (to_numpy with na_value copies it)
        radius = column.to_numpy() if column.dtype == np.float64 else \
            column.to_numpy(dtype="float64", na_value=np.nan)
        # max propagates NaN: a missing radius is looked for without an n-row mask
        if len(radius) and np.isnan(radius.max()):
            radius = np.where(np.isnan(radius), 0.0, radius)
    else:
        radius = np.zeros(len(incidents))
    return lon, lat, radius


#: The dtype pandas gives a column of strings (what the columns held when they were built
#: from Python strings).
_STR = pd.StringDtype(na_value=np.nan)


def _join_arrays(index: ZoneIndex, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, *,
                 nearest: bool, offsets: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> dict[str, object]:
    """The join's columns. ``offsets``: two int64 arrays of n + 1 that hold ``lon`` and
    ``lat`` (their first n values, as float64), given up by the caller: once the
    coordinates are read they become the offsets of ``zone_id`` and ``zones_possible``
    (8 bytes a row each), so those take pages the process has already faulted in rather
    than 80 MB of fresh ones at 5x10^6 rows (perf7: fresh pages are most of the join's
    system time)."""
    n = len(lon)
    buffers = list(offsets or (None, None))
    pairs, centre = index.pairs_centres(lon, lat, radius)
    labels = pa.array(index.ids.tolist(), pa.large_string())
    # one thread: the "possibly in" column made on a second one (perf3) overlapped only
    # the "in" columns (~0.1 s at 5x10^6) and ran ~2x slower there (0.7 s vs 0.35 s);
    # `_join_arrays` 0.87-1.18 s with it, 0.81-0.83 s without (quiet machine)
    ins = np.flatnonzero(pairs.inside)
    # by point, smallest zone first: one int64 key per pair, all different
    ins = ins[_argsort_ints(pairs.point[ins] * max(len(index), 1)
                            + index.rank[pairs.zone[ins]], own=True)]
    in_point, in_zone = pairs.point[ins], pairs.zone[ins]
    out: dict[str, object] = {}
    if nearest:
        best_j, best_d = index.nearest(lon, lat)
        out["nearest_zone_id"] = _strings(labels.take(pa.array(best_j, mask=best_j < 0)))
        out["nearest_zone_m"] = np.where(best_j >= 0, best_d, np.nan)
    pos, point = _possible_in_order(index, lon, lat, pairs, centre)
    del lon, lat  # read for the last time: ``offsets`` may now be overwritten
    first = np.flatnonzero(joincolumns.group_starts(in_point))
    zone_id = joincolumns.scatter(n, in_point[first], joincolumns.take(labels, in_zone[first]),
                                  offsets=buffers[0])
    out["zone_id"] = _strings(zone_id)
    out["zones_in"] = _strings(joincolumns.zones_in(n, zone_id, in_point, in_zone, first,
                                                    labels))
    out["zones_possible"] = _strings(
        joincolumns.joined_column(n, point, smallpages.take(pairs.zone, pos), labels,
                                  offsets=buffers[1]))
    return {k: out[k] for k in ("zone_id", "zones_in", "zones_possible", "nearest_zone_id",
                                "nearest_zone_m") if k in out}


#: Lifts a bound (metres, below 10^8: half the earth is 2 * 10^7) by its point's group
#: number into one sortable float.
_LIFT = 1e8
#: Distances closer than this (metres, plus 10^-9 of the distance) count as meeting; it
#: covers the rounding of lifted keys (groups below 2^44: 2^-8 m).
_MEET_M = 0.02


def _possible_in_order(index: ZoneIndex, lon, lat, pairs: ZonePairs,
                       centre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the "possibly in" pairs by point, then nearest zone first (then id),
    and their points (``pairs.point`` at those positions).

    ``centre``: each pair's great-circle distance to its zone's centre
    (`ZoneIndex.pairs_centres`). Exact distances are needed only to order a point's zones
    where their bounds meet: the zones of a point sorted by lower bound fall into runs of
    meeting intervals, and a run of one zone takes its place by its bounds alone. The
    bounds are refined in two steps: radial ones from ``centre`` (no trigonometry) split
    each point's zones into runs; only the zones of crowded runs get the directional
    bounds (`ZoneIndex.pair_bounds_m`), which split those runs again; only the zones
    still crowded then get exact distances.
    """
    possible = ~pairs.inside
    # by point (within a point, the order is made below, which leaves the points as they
    # are: ``by_point`` holds them for the caller too)
    # (arrays of the pairs' size in small pages, not numpy's huge ones: `smallpages`)
    rows = smallpages.flatnonzero(possible)
    pos, by_point = _sort_rows(smallpages.take(pairs.point, rows), rows)
    # a pair shares its point with another unless it starts its run and the next does too
    starts = joincolumns.group_starts(by_point)
    several = ~(starts & np.append(starts[1:], True))
    if not several.any():
        return pos, by_point
    rows = pos[several]
    point, zone = by_point[several], pairs.zone[rows]
    dist = pairs.distance_m[rows]
    # radial bounds, the exact distance where the pairs have it (few: ~5 %); in place
    d = centre[rows]
    lower = np.multiply(d, 1 - SPHERE_MARGIN)
    lower -= index.cradius_m[zone]
    np.maximum(lower, 0.0, out=lower)
    upper = np.multiply(d, 1 + SPHERE_MARGIN, out=d)
    known = np.flatnonzero(~np.isnan(dist))
    lower[known] = upper[known] = dist[known]
    order, run, crowded = _runs(np.cumsum(joincolumns.group_starts(point)) - 1, lower, upper)
    rows, point, zone, dist = rows[order], point[order], zone[order], dist[order]
    c = np.flatnonzero(crowded)
    if len(c):
        lower, upper = index.pair_bounds_m(lon[point[c]], lat[point[c]], zone[c],
                                           centre[rows[c]])
        exact = ~np.isnan(dist[c])
        lower[exact], upper[exact] = dist[c][exact], dist[c][exact]
        order, run, crowded = _runs(run[c], lower, upper)
        sub = c[order]
        need = sub[crowded & np.isnan(dist[sub])]
        dist[need] = index.pair_distance_m(lon[point[need]], lat[point[need]], zone[need])
        # within each run still crowded: by exact distance, ties by zone id
        id_rank = np.empty(len(index), dtype=np.int64)
        id_rank[np.argsort(index.ids, kind="stable")] = np.arange(len(index))
        tied = sub[crowded]
        sub[crowded] = tied[np.lexsort((id_rank[zone[tied]], dist[tied], run[crowded]))]
        rows[c] = rows[sub]
    pos[several] = rows
    return pos, by_point


def _runs(group: np.ndarray, lower: np.ndarray, upper: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows with distance bounds, in groups (``group`` non-decreasing, non-negative),
    sorted by group then lower bound (``order``), and split into runs of meeting
    intervals: each sorted row's run number (increasing) and whether its run has other
    rows (``crowded``)."""
    if group[-1] < 1 << 44:
        # stable (timsort): the rows come by group already, so it sorts only within the
        # groups' few rows (3x faster than numpy's default sort on 336k rows)
        order = np.argsort(group * _LIFT + lower, kind="stable")
    else:  # too many groups to lift exactly
        order = np.lexsort((lower, group))
    group, lower, upper = group[order], lower[order], upper[order]
    # a row starts a run where its lower bound is beyond every upper bound before it in
    # its group
    lift = group * _LIFT
    reach = np.maximum.accumulate(upper * (1 + 1e-9) + _MEET_M + lift) - lift
    run_start = joincolumns.group_starts(group)
    run_start[1:] |= lower[1:] > reach[:-1]
    run = np.cumsum(run_start) - 1
    return order, run, np.bincount(run)[run] > 1


def _argsort_ints(key: np.ndarray, *, own: bool = False) -> np.ndarray:
    """A stable argsort of non-negative int64 keys: the keys shifted left with each
    position in the low bits, sorted as values (numpy sorts int64 values with SIMD, ~5x
    faster than it argsorts them: 842k point numbers, 9 ms against 22 ms).

    ``own``: ``key`` is a temporary of the caller's, which the packed keys may overwrite
    (one array of its size fewer)."""
    bits = max(int(len(key) - 1).bit_length(), 1)
    if not len(key) or int(key.max()) >= 1 << (63 - bits):
        return np.argsort(key, kind="stable")
    packed = key if own and key.dtype == np.int64 and key.flags.writeable \
        else key.astype(np.int64)
    packed <<= bits
    packed |= np.arange(len(key))
    packed.sort()
    packed &= (1 << bits) - 1
    return packed


def _sort_rows(key: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``rows`` (increasing, non-negative) in a stable order of their non-negative int64
    ``key`` (a temporary of the caller's, which may be overwritten), and the keys in that
    order: each row packed into the low bits of its key and the packed values sorted, so
    that neither rows nor keys are gathered by a permutation afterwards (two random reads
    of the pairs fewer than `_argsort_ints` and two takes)."""
    bits = max(int(rows[-1]).bit_length(), 1) if len(rows) else 1
    if not len(key) or int(key.max()) >= 1 << (63 - bits):
        order = np.argsort(key, kind="stable")
        return rows[order], key[order]
    packed = key if key.dtype == np.int64 and key.flags.writeable else key.astype(np.int64)
    packed <<= bits
    packed |= rows
    packed.sort()
    sorted_rows = np.bitwise_and(packed, (1 << bits) - 1,
                                 out=smallpages.zeros(len(packed), np.int64))
    packed >>= bits
    return sorted_rows, packed


def _strings(values: pa.Array):
    """A column of strings as pandas infers it from Python strings and None: its string
    dtype (missing as NaN), or objects (None) when every value is missing."""
    if values.null_count == len(values):
        return np.full(len(values), None, dtype=object)
    return pd.array(values, dtype=_STR)
