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
import shapely
from pyproj import CRS

from geoincidents import settings
from geoincidents.zoneindex import CHUNK_POINTS, GEOD, ZoneIndex, ZonePairs

__all__ = ["CHUNK_POINTS", "GEOD", "ZoneIndex", "ZonePairs", "azimuth_deg", "buffers",
           "distance_m", "geodesic_buffer", "join_zones"]


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
