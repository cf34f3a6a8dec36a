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

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer

from geoincidents import settings

GEOD = Geod(ellps=settings.ellps)

#: Radius of the sphere used only to prune candidates; bounds carry a margin because the
#: ellipsoid's distances differ from the sphere's by up to 0.56 %.
_R_SPHERE = 6_371_008.8
_SPHERE_MARGIN = 0.01


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

class ZoneIndex:
    """Zone polygons prepared for repeated metric queries from coordinate arrays.

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
        # a bounding circle per zone: centre and the farthest vertex's distance from it
        centres = shapely.centroid(self.geoms)
        self.clon, self.clat = shapely.get_x(centres), shapely.get_y(centres)
        self.cradius_m = np.empty(len(self.geoms))
        for j, geom in enumerate(self.geoms):
            xy = shapely.get_coordinates(geom)
            self.cradius_m[j] = np.max(distance_m(self.clon[j], self.clat[j], xy[:, 0], xy[:, 1]))

    def __len__(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def _projected(self) -> list[tuple[Transformer, object]]:
        out = []
        for j, geom in enumerate(self.geoms):
            aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={self.clat[j]} +lon_0={self.clon[j]} "
                                  f"+ellps={settings.ellps} +units=m")
            fwd = Transformer.from_crs(settings.crs, aeqd, always_xy=True)
            local = shapely.transform(geom, lambda xy, t=fwd: np.column_stack(
                t.transform(xy[:, 0], xy[:, 1])))
            shapely.prepare(local)
            out.append((fwd, local))
        return out

    def centre_distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Great-circle distance (sphere) from points to zone j's centre; for pruning."""
        lat1, lat2 = np.radians(lat), np.radians(self.clat[j])
        dlat = lat2 - lat1
        dlon = np.radians(self.clon[j] - lon)
        h = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
        return 2 * _R_SPHERE * np.arcsin(np.sqrt(np.clip(h, 0, 1)))

    def bounds_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of the distance from points to zone j, in metres."""
        d = self.centre_distance_m(lon, lat, j)
        lower = np.maximum(d * (1 - _SPHERE_MARGIN) - self.cradius_m[j], 0.0)
        upper = (d + self.cradius_m[j]) * (1 + _SPHERE_MARGIN)
        return lower, upper

    def distance_m(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Exact geodesic distance in metres from points to zone j (0 inside it)."""
        fwd, local = self._projected[j]
        x, y = fwd.transform(lon, lat)
        return shapely.distance(local, shapely.points(x, y))

    def contains(self, lon: np.ndarray, lat: np.ndarray, j: int) -> np.ndarray:
        """Whether points lie in zone j (boundary counts as inside)."""
        minx, miny, maxx, maxy = self.geoms[j].bounds
        out = np.zeros(lon.shape, dtype=bool)
        cand = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        if cand.any():
            out[cand] = shapely.intersects_xy(self.geoms[j], lon[cand], lat[cand])
        return out


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
        Also find the nearest zone and its distance (costs a pass over all zones).

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


def _join_arrays(index: ZoneIndex, lon: np.ndarray, lat: np.ndarray, radius: np.ndarray, *,
                 nearest: bool) -> dict[str, np.ndarray]:
    n, m = len(lon), len(index)
    valid = ~(np.isnan(lon) | np.isnan(lat))
    # order zones smallest first so "the zone" of a nested point is the most specific
    order = np.argsort(index.area_m2, kind="stable")
    inside = [[] for _ in range(n)]
    possible: list[list[tuple[float, str]]] = [[] for _ in range(n)]
    best_d = np.full(n, np.inf)
    best_j = np.full(n, -1)
    if nearest and m:
        # the smallest upper bound over zones caps how far the nearest zone can be
        cap = np.full(n, np.inf)
        for j in range(m):
            cap = np.minimum(cap, index.bounds_m(lon, lat, j)[1])
    for j in order:
        lower, _ = index.bounds_m(lon, lat, j)
        reach = np.maximum(radius, cap) if nearest and m else radius
        cand = np.flatnonzero(valid & (lower <= reach))
        if not len(cand):
            continue
        d = index.distance_m(lon[cand], lat[cand], j)
        zid = index.ids[j]
        for i in cand[d == 0]:
            inside[i].append(zid)
        near_mask = (d > 0) & (d <= radius[cand])
        for i, dist in zip(cand[near_mask], d[near_mask]):
            possible[i].append((float(dist), zid))
        better = d < best_d[cand]
        best_d[cand[better]] = d[better]
        best_j[cand[better]] = j
    zone_id = np.array([z[0] if z else None for z in inside], dtype=object)
    out = {
        "zone_id": zone_id,
        "zones_in": np.array([";".join(z) if z else None for z in inside], dtype=object),
        "zones_possible": np.array([";".join(z for _, z in sorted(p)) if p else None
                                    for p in possible], dtype=object),
    }
    if nearest:
        found = best_j >= 0
        out["nearest_zone_id"] = np.where(found, index.ids[np.maximum(best_j, 0)], None)
        out["nearest_zone_m"] = np.where(found, best_d, np.nan)
    return out
